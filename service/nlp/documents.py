"""Who wrote or gave each document an article mentions: "a recent analysis by X", "X's report",
"a speech Jane Doe delivered", "a report released by the agency". A document with a known author
speaks for that author ("the analysis says" is X's); one without speaks for itself.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from service.nlp.entities import Cluster
from service.nlp.lexicon import DOCUMENT_NOUNS, REPORTING_VERBS

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


def _giver_subjects(doc_noun: Token) -> list[Token]:
    """The subject of the verb that gives the document ``doc_noun`` out as its own: "the club
    issued a report that said", "Doe fired back a response saying" (what it writes, sends or
    releases, or its retort), "Forbes shot back in an article stating", "the agency said in a
    statement" (a verb of speech or a retort, in or with the document). Not "Doe cited a report
    saying", nor "Doe was named in a report"."""
    verb = doc_noun.head
    if doc_noun.dep_ == "pobj" and verb.lower_ in ("in", "with") and verb.dep_ == "prep":
        verb = verb.head
        given = verb.lemma_.lower() in REPORTING_VERBS or _retort(verb)
    else:
        given = doc_noun.dep_ == "dobj" and (verb.lemma_.lower() in AUTHORING_VERBS or _retort(verb))
    return [c for c in verb.children if c.dep_ == "nsubj"] if given and verb.pos_ == "VERB" else []


def _retort(verb: Token) -> bool:
    """"shot back", "fired back", "hit back": a verb of answering an attack."""
    return any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in verb.children)


class Documents:
    """The document nouns of an article with a known author, in text order."""

    def __init__(self, doc: Doc, index: dict[int, Cluster]) -> None:
        # (document noun, authors, whether a later mention with the same head word is theirs too)
        self._authored: list[tuple[Token, list[Cluster], bool]] = []
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
                carries = bool(authors)
                if not authors:
                    # The giver's, for what the document itself is said to say; a later "the
                    # statement" may well be cited as a text of its own.
                    authors = actors_in(index, _giver_subjects(tok))
                if authors:
                    self._authored.append((tok, authors, carries))

    def authors(self, tok: Token) -> list[Cluster]:
        """The authors of the document ``tok`` heads, or of the last one before it with the same
        head word ("the analysis" after "an analysis by X": X); none when no such document had one."""
        lemma = tok.lemma_.lower()
        # "A report", "two other emails": another document than the one before, only its own authors.
        new = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another", "some") or c.dep_ == "nummod"
                  or c.lower_ in ("other", "new") for c in tok.children)
        for prev, authors, carries in reversed(self._authored):
            if (prev.i == tok.i or prev.i < tok.i and not new and carries) and prev.lemma_.lower() == lemma:
                return authors
        return []
