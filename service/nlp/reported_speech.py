"""Reported speech as claims: "X said (that) ...", a cue set into the statement ("The plan, she
said, is dead."), "X reported divisions ...", "according to X" and "As X told Y, ...". The content
is the reported clause or the rest of the sentence, less what lies inside quotation marks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from service.nlp.clauses import clause_taken_for_adverbial, clause_taken_for_object, that_clause_on_a_modifier
from service.nlp.cues import ClaimDraft, dates_near, is_cue, is_speech, subject
from service.nlp.coordinated_clauses import cut_before_hung_subject, own_subject
from service.nlp.lexicon import CLAUSE_VERBS, STATEMENT_ACTS

if TYPE_CHECKING:
    from service.nlp.attribution import Attributor

# The most words between a clause's last word and the next clause's verb ("... and others have also said").
MAX_AUXILIARIES = 6
# Verbs whose direct object is itself what was said ("reported divisions", "disclosed a plan").
OBJECT_VERBS = {"report", "reveal", "disclose"}


def is_cue_or_act(tok: Token) -> bool:
    """Whether ``tok`` reports speech or an act of speech ("said", "accused")."""
    return is_cue(tok) or tok.lemma_.lower() in STATEMENT_ACTS and tok.pos_ == "VERB"


def _content_spans(clause: Token) -> list[tuple[int, int]]:
    """The clause's text, split where "..., and that ..." starts a second reported clause."""
    split_at = [c for c in clause.children if c.dep_ == "conj"
                and any(g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in c.children)]
    parts = []
    skip = set()
    for c in split_at:
        skip |= {t.i for t in c.subtree}
    # "said the plan was dead and added that ...": the parser often hangs the speaker's next
    # cue off the reported verb; that cue and what follows it are another claim, not this one.
    for t in clause.subtree:
        if t.dep_ == "conj" and t.i > clause.i and is_cue(t) and t.head.i == clause.i:
            skip |= {u.i for u in t.subtree} | {u.i for u in clause.subtree if u.i > t.i}
        elif t.dep_ in ("advcl", "conj") and t.i > clause.i and t.head.i == clause.i and is_cue(t) \
                and any(c.dep_ == "nsubj" for c in t.children):
            skip |= {u.i for u in t.subtree}  # "..., although officials have said ...": their own claim
    tokens = [t for t in clause.subtree if t.i not in skip]
    parts.append(tokens)
    for c in split_at:
        parts.append(list(c.subtree))
    spans = []
    for toks in parts:
        # the clause's own "that" goes; the "if" or "because" of a clause inside it stays ("said that
        # if the vote fails, ..." keeps its condition, which is part of what was said)
        while toks and (toks[0].dep_ == "mark" and toks[0].head.dep_ != "advcl" or toks[0].is_punct
                        or toks[0].lower_ in ("that", "and")):
            toks = toks[1:]
        while toks and (toks[-1].is_punct or toks[-1].lower_ in ("and", "but")) and toks[-1].text not in ("?", "!"):
            toks = toks[:-1]
        if len(toks) >= 3:
            spans.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
    return spans


def reported_claims(att: Attributor) -> None:
    """A claim for every that-clause (or misparsed "that" clause) of a cue with a speaker outside
    a quotation; "mixed" when part of the clause is quoted, none when it is mostly the quotation."""
    for verb in att.doc:
        if not is_cue(verb) or verb.lemma_.lower() not in CLAUSE_VERBS:
            continue
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        if not clauses:
            # "said in a statement that ...", "said legalizing it would help"
            on_modifier = that_clause_on_a_modifier(verb) or clause_taken_for_object(verb) \
                or clause_taken_for_adverbial(verb)
            clauses = [on_modifier] if on_modifier is not None else []
        misparsed = _that_clause_misparsed(att, verb) if not clauses else None
        if not clauses and misparsed is None:
            continue
        if _claim_inverted_in_statement(att, verb, clauses):
            continue
        subj = subject(verb)
        if subj is None:
            continue
        if att.inside_quote(verb.idx, verb.idx + len(verb.text)):
            continue
        clauses = [c for c in clauses if subj not in c.subtree]  # the speaker is no part of what was said
        # "said A, and one in five said B": B is a statement of its own, by its own subject
        clauses = [c for c in clauses if not is_cue_or_act(c) or own_subject(c) is None]
        if not clauses and misparsed is None:
            continue
        speakers = att.speakers.resolve(subj, any_noun=is_speech(verb))
        if not speakers:
            continue  # "the siege revealed": no speaker; "the data show", "researchers found": sources
        spans = [span for clause in clauses for span in _content_spans(clause)]
        for clause in clauses:
            if clause.dep_ == "advcl":  # "said on Monday she would ...": the time is the saying's
                own = next(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")).left_edge.idx
                spans = [(max(s, own), e) for s, e in spans]
        for clause in clauses:
            # the next clause's verb follows the clause's last word (and its own auxiliaries) at once:
            # a few words are read, never the rest of a long sentence
            after = att.doc[clause.right_edge.i + 1:clause.right_edge.i + 1 + MAX_AUXILIARIES]
            stop = cut_before_hung_subject(clause, [t for t in after if is_cue_or_act(t)])
            if stop is not None:  # "... the route and others have told us": the first clause ends at "and"
                spans = [(s, min(e, len(att.text[:stop].rstrip(" ,;")))) for s, e in spans if s < stop]
        if misparsed is not None:
            spans = [misparsed]
        spans = _fronted_clauses_joined(att, verb, spans)
        for start, end in spans:
            if att.quoted_share(start, end) > 0.6 and any(
                    c.kind == "direct" and c.start < end and start < c.end for c in att.claims):
                continue  # the quotation itself, already a direct claim (a short one is not: "want “justice”")
            kind = "mixed" if att.quoted_share(start, end) > 0 else "indirect"
            att.claims.append(ClaimDraft(kind, [(start, end)], speakers, verb,
                                         dates_near(verb, [(start, end)], att.sent_dates)))


# What may stand between two reported clauses that are one statement: "A, and B, the army said".
JOINERS = frozenset(", ; and but — –".split())


def _fronted_clauses_joined(att: Attributor, verb: Token, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clauses that come before their cue and follow each other with only a comma or "and"
    between are one statement: "Two wells ran dry on Monday, and a third failed the day before,
    the ministry said" is one attribution (a reader, and annotators, read it so), not two."""
    if len(spans) < 2 or any(e > verb.idx for _s, e in spans):
        return spans
    joined = [spans[0]]
    for start, end in spans[1:]:
        gap = att.text[joined[-1][1]:start].split()
        if all(w in JOINERS for w in gap) and len(gap) <= 2:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def parenthetical_claims(att: Attributor) -> None:
    """"The plan, she said, is dead." / "The plan is dead, she said.": a cue set into or after
    the statement, which the parser hangs off the statement's verb (parataxis)."""
    for verb in att.doc:
        if verb.dep_ != "parataxis" or not is_cue(verb) or verb.lemma_.lower() not in CLAUSE_VERBS \
                or any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
            continue
        subj = subject(verb)
        if subj is None or att.inside_quote(verb.idx, verb.idx + len(verb.text)):
            continue
        cue_phrase = {t.i for t in verb.subtree}
        if subj.head.i != verb.i:
            # "The appeal, union members and leaders say, is ...": speakers the parser hung on the
            # statement's subject; their phrase, from the comma before them, is the cue's
            start = _set_off_start(subj, verb)
            if start is None:
                continue
            cue_phrase |= set(range(start, verb.i))
            for parsed in (c for c in verb.children if c.dep_ == "nsubj" and c.i < start):
                cue_phrase -= {t.i for t in parsed.subtree if t.i < start}  # the statement's own subject
        tokens = [t for t in verb.head.subtree if t.i not in cue_phrase and not t.is_space]
        content = att.content_segments(tokens, 12)
        if content is None:
            continue  # too short, or a quotation around its cue: a direct claim
        segments, form = content
        speakers = att.speakers.resolve(subj, any_noun=is_speech(verb))
        if speakers:
            att.claims.append(ClaimDraft(form, segments, speakers, verb, dates_near(verb, segments, att.sent_dates)))


def _claim_inverted_in_statement(att: Attributor, verb: Token, clauses: list[Token]) -> bool:
    """"Any fair reading of the deal, said Jane Doe, an analyst, would call it a retreat": an
    inverted cue set into the statement, which the parser read as the statement's subject saying
    and the name after the cue as the subject of the rest. The name is who spoke; the phrase before
    the cue and the clause without the name are what was said. Adds that claim and answers whether
    it did (False when the sentence is not of this shape: the usual reading holds)."""
    doc = verb.doc
    if not is_speech(verb) or verb.i < 2 or doc[verb.i - 1].text != "," \
            or att.inside_quote(verb.idx, verb.idx + len(verb.text)):
        return False
    before = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i - 1), None)
    for clause in clauses:
        name = next((c for c in clause.children if c.dep_ == "nsubj" and c.left_edge.i == verb.i + 1), None)
        if before is None or name is None or clause.i < verb.i \
                or not (name.pos_ == "PROPN" or name.ent_type_ in ("PERSON", "ORG")):
            continue
        last = name.right_edge.i
        if doc[last].text != "," and (last + 1 >= len(doc) or doc[last + 1].text != ","):
            continue  # "..., said Doe would win": no name set off, the usual reading holds
        named = {t.i for t in name.subtree}
        tokens = [t for t in before.subtree] + [t for t in clause.subtree if t.i not in named]
        content = att.content_segments(tokens, 12)
        speakers = att.speakers.resolve(name, any_noun=True)
        if content is None or not speakers:
            return False
        segments, form = content
        att.claims.append(ClaimDraft(form, segments, speakers, verb, dates_near(verb, segments, att.sent_dates)))
        return True
    return False


def _set_off_start(subj: Token, verb: Token) -> int | None:
    """The comma opening a speaker's phrase set off right before its cue ("..., union members
    say,"), when only nouns and their words lie between it and the cue; None otherwise."""
    doc = verb.doc
    k = subj.i
    while k > verb.sent.start and doc[k - 1].text != ",":
        k -= 1
    if k <= verb.sent.start or subj.i >= verb.i \
            or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in doc[k:verb.i]):
        return None
    return k - 1


def _that_clause_misparsed(att: Attributor, verb: Token) -> tuple[int, int] | None:
    """"The report states that few if any ...": the parser took the complementiser "that"
    right after the cue for an object or a subordinate's mark; the clause is the rest of the
    sentence."""
    doc = att.doc
    if verb.i + 2 >= len(doc):
        return None
    that = doc[verb.i + 1]
    if that.lower_ != "that" or that.tag_ != "IN" or that.head.i == verb.i and that.dep_ == "mark":
        return None
    if not (that.head.i == verb.i or verb in that.head.ancestors):
        return None
    tokens = [t for t in doc[that.i + 1:verb.sent.end] if not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ("?", "!"):
        tokens = tokens[:-1]
    if len(tokens) < 4:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def reported_object_claims(att: Attributor) -> None:
    """"X reported divisions between ...": a reporting verb whose object is the content."""
    for verb in att.doc:
        if verb.lemma_.lower() not in OBJECT_VERBS or verb.pos_ != "VERB":
            continue
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        subj = subject(verb)
        if obj is None or subj is None or any(c.dep_ == "ccomp" for c in verb.children):
            continue
        toks = list(obj.subtree)
        if len(toks) < 5 or att.inside_quote(toks[0].idx, toks[-1].idx + 1):
            continue
        speakers = att.speakers.resolve(subj)
        if not speakers:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        att.claims.append(ClaimDraft("indirect", [(start, end)], speakers, verb, dates_near(verb, [(start, end)], att.sent_dates)))


def according_to_claims(att: Attributor) -> None:
    """"According to X, <statement>": the rest of the sentence is X's, outside quotation marks."""
    for tok in att.doc:
        if tok.lower_ != "according":
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        phrase = {t.i for t in tok.subtree}
        if obj is None and to is not None:
            # "According to Doe the plan ..." (no comma): the parser takes the name for a verb
            # and the statement for its object; the speaker is the name right after "to".
            obj = _name_after(att, to)
            if obj is None:
                continue
            phrase = set(range(tok.i, obj.i + 1))
        if obj is None:
            continue
        speakers = att.speakers.resolve(obj, any_noun=True)
        if not speakers:
            continue
        sent = tok.sent
        # The statement is the rest of the sentence around "according to X".
        tokens = [t for t in sent if t.i not in phrase]
        while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("and", ",")):
            tokens = tokens[:-1]
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        if len(tokens) < 3:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if att.inside_quote(start, end):
            continue
        att.claims.append(ClaimDraft("according_to", [(start, end)], speakers, tok, []))


def as_said_claims(att: Attributor) -> None:
    """"As X told Y, <statement>": the main clause is what X said."""
    for verb in att.doc:
        if not is_cue(verb) or verb.dep_ != "advcl" or verb.lemma_.lower() not in CLAUSE_VERBS \
                or any(c.dep_ == "ccomp" for c in verb.children) \
                or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            continue
        main = verb.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or main.pos_ not in ("VERB", "AUX") or main.i < verb.i:
            continue
        phrase = {t.i for t in verb.subtree}
        tokens = [t for t in main.subtree if t.i not in phrase]
        while tokens and (tokens[0].is_punct or tokens[0].i < verb.i):
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct:
            tokens = tokens[:-1]
        if len(tokens) < 3:
            continue
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if att.inside_quote(start, end) or att.quoted_share(start, end) > 0.6:
            continue
        speakers = att.speakers.resolve(subj)
        if speakers:
            att.claims.append(ClaimDraft("indirect", [(start, end)], speakers, verb,
                                         dates_near(verb, [(start, end)], att.sent_dates)))


def _name_after(att: Attributor, to: Token) -> Token | None:
    """The last word of the capitalised name that follows ``to``, if one does."""
    index = att.speakers.index
    last = None
    for t in att.doc[to.i + 1:min(len(att.doc), to.i + 6)]:
        if t.i in index or t.is_title and not t.is_sent_start and t.lower_ not in ("the", "a", "an"):
            if last is not None and last.i in index and t.i in index and index[t.i] is not index[last.i]:
                break
            last = t
            continue
        break
    return last
