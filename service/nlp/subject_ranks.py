"""How a person's mention ranks as the topic a pronoun goes on with: the subject of a main clause,
of what somebody else said, or of a clause that only sets a scene or describes a noun.

"Doe said Roe would run. He ..." goes on with Doe, who spoke; Roe is only talked about. The rank
is read from the parse alone (which clause a mention is the subject of), so that the resolver in
`antecedents.py` can weigh the mentions near a pronoun. The noun a relative "who" stands for is
read from the parse too.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from service.nlp.entities import Cluster
from service.nlp.lexicon import GROUP_SUFFIX_NOUNS, PERSON_NOUNS, REPORTING_VERBS

PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f"}
# How a mention ranks as a pronoun's antecedent near by: the one who speaks (or acts) in a main
# clause, a subject inside what someone else said, anybody else.
MAIN_SUBJECT, REPORTED_SUBJECT, OTHER = 2, 1, 0
# Conjunctions of a clause that sets the scene of the main one, by time or cause ("until" and
# "before" rather bring on the next event: "Doe cheered until Roe reached his last words").
SCENE_MARKERS = {"when", "after", "as", "while", "since", "because", "once", "whenever"}


def subject_rank(doc: Doc, index: dict[int, Cluster], start: int, end: int) -> int:
    """How the mention ``doc[start:end]`` (``index``: token → cluster) ranks as a subject: a
    clause's subject (or the name in apposition to it, or after an inverted cue with no subject
    before it) is MAIN_SUBJECT, unless its clause is what somebody else is reported to have said or
    a relative clause ("the town where Roe grew up"), both REPORTED_SUBJECT; a passive's agent or a person
    whose relative clause speaks ("supported by Jane Doe, who said") acts without being the
    subject and ranks as REPORTED_SUBJECT too; anything else is OTHER."""
    head = doc[start:end].root
    if head.dep_ in ("compound", "flat") and head.head.i not in range(start, end) and head.head.tag_ != "NNS":
        # "Minister Jane Doe" parsed with the title as the head (not "Doe voters": the voters).
        head = head.head
    if head.dep_ == "appos":
        head = head.head
    verb = head.head
    if head.dep_ not in ("nsubj", "nsubjpass"):
        # The inverted cue: "..., said Jane Doe".
        inverted = head.i == verb.i + 1 and verb.lemma_.lower() in REPORTING_VERBS \
            and head.dep_ in ("dobj", "npadvmod", "attr", "dative") \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)  # not "Doe told Roe"
        if inverted:
            return MAIN_SUBJECT
        return REPORTED_SUBJECT if agent(head) or speaks_in_relative_clause(head) else OTHER
    if in_reported_clause(verb) or in_scene_clause(verb, index) or verb.dep_ == "relcl":
        # A relative clause describes its noun: "the town where Roe grew up" is about the town.
        return REPORTED_SUBJECT
    return MAIN_SUBJECT


def in_scene_clause(verb: Token, index: dict[int, Cluster]) -> bool:
    """Whether ``verb`` heads a clause that, after a person's main clause, only sets its scene
    ("Roe smiled [when Doe asked about it]"): its subject is less the topic than Roe. (Before
    the main clause, "While Doe agreed, he said" introduces the topic; after a main clause about
    no person, "The split was complete when Doe spoke", it is the one person.)"""
    main = verb.head
    if verb.dep_ != "advcl" or verb.i < main.i \
            or not any(c.dep_ in ("mark", "advmod") and c.lower_ in SCENE_MARKERS for c in verb.children):
        return False
    for subj in main.children:
        if subj.dep_ in ("nsubj", "nsubjpass"):
            c = index.get(subj.i)
            return subj.lower_ in PERSON_PRONOUNS or c is not None and c.kind == "Person"
    return False


def in_reported_clause(verb: Token) -> bool:
    """Whether ``verb`` heads (or lies in) the clause a reporting verb with a subject of its
    own says: "Doe said [Roe would run]"; a participle of speech after a main clause speaks
    for that clause's subject ("Critics objected, saying [taxes were the problem]")."""
    child = verb
    for anc in verb.ancestors:
        if child.dep_ in ("ccomp", "parataxis") and anc.lemma_.lower() in REPORTING_VERBS \
                and (any(c.dep_ in ("nsubj", "nsubjpass") for c in anc.children) or trailing_participle(anc)):
            return True
        child = anc
    return False


def agent(tok: Token) -> bool:
    """Whether ``tok`` is who acts in a clause's passive verb: "was supported by [Jane Doe]" (not in
    a phrase's participle, "tools used by Jane Doe", which only describes a thing)."""
    return tok.dep_ == "pobj" and tok.head.dep_ == "agent" and tok.head.head.dep_ in ("ROOT", "conj")


def speaks_in_relative_clause(tok: Token) -> bool:
    """Whether a relative clause on ``tok`` has it speak: "Jane Doe, who said ..."."""
    return any(c.dep_ == "relcl" and c.lemma_.lower() in REPORTING_VERBS
               and any(g.dep_ == "nsubj" and g.lower_ == "who" for g in c.children) for c in tok.children)


def trailing_participle(verb: Token) -> bool:
    """Whether ``verb`` is a participle hung after the verb of a main clause ("objected, saying"),
    whose subject is that clause's."""
    return verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i < verb.i


def according_to(tok: Token) -> bool:
    """Whether ``tok`` is the source in "according to <source>"."""
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ == "to" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "according"


def _human(tok: Token, index: dict[int, Cluster]) -> bool:
    """Whether ``tok`` names people: a person, a nationality or party, a person noun or a plural."""
    c = index.get(tok.i)
    if c is not None:
        return c.kind == "Person" or tok.ent_type_ == "NORP"
    return tok.lemma_.lower() in PERSON_NOUNS or tok.lower_ in GROUP_SUFFIX_NOUNS \
        or tok.tag_ in ("NNS", "NNPS") or tok.ent_type_ == "NORP"


def who_antecedent(noun: Token, index: dict[int, Cluster]) -> Token:
    """The noun a relative "who" stands for, given the noun the parser hung its clause on:
    "Democrats on Capitol Hill, who argued", "listeners to his radio show who said": the parser
    hangs "who" on the place or thing ending the phrase; it relates to the people the phrase is
    about."""
    while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and not _human(noun, index):
        prep = noun.head
        owner = prep.head
        if owner.pos_ in ("VERB", "AUX"):
            # "calm farmers on the hill, who ...": the phrase hung on the verb, after its object
            # or after a phrase of its own ("took calls from listeners to his show who said").
            before = next((c for c in owner.children if c.right_edge.i + 1 == prep.i), None)
            if before is not None and before.dep_ == "prep":
                before = next((c for c in before.children if c.dep_ == "pobj"), None)
            if before is not None and before.dep_ in ("dobj", "pobj"):
                owner = before
        if owner.pos_ not in ("NOUN", "PROPN") or not _human(owner, index):
            break
        noun = owner
    return noun
