"""Who wrote or gave each document an article mentions: "a recent analysis by X", "X's report",
"a speech Jane Doe delivered", "a report released by the agency". A document with a known author
speaks for that author ("the analysis says" is X's); one without speaks for itself.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from service.nlp.entities import Cluster
from service.nlp.lexicon import DOCUMENT_NOUNS

# Verbs that make their subject (or "by" phrase) the author of the document they describe.
AUTHORING_VERBS = frozenset("give deliver write send release publish issue pen post tweet author sign "
                            "commission conduct prepare draft file".split())
# What a person says or writes in their own name: "according to a speech Jane Doe gave" is hers.
AUTHORED_NOUNS = DOCUMENT_NOUNS | frozenset("speech remarks interview tweet email e-mail message column op-ed "
                                            "memoir".split())


def actors_in(index: dict[int, Cluster], tokens: list[Token], preps: tuple[str, ...] = ()) -> list[Cluster]:
    """The people and organisations named in the subtrees of ``tokens``, in order; a prepositional
    phrase counts only when its preposition is among ``preps``."""
    found: list[Cluster] = []
    for t in tokens:
        if t.dep_ == "prep" and t.lower_ not in preps:
            continue
        for sub in t.subtree:
            c = index.get(sub.i)
            if c is not None and c.kind in ("Organization", "Person") and c not in found:
                found.append(c)
    return found


class Documents:
    """The document nouns of an article with a known author, in text order."""

    def __init__(self, doc: Doc, index: dict[int, Cluster]) -> None:
        self._authored: list[tuple[Token, list[Cluster]]] = []
        for tok in doc:
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in AUTHORED_NOUNS:
                authors = actors_in(index, [c for c in tok.children if c.dep_ in ("prep", "poss")],
                                    preps=("by", "from", "of"))
                if not authors:
                    # "a speech Jane Doe gave", "a report released by the agency": who gave it
                    # (not "a report examined by the paper").
                    authors = actors_in(index, [g for c in tok.children if c.dep_ in ("relcl", "acl")
                                                and c.lemma_.lower() in AUTHORING_VERBS
                                                for g in c.children if g.dep_ in ("nsubj", "agent")],
                                        preps=("by",))
                if authors:
                    self._authored.append((tok, authors))

    def authors(self, tok: Token) -> list[Cluster]:
        """The authors of the document ``tok`` heads, or of the last one before it with the same
        head word ("the analysis" after "an analysis by X": X); none when no such document had one."""
        lemma = tok.lemma_.lower()
        # "A report", "two other emails": another document than the one before, only its own authors.
        new = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "some") or c.dep_ == "nummod"
                  or c.lower_ in ("other", "new") for c in tok.children)
        for prev, authors in reversed(self._authored):
            if (prev.i == tok.i or prev.i < tok.i and not new) and prev.lemma_.lower() == lemma:
                return authors
        return []
