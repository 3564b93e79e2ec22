"""Reported clauses the parser hung in the wrong place.

"She said in a statement that the race is over" / "said during a news conference that he may wait":
the parser often takes the that-clause for a clause about the noun before it (the statement, the
conference) instead of the verb's complement. A clause opened by "that" as its complementiser,
attached to a noun in the verb's own prepositional or adverbial phrases, is the verb's reported
clause. A relative "that" (the subject or object of its clause: "a statement that was released")
is not a complementiser and is left alone.
"""

from __future__ import annotations

from spacy.tokens import Token

# The phrases between a reporting verb and its clause: "in a statement", "on Friday", "earlier".
MODIFIER_DEPS = ("prep", "pobj", "npadvmod", "advmod", "compound", "det", "amod", "poss", "nummod")


def that_clause_on_a_modifier(verb: Token) -> Token | None:
    """The head of a "that" clause misattached to a noun in the verb's modifiers, if there is one."""
    for child in verb.children:
        if child.i < verb.i or child.dep_ not in ("prep", "npadvmod"):
            continue
        for tok in child.subtree:
            if tok.dep_ not in ("acl", "relcl") or tok.i <= verb.i:
                continue
            first = tok.left_edge
            if first.lower_ != "that" or first.dep_ != "mark" or first.head.i != tok.i:
                continue
            node = tok.head
            while node.i != child.i and node.dep_ in MODIFIER_DEPS:
                node = node.head
            if node.i == child.i:
                return tok
    return None


# Verbs of speech whose object is almost never a plain noun phrase: an "object" with a finite verb
# inside is the reported clause misparsed ("said the rise in prices also makes ...").
CLAUSE_ONLY_VERBS = frozenset("say add argue insist".split())
FINITE_TAGS = ("VBD", "VBZ", "VBP", "MD")


def clause_taken_for_object(verb: Token) -> Token | None:
    """The head of a reported clause the parser took for the verb's object or for a gerund
    complement: "He said legalizing it could create jobs" (xcomp "legalizing"), "She says the rise
    in prices that critics decry also makes ..." (dobj "rise"). It must hold a finite verb of its
    own and start right after the verb (or after "that")."""
    if verb.lemma_.lower() not in CLAUSE_ONLY_VERBS:
        return None
    for child in verb.children:
        if child.i < verb.i or child.dep_ not in ("dobj", "xcomp"):
            continue
        if child.dep_ == "xcomp" and (child.tag_ not in ("VBG", *FINITE_TAGS)
                                      or any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)):
            continue  # "said to be": an infinitive is no clause; "which they say left a gap" is one
        tokens = list(child.subtree)
        gap = verb.doc[verb.i + 1:tokens[0].i]
        if any(not (t.is_punct or t.lower_ == "that") for t in gap):
            return None
        if len(tokens) >= 5 and any(t.tag_ in FINITE_TAGS for t in tokens):
            return child
    return None


def clause_taken_for_adverbial(verb: Token) -> Token | None:
    """The reported clause the parser took for an adverbial clause when a phrase of time or place
    stands between it and the verb: "She said after the vote she would not run again" (advcl
    "run", with "after the vote" hung on it). It must have a subject and a finite or modal verb of
    its own, and no conjunction of its own ("said it when she was ...", "said so because ...")."""
    if verb.lemma_.lower() not in CLAUSE_ONLY_VERBS:
        return None
    for child in verb.children:
        if child.i < verb.i or child.dep_ != "advcl" or any(c.dep_ in ("mark", "advmod") and c.i < child.i
                                                            and c.lower_ != "that" for c in child.children):
            continue
        subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < child.i), None)
        finite = child.tag_ in FINITE_TAGS or any(c.dep_ == "aux" and c.tag_ in FINITE_TAGS for c in child.children)
        if subj is not None and finite:
            return child
    return None
