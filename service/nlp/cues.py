"""What every claim rule shares: the draft claim, which tokens are cues, and a cue's subject and dates."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from service.nlp.entities import Cluster
from service.nlp.lexicon import (BELIEF_VERBS, BODY_NOUNS, DOCUMENT_NOUNS, FINDING_VERBS, GROUP_SUFFIX_NOUNS,
                                 GROUP_WORDS, INSTITUTION_NOUNS, MEDIA_NOUNS, PERSON_NOUNS, REPORTING_VERBS,
                                 SOURCE_NOUNS, SPEECH_VERBS, STATEMENT_ACTS)
from service.nlp.coordinated_clauses import hung_subject
from service.nlp.documents import AUTHORED_NOUNS, AUTHORING_VERBS
from service.nlp.set_off_subjects import QUOTE_MARKS, speaker_set_off, subject_before_commas


@dataclass
class ClaimDraft:
    kind: str
    segments: list[tuple[int, int]]
    speakers: list[Cluster]
    cue: Token | None = None
    date_tokens: list[Span] = field(default_factory=list)
    attribution: str | None = None  # statement, belief or finding (ir.AttributionKind); None: from the cue

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]


def is_cue(tok: Token) -> bool:
    """Whether the token is a verb that reports speech, writing, findings or beliefs."""
    return tok.lemma_.lower() in REPORTING_VERBS and tok.pos_ in ("VERB", "AUX")


def is_speech(tok: Token) -> bool:
    """Whether the token is a verb of speech or writing proper (its subject is always a speaker)."""
    return tok.lemma_.lower() in SPEECH_VERBS


def subject(verb: Token) -> Token | None:
    """The token naming who does ``verb``: its subject, the name after an inverted cue, or the
    subject of the verb it is coordinated with or subordinated to."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if is_cue(verb) and any(c.dep_ == "nsubjpass" for c in subjects):
        # "... was written by Jane Doe": the passive's "by" phrase is who wrote it.
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent
    # A subject across a quotation mark from the verb lies inside the quotation: talked about, not
    # the one talking ("“My plan, that was ...,” the adviser said", "said on “Meet the Press.”").
    outside = [c for c in subjects if _quotation_around(c) is None or _quotation_around(verb) is not None]
    if subjects and not outside:
        return _subject_after_quotation(verb)
    subjects = outside
    if len(subjects) > 1:
        # A misparse with several subjects ("Acme co - founder Jane Doe tweeted"): the name
        # nearest before the verb, if there is one.
        named = [c for c in subjects if c.i < verb.i and (c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG"))]
        return named[-1] if named else subjects[0]
    giver = _giver_of_relative(verb) if subjects else None
    if giver is not None and (given_by := subject(giver)) is not None:
        return given_by  # "Doe released a video that said ...": Doe's words, not the video's
    if subjects:
        set_off = speaker_set_off(verb, subjects[0])
        return set_off if set_off is not None else subjects[0]
    hung = hung_subject(verb) if is_cue(verb) or verb.lemma_.lower() in STATEMENT_ACTS else None
    if hung is not None:
        return hung  # "said A and Roe accused B": "Roe" hung on a noun of A
    # Inverted cue after a quotation: "..., added KCNA." (the parser often calls it an object).
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    # "..., said Jane Doe": the name's last word hangs off the verb, its first words off that one
    while nxt is not None and is_speech(verb) and nxt.dep_ in ("compound", "flat") and nxt.head.i > nxt.i \
            and nxt.head.i - verb.i <= 4:
        nxt = nxt.head
    # Inverted only after a comma or quotation mark and with no clause of its own: "encouraged
    # voters to ..." names whom, "said Monday" when.
    # "..., telling Reuters" and "told the paper" name whom, never who.
    inverted = verb.i > verb.sent.start and verb.doc[verb.i - 1].is_punct and verb.tag_ != "VBG" \
        and verb.lemma_.lower() != "tell" and not any(c.dep_ in ("xcomp", "ccomp") and c.i > verb.i for c in verb.children)
    if inverted and nxt is not None and nxt.head == verb and nxt.dep_ in ("dobj", "npadvmod", "attr", "dative") \
            and (nxt.pos_ == "PROPN" or nxt.ent_type_ in ("PERSON", "ORG")) and nxt.ent_type_ not in ("DATE", "TIME"):
        return nxt
    after_quotation = _subject_after_quotation(verb)
    if after_quotation is not None:
        return after_quotation
    main = _main_clause_of_participle(verb)
    if main is not None:
        return subject(main)
    before = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    if verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "acl") and before is not None \
            and (before.ent_type_ == "PERSON" or before.pos_ == "PROPN" and not before.ent_type_) \
            and before.dep_ in ("pobj", "dobj"):
        # "footage of Jane Doe asking, “...”", "heard Jane Doe saying", "ended with Roe asking" (a
        # name the model did not tag): she asks
        return before
    head = verb.head
    if verb.dep_ == "conj" and head.dep_ == "ccomp" and is_cue(head.head) and is_cue(verb):
        return subject(head.head)  # "X said A and added B", with "added" hung off A's verb
    if verb.dep_ == "xcomp" and head.pos_ == "VERB":
        # "forced Doe to admit", "urged her to explain": the object is who speaks
        obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i
                    and (c.pos_ in ("PROPN", "PRON") or c.ent_type_ in ("PERSON", "ORG", "NORP"))), None)
        if obj is not None:
            return obj
    if verb.dep_ in ("conj", "xcomp", "advcl") and head.pos_ in ("VERB", "AUX"):
        return subject(head)
    return _participle_subject(verb) or subject_before_commas(verb)


# How a clause hangs inside the sentence's main clause, for a participle to climb out of it.
INNER_CLAUSE_DEPS = ("ccomp", "advcl", "relcl", "acl", "pcomp", "xcomp", "pobj", "prep")


# What sets a participle's phrase off from the clause before it: ", saying", "— saying".
PARTICIPLE_OPENERS = (",", ";", "—", "–", "--")
# A clause's children that complete it: a clause hung on a noun that has one is what the noun
# holds ("the idea that he would be a drag"), one without is a relative clause with a gap.
COMPLETING_DEPS = ("dobj", "attr", "acomp", "ccomp", "xcomp", "oprd", "nsubjpass")


def _opens_participle(verb: Token) -> bool:
    """Whether a comma or dash sets off the phrase ``verb`` opens (also ',” adding': a comma inside
    the closing quotation mark of the clause before)."""
    doc, i = verb.doc, verb.i - 1
    if i > verb.sent.start and doc[i].text in QUOTE_MARKS:
        i -= 1
    return i > verb.sent.start and doc[i].text in PARTICIPLE_OPENERS


def _held_by_a_noun(clause: Token) -> bool:
    """"rejected the idea that he would be a drag", "denied the claim that a merger is near": a
    complete clause the parser hung on an object noun (one that completes its verb, or one opened by
    the conjunction "that"), through which a participle after it climbs to the verb that has that
    object."""
    return clause.dep_ in ("acl", "relcl") and clause.head.dep_ in ("dobj", "attr") \
        and any(c.dep_ in COMPLETING_DEPS and c.tag_ not in ("WDT", "WP")
                or c.dep_ == "mark" and c.lower_ == "that" and c.i < clause.i for c in clause.children)


def _main_clause_of_participle(verb: Token) -> Token | None:
    """"Doe said the plan reminds him of a book, explaining, “...”": a participle of speech set off
    by a comma at the end of a sentence tells what the main clause's subject did, wherever the
    parser hung it (on the reported clause's verb, on a relative clause, on a clause an object
    noun holds): the main clause's verb."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "conj", "xcomp") or not _opens_participle(verb):
        return None
    top = verb.head
    # Up to the main clause, or to a cue with a subject of its own (", Doe added, saying": Doe),
    # never across "and"/"but" into another clause, nor into a quotation the parser hung it on.
    while top.head.i != top.i and (top.dep_ in INNER_CLAUSE_DEPS or top.pos_ in ("NOUN", "PROPN")
                                   and top.dep_ in ("dobj", "attr") and top.head.pos_ in ("VERB", "AUX")) \
            and not (_quotation_around(top.head) is not None and _quotation_around(top) is None) \
            and not (is_cue(top) and _quotation_around(top) is None
                     and any(c.dep_ in ("nsubj", "nsubjpass") for c in top.children)):
        if top.dep_ in ("acl", "relcl") and top.head.dep_ in ("dobj", "attr") and not _held_by_a_noun(top):
            break  # "a charge that leaders denied, noting": the relative clause's own act
        top = top.head
    if top.i == verb.i or top.i == verb.head.i and _quotation_around(top) is None or top.pos_ not in ("VERB", "AUX"):
        return None  # hung on the main clause already: the rules below read it
    return top


_QUOTE_INDEX = "newskg.cues.quote_index"  # the document's key in ``doc.user_data``


def _quote_index(doc: Doc) -> tuple[list, list[int], list[int]]:
    """The document's quotations (none when the quotations component has not run) in text order,
    with their starts and, sorted, their ends: built once per document, so that finding the
    quotation around a token is a bisection, not a scan (``subject`` runs for every cue)."""
    quotes = (doc._.nkg_quotes if Doc.has_extension("nkg_quotes") else None) or []
    cached = doc.user_data.get(_QUOTE_INDEX)
    if cached is None or cached[0] is not quotes:
        ordered = sorted(quotes, key=lambda q: q.start)
        cached = (quotes, ordered, [q.start for q in ordered], sorted(q.end for q in ordered))
        doc.user_data[_QUOTE_INDEX] = cached
    return cached[1:]


def _quotation_around(tok: Token):
    """The quotation (``doc._.nkg_quotes``) that token ``tok`` lies in, if any (quotations do not
    overlap: only the last one starting at or before it can hold it)."""
    ordered, starts, _ends = _quote_index(tok.doc)
    i = bisect_right(starts, tok.idx) - 1
    return ordered[i] if i >= 0 and tok.idx < ordered[i].end else None


# The longest name and title between a quotation and its cue ("Deputy Police Chief Jane Ann Doe").
MAX_NAME_TOKENS = 8


def _subject_after_quotation(verb: Token) -> Token | None:
    """"“...,” Deputy Chief Jane Doe said Monday": the name between a quotation's closing mark and
    a verb of speech whose only subject the parser found inside the quotation, or that it hung on
    a word inside the quotation. The first phrase between commas is read ("Jane Doe, an adviser,
    said"): its last proper name, else its last noun."""
    if not is_speech(verb) or _quotation_around(verb) is not None:
        return None
    doc = verb.doc
    _ordered, _starts, ends = _quote_index(doc)
    k = bisect_right(ends, verb.idx)  # the last quotation closing in this sentence before the verb
    if k == 0 or ends[k - 1] < verb.sent.start_char:
        return None
    last_end = ends[k - 1]
    head_quoted = _quotation_around(verb.head) is not None and verb.head.i < verb.i
    if not (head_quoted or verb.dep_ == "ROOT") or any(
            c.dep_ in ("nsubj", "nsubjpass") and _quotation_around(c) is None for c in verb.children):
        return None
    phrase = []
    for t in doc[verb.sent.start:verb.i]:
        if t.idx < last_end:
            continue
        if t.text == "," and phrase:
            break
        if not (t.is_punct or t.is_space):
            phrase.append(t)
    if not phrase or len(phrase) > MAX_NAME_TOKENS or any(t.tag_ in ("VBD", "VBZ", "VBP", "VBN", "VBG", "MD") for t in phrase):
        return None
    names = [t for t in phrase if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")]
    nouns = [t for t in phrase if t.pos_ in ("NOUN", "PRON")]
    return names[-1] if names else nouns[-1] if nouns else None


# Occasions of speech: "at a rally saying ..." is the speaker's act, not the rally's.
EVENT_NOUNS = frozenset("conference briefing interview rally event hearing meeting speech appearance address "
                        "session forum debate ceremony gathering town hall".split())


def _participle_subject(verb: Token) -> Token | None:
    """Who does a cue written as a participle: "X ended by saying ..." (the verb the phrase hangs
    off), "X issued a statement saying ..." (who issued the document), "voters saying ..." (the
    noun it describes)."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX") and head.head.i != verb.i:
        return subject(head.head)
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.dep_ in ("dobj", "advmod") \
            and head.head.pos_ in ("NOUN", "ADV") and head.head.head.pos_ == "VERB":
        # "made a point of saying ...", "offered little aside from stating ...": who did the verb
        # the object or adverb hangs off
        return subject(head.head.head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN") and head.i < verb.i:
        lemma = head.lemma_.lower()
        if (lemma in DOCUMENT_NOUNS or lemma in SOURCE_NOUNS) and head.dep_ == "dobj" \
                and head.head.pos_ == "VERB":
            issuer = subject(head.head)
            if issuer is not None:
                return issuer
        holder = _speaking_through(head) if is_speech(verb) or verb.lemma_.lower() in STATEMENT_ACTS else None
        if holder is not None and (giver := subject(holder)) is not None:
            # "fired back a response saying", "shot back in an article stating": whoever wrote it
            return giver
        addressed = _giver_of_addressed(head) if is_speech(verb) or verb.lemma_.lower() in STATEMENT_ACTS else None
        if addressed is not None and (giver := subject(addressed)) is not None:
            return giver  # "mailed a letter to members saying": the sender's words
        if head.dep_ == "pobj" and head.tag_ == "NN" and lemma in EVENT_NOUNS and head.head.head.pos_ == "VERB":
            # "she said at a news conference announcing ...": who spoke there, not the event
            speaker = subject(head.head.head)
            if speaker is not None:
                return speaker
        return head
    return None


# Prepositions of the means a subject speaks through: "in an article", "with a note", "via email".
MEANS_PREPS = frozenset("in with via through".split())
# Verbs that give out the thing they take as object ("issued a reply", "made an attempt"), besides
# those with "out" or "back" ("rolled out ads", "fired back a response").
GIVING_VERBS = AUTHORING_VERBS | frozenset("make air run launch unveil share".split())
# Endings of nouns for people by what they do ("supporters", "protesters", "organisers"): such a
# noun before "saying" is who says it, not a thing someone speaks through.
AGENT_ENDINGS = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians")
# Nouns that may themselves speak (people, groups, bodies, media): "supporters saying" are speakers.
SPEAKING_NOUNS = PERSON_NOUNS | GROUP_SUFFIX_NOUNS | GROUP_WORDS | BODY_NOUNS | INSTITUTION_NOUNS | MEDIA_NOUNS
# Things that say something although their noun ends like an agent's ("a flyer saying").
SAYING_THINGS = DOCUMENT_NOUNS | SOURCE_NOUNS


def _speaking_through(noun: Token) -> Token | None:
    """The verb whose subject speaks through a thing that "says" something: the verb the thing is
    the object of ("fired back a response saying"), or that it follows as the means ("responded
    with a note on the story saying", "wrote in an article stating"). None when the noun may be a
    speaker (a name, a person, a group, a body), a document whose author the speakers' rules
    find (``documents.AUTHORED_NOUNS``), or no such object."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or noun.ent_type_ or lemma in AUTHORED_NOUNS or lemma in SPEAKING_NOUNS \
            or noun.lower_.endswith(AGENT_ENDINGS) and lemma not in SAYING_THINGS:
        return None
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head  # "a note on the story": the note
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ in MEANS_PREPS else noun.head
    if verb.pos_ != "VERB" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None  # "was named in a memo saying": not the memo's giver
    if noun.dep_ == "dobj" and not _gives_out(verb):
        return None  # "received calls saying", "cited a poll saying": someone else's words
    return verb if noun.dep_ in ("dobj", "pobj") else None


def _gives_out(verb: Token) -> bool:
    """Whether ``verb`` gives out its object: a giving verb, or one with "out" or "back" ("rolled out
    ads", "fired back a response"; the model tags "back" as a particle or as an adverb)."""
    return verb.lemma_.lower() in GIVING_VERBS \
        or any(c.dep_ in ("prt", "advmod") and c.lower_ in ("out", "back") for c in verb.children)


def _giver_of_addressed(noun: Token) -> Token | None:
    """"mailed a letter to its members saying": the participle describes the letter, not the
    people it went to; the verb that gave the letter out (active, with the letter as its object)."""
    prep = noun.head
    thing = prep.head
    if thing.pos_ == "VERB":  # "to" hung on the verb: the object before it is what was sent
        thing = next((c for c in thing.children if c.dep_ == "dobj" and c.i < prep.i), thing)
    if noun.dep_ != "pobj" or prep.lower_ != "to" or thing.pos_ != "NOUN" or thing.dep_ != "dobj" \
            or thing.lemma_.lower() not in SAYING_THINGS | AUTHORED_NOUNS:
        return None
    verb = thing.head
    if verb.pos_ != "VERB" or not _gives_out(verb) or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return None
    return verb


def _giver_of_relative(verb: Token) -> Token | None:
    """"released a video that said", "published a column that argued": a relative clause of speech
    on a thing someone gave out speaks for the giver (``_speaking_through``); the giver's verb."""
    if verb.dep_ != "relcl" or not (is_speech(verb) or is_cue(verb)) \
            or not any(c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in verb.children):
        return None
    return _speaking_through(verb.head)


def dates_near(verb: Token, exclude: list[tuple[int, int]], sent_dates: dict[int, list[Span]]) -> list[Span]:
    """Date expressions attached to the cue (outside the claim's content); ``sent_dates`` holds
    each sentence's DATE entities by the sentence's first token (``Span.ents`` scans the whole doc)."""
    out = []
    for ent in sent_dates.get(verb.sent.start, ()):
        if any(s <= ent.start_char < e for s, e in exclude):
            continue
        # Only dates that hang off the cue verb, not off another clause of the sentence.
        head = ent.root
        while head.dep_ not in ("ROOT",) and head != verb and head.head != head:
            if head.pos_ in ("VERB", "AUX") and head != verb:
                break
            head = head.head
        if head == verb:
            out.append(ent)
    return out


def attribution_kind(verb: Token | None, speakers: list[Cluster]) -> str:
    """A belief ("X believes", "X wants to"), a finding ("the poll found", "records show": a
    finding verb whose source is no person) or a statement (everything said or written)."""
    if verb is None:
        return "statement"
    lemma = verb.lemma_.lower()
    if lemma in BELIEF_VERBS:
        return "belief"
    if lemma in FINDING_VERBS and not any(s.kind == "Person" for s in speakers):
        return "finding"
    return "statement"

