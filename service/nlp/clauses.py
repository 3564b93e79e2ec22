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
