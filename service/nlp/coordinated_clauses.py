"""Clauses joined by "and" that each have a subject of their own: "Two in three said A, and one in
five said B", "Doe said A and Roe accused the council of B". The parser often hangs the
second clause on the first one's verb of speech, as more of what was said, or hangs its subject on
the last noun of the first clause, as a conjunct ("the route and others have told us"). The
second clause is then another statement, by its own subject, and the first one stops before "and".
"""

from __future__ import annotations

from spacy.tokens import Token

# The conjunctions that join two clauses of their own.
CONJUNCTIONS = ("and", "but")
# What a subject hung on the noun before can be: "others", "Democrats", "one in four", "they".
SUBJECT_POS = ("NOUN", "PROPN", "NUM", "PRON")
# The longest subject phrase looked for right before its verb ("nearly three in five").
MAX_SUBJECT_TOKENS = 6


def hung_subject(verb: Token) -> Token | None:
    """The subject of ``verb`` that the parser hung as a conjunct on a noun of the clause before:
    "said they will refuse the route and others have told us ..." ("others" a conjunct of
    "route"). ``verb`` has no subject of its own and hangs on a verb of speech (as its
    clause, or as a verb joined to it); the phrase right before it follows "and" or "but" and is a
    conjunct of a word inside a clause of that verb of speech, earlier in the sentence."""
    if verb.dep_ not in ("ccomp", "conj") or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    doc = verb.doc
    last = verb.left_edge.i - 1  # before the verb's auxiliaries and adverbs
    if last <= verb.sent.start:
        return None
    phrase = next((t for t in doc[max(verb.sent.start, last - MAX_SUBJECT_TOKENS):last + 1]
                   if t.dep_ == "conj" and t.right_edge.i == last and t.pos_ in SUBJECT_POS), None)
    if phrase is None or phrase.left_edge.i <= verb.sent.start \
            or doc[phrase.left_edge.i - 1].lower_ not in CONJUNCTIONS:
        return None
    speech = verb.head
    said = [c for c in speech.children if c.dep_ == "ccomp" and c.i < phrase.i]
    if not any(c.left_edge.i <= phrase.head.i <= c.right_edge.i for c in said):
        return None  # "Doe met Roe and Poe, and then said": the noun before is no clause's
    return phrase


def own_subject(clause: Token) -> Token | None:
    """The subject of ``clause`` (a clause the parser hung on a verb of speech after another one of
    its clauses) when that subject opens a clause of its own after "and" or "but": "said A, and
    one in five said B". None when it is more of what was said ("said A and that B")."""
    speech = clause.head
    if clause.dep_ != "ccomp" or not any(c.dep_ == "ccomp" and c.i < clause.i for c in speech.children) \
            or any(c.dep_ == "mark" for c in clause.children):
        return None
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < clause.i), None)
    if subj is None:
        return hung_subject(clause)
    before = subj.left_edge.i - 1
    return subj if before > clause.sent.start and clause.doc[before].lower_ in CONJUNCTIONS else None


def cut_before_hung_subject(clause: Token, verbs: list[Token]) -> int | None:
    """The character offset where ``clause`` (what a verb of speech said) stops because the
    subject of a later clause of its own was hung inside it ("they will refuse the route
    [and others] have said"): the offset of that "and"; ``verbs`` are the verbs of speech right
    after the clause."""
    for verb in verbs:
        subj = hung_subject(verb)
        if subj is not None and clause.left_edge.i <= subj.i <= clause.right_edge.i:
            return verb.doc[subj.left_edge.i - 1].idx
    return None
