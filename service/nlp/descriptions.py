"""Which named person "the senator" is: the last one the article gave that title.

An article names a person once with a title ("Sen. Jane Doe", "Jane Doe, the governor of X,",
"Jane Doe, a senator") and later calls them by the title alone ("the senator said"). The title is
read from the word before a mention of the name or from a title noun in apposition to it; the
abbreviations and their spelled-out forms count as one title ("Gov." and "governor").
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from service.nlp.entities import Cluster
from service.nlp.lexicon import TITLE_ABBREVIATIONS

# The titles a description ("the senator") stands for, and the other words for the same title; the
# abbreviations ("Sen.", "Gov.") are the roles' own (``TITLE_ABBREVIATIONS``).
TITLES = frozenset("senator governor representative president mayor judge general secretary minister ambassador "
                   "chancellor".split())
_SAME_TITLE = {"senators": "senator", "governors": "governor", "congressman": "representative",
               "congresswoman": "representative"}


def title_of(word: str) -> str:
    """The title a word writes ("Sen." → "senator", "congresswoman" → "representative"), or ""."""
    word = word.lower().rstrip(".")
    word = TITLE_ABBREVIATIONS.get(word) or _SAME_TITLE.get(word, word)
    return word if word in TITLES else ""


class Titles:
    """The named people of a document with the titles the text gives them, in text order."""

    def __init__(self, doc: Doc, clusters: list[Cluster], index: dict[int, Cluster]) -> None:
        entries: list[tuple[int, str, Cluster]] = []
        for c in clusters:
            if c.kind != "Person" or not c.named:
                continue
            for s, e in c.spans:
                for title in self._titles_at(doc, index, c, s, e):
                    entries.append((s, title, c))
        entries.sort(key=lambda x: x[0])
        self._starts = [s for s, _t, _c in entries]
        self._entries = entries

    @staticmethod
    def _titles_at(doc: Doc, index: dict[int, Cluster], c: Cluster, s: int, e: int) -> set[str]:
        found = set()
        if s > 0 and title_of(doc[s - 1].text):
            found.add(title_of(doc[s - 1].text))  # "Sen. Jane Doe"
        if title_of(doc[s].text):
            found.add(title_of(doc[s].text))  # the title inside the mention
        head = doc[s:e].root
        # "Jane Doe, the governor of X," / "Jane Doe, a senator": a title noun in apposition.
        for child in head.children:
            if child.dep_ == "appos" and index.get(child.i) is None and title_of(child.text):
                found.add(title_of(child.text))
        if head.dep_ == "appos" and index.get(head.head.i) is None and title_of(head.head.text):
            found.add(title_of(head.head.text))  # "the governor, Jane Doe,"
        return found

    def person(self, tok: Token) -> tuple[int, Cluster] | None:
        """The named person last given the title that ``tok`` (the head of "the senator")
        writes, before it in the text, with where they were given it; None when the word is no
        title, names another office ("the president of the bank"), or nobody had the title."""
        title = title_of(tok.text)
        if not title or any(c.dep_ == "prep" for c in tok.children):
            return None
        for k in range(bisect_left(self._starts, tok.i) - 1, -1, -1):
            s, t, c = self._entries[k]
            if t == title:
                return s, c
        return None
