"""Whether a cue reports something said at all: "Doe did not say that the tax would rise" and "if
the council confirms that the plan is legal" report nothing Doe or the council said. A claim made
from such a cue would tell a reader that someone said what they did not, so it is left out.

Only reported claims are judged: a quotation was said by someone whatever verb stands next to it.
Refusals with their own verb ("declined to say whether ...") stay claims of that refusal.
"""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.cues import subject

# Conjunctions that make a clause a condition, not a report ("if she says", "unless he confirms").
CONDITION_MARKS = frozenset("if unless".split())
# After "not", words that make it "not only said ... but": the saying stands.
_NOT_ONLY = frozenset("only just merely simply".split())
# Verbs whose negation asserts their complement: "could not resist pointing out", "did not hesitate
# to say", "could not help saying", "never failed to mention", "would not stop saying".
_NEGATION_ASSERTS = frozenset("resist hesitate help fail stop cease".split())
# Subjects that say nobody spoke: "nobody said", "none of them claimed" ("no one", "no official" by
# their determiner).
_NOBODY = frozenset("nobody none noone".split())
# Verbs that ask, urge or dare someone to say something, which tells nothing of whether they did:
# "urged her to confirm that ...", "daring her to claim that ...", "called on him to explain".
# ("forced her to admit", "got him to concede" are not here: she did admit.)
_REQUESTING = frozenset("ask urge dare challenge invite encourage press pressure push beg implore call "
                        "prod nudge goad".split())


def negated(cue: Token) -> bool:
    """"did not say", "never claimed", "would not confirm", "didn't want to say", "no official
    said": the cue, the verb whose complement it is, or its subject carries a negation before it.
    "has not just claimed ..., she has proved it" and "could not resist saying" are not ones."""
    verb = cue
    while True:
        for child in verb.children:
            # a "not" after the verb belongs to what follows ("promising ..., probably not what ...")
            if child.dep_ == "neg" and child.i < verb.i and verb.lemma_.lower() not in _NEGATION_ASSERTS \
                    and not (child.i + 1 < len(cue.doc) and cue.doc[child.i + 1].lower_ in _NOT_ONLY):
                return True
            if child.dep_ == "nsubj" and (child.lower_ in _NOBODY
                                          or any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)):
                return True
        if verb.dep_ not in ("xcomp", "pcomp") or verb.head is verb:
            return False
        verb = verb.head  # "did not want to say": the negation sits on "want"


def conditional(cue: Token) -> bool:
    """"If the council confirms that ...", "unless the board says ...": the cue's clause is a
    condition of the sentence, not a report of it."""
    return cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in cue.children)


def requested(cue: Token) -> bool:
    """"Urged her to confirm that ...", "daring her to claim that ...": the cue is the infinitive of
    a verb that asks, urges or dares someone to say it, and the claim would be that someone's, who
    has not said it. ("Doe begged reporters to ask about ...", read as Doe's, is Doe's request.)"""
    head = cue.head
    if not (cue.dep_ in ("xcomp", "ccomp") and head.i < cue.i and head.pos_ == "VERB"
            and head.lemma_.lower() in _REQUESTING and any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children)):
        return False
    asked = [c for c in (*head.children, *cue.children) if c.dep_ in ("dobj", "nsubj") and head.i < c.i < cue.i]
    return subject(cue) in asked


def asserted(cue: Token | None) -> bool:
    """Whether a reported claim's cue says that something was said (or written, found, believed):
    not negated, not a condition, not a request to say it. A claim with no cue ("according to")
    is asserted."""
    return cue is None or not (negated(cue) or conditional(cue) or requested(cue))
