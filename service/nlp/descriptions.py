"""Which named person "the senator" is: the last one the article gave that title.

An article names a person once with a title ("Sen. Jane Doe", "Jane Doe, the governor of X,",
"Jane Doe, a senator") and later calls them by the title alone ("the senator said"), or by the
title with some of the words it came with ("the Democratic nominee" after "Democratic
presidential nominee Jane Doe"). The title is read from the words before a mention of the name
or from a title noun in apposition to it; the abbreviations and their spelled-out forms count as
one title ("Gov." and "governor"). A description is the titled person only when their words are
compatible: "the president" is not the person named "Vice President", "the Republican nominee"
not the one named "Democratic nominee", "the Ohio governor" not "Utah Gov. Jane Doe".
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
# Roles, beyond titles, that one person holds in a story and is then called by: "the nominee".
ROLES = frozenset("nominee candidate frontrunner front-runner spokesman spokeswoman spokesperson chairman "
                  "chairwoman".split())
# Words that make a title another office: "Vice President", "deputy director".
RANK_WORDS = frozenset("vice deputy assistant associate lieutenant under".split())
# Parties, by the words news writes for them.
PARTY_WORDS = {"republican": "republican", "gop": "republican", "democratic": "democratic",
               "democrat": "democratic", "libertarian": "libertarian", "green": "green",
               "conservative": "conservative", "tory": "conservative", "labour": "labour", "liberal": "liberal"}


def title_of(word: str) -> str:
    """The title a word writes ("Sen." → "senator", "congresswoman" → "representative"), or ""."""
    word = word.lower().rstrip(".")
    word = TITLE_ABBREVIATIONS.get(word) or _SAME_TITLE.get(word, word)
    return word if word in TITLES else ""


def role_of(word: str) -> str:
    """The title or one-person role a word writes ("Gov." → "governor", "nominee"), or ""."""
    return title_of(word) or (word.lower() if word.lower() in ROLES else "")


def qualifiers(words: list[Token]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What the words written with a title say of the office: its rank words ("vice"), its party
    and the places or nations it is of ("Ohio", "French")."""
    rank, party, place = set(), set(), set()
    for t in words:
        for part in t.lower_.rstrip(".").split("-"):
            if part in RANK_WORDS:
                rank.add(part)
            elif part in PARTY_WORDS:
                party.add(PARTY_WORDS[part])
            elif t.ent_type_ in ("GPE", "NORP") and part.isalpha():
                place.add(part)
    return frozenset(rank), frozenset(party), frozenset(place)


def compatible(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
    """Whether two titles' qualifiers can describe one office: the same rank, and no two parties
    or places that differ (a qualifier one of them leaves out says nothing)."""
    rank_a, party_a, place_a = a
    rank_b, party_b, place_b = b
    if rank_a != rank_b:
        return False
    return all(not x or not y or x & y for x, y in ((party_a, party_b), (place_a, place_b)))


def _modifier_words(noun: Token) -> list[Token]:
    """The words written before a title noun, its determiner and possessor left out."""
    return [t for left in noun.lefts if left.dep_ not in ("det", "poss", "predet") for t in left.subtree]


def description_qualifiers(tok: Token) -> tuple[frozenset[str], ...]:
    """The qualifiers of the description ``tok`` heads ("the Republican nominee": its party)."""
    return qualifiers(_modifier_words(tok))


class Titles:
    """The named people of a document with the titles the text gives them, in text order."""

    def __init__(self, doc: Doc, clusters: list[Cluster], index: dict[int, Cluster]) -> None:
        entries: list[tuple[int, str, Cluster, tuple]] = []
        for c in clusters:
            if c.kind != "Person" or not c.named:
                continue
            for s, e in c.spans:
                for title, quals in self._titles_at(doc, index, s, e):
                    entries.append((s, title, c, quals))
        entries.sort(key=lambda x: x[0])
        self._starts = [x[0] for x in entries]
        self._entries = entries

    @staticmethod
    def _titles_at(doc: Doc, index: dict[int, Cluster], s: int, e: int) -> list[tuple[str, tuple]]:
        found = []
        if s > 0 and role_of(doc[s - 1].text):
            found.append((role_of(doc[s - 1].text), qualifiers(_words_before(doc, s - 1))))  # "Sen. Jane Doe"
        if role_of(doc[s].text):
            found.append((role_of(doc[s].text), qualifiers(_words_before(doc, s))))  # the title inside the mention
        elif s + 1 < e and doc[s].lower_ in RANK_WORDS and role_of(doc[s + 1].text):
            found.append((role_of(doc[s + 1].text), qualifiers([doc[s]])))  # "Vice President" in the mention
        head = doc[s:e].root
        # "Jane Doe, the governor of X," / "Jane Doe, a senator": a title noun in apposition.
        for child in head.children:
            if child.dep_ == "appos" and index.get(child.i) is None and role_of(child.text):
                found.append((role_of(child.text), _apposition_qualifiers(child)))
        if head.dep_ == "appos" and index.get(head.head.i) is None and role_of(head.head.text):
            found.append((role_of(head.head.text), _apposition_qualifiers(head.head)))  # "the governor, Jane Doe,"
        return found

    def person(self, tok: Token) -> tuple[int, Cluster] | None:
        """The named person last given the title that ``tok`` (the head of "the senator")
        writes, with compatible words, before it in the text, with where they were given it; None
        when the word is no title, names another office ("the president of the bank"), or nobody
        had the title."""
        title = role_of(tok.text)
        if not title or any(c.dep_ == "prep" for c in tok.children):
            return None
        quals = description_qualifiers(tok)
        for k in range(bisect_left(self._starts, tok.i) - 1, -1, -1):
            s, t, c, q = self._entries[k]
            if t == title and compatible(quals, q):
                return s, c
        return None

    def holds_other(self, cluster: Cluster, tok: Token) -> bool:
        """Whether the text gave ``cluster`` the title ``tok`` writes with words that do not fit
        the description ("Vice President Jane Doe" for "the president")."""
        title, quals = role_of(tok.text), description_qualifiers(tok)
        return any(c is cluster and t == title and not compatible(quals, q) for _s, t, c, q in self._entries)


def _words_before(doc: Doc, title: int) -> list[Token]:
    """The words of a title before its head word ("Democratic presidential" nominee, "Vice"
    President, "Ohio" Gov.): back to a determiner, punctuation or a verb."""
    out = []
    k = title - 1
    while k >= 0 and title - k <= 4 and doc[k].pos_ in ("ADJ", "PROPN", "NOUN") and not doc[k].is_punct:
        out.append(doc[k])
        k -= 1
    return out


def _apposition_qualifiers(noun: Token) -> tuple[frozenset[str], ...]:
    """The qualifiers of a title in apposition: its modifiers and what it is "of" ("the governor
    of Ohio")."""
    of = [t for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of" for t in prep.subtree]
    return qualifiers(_modifier_words(noun) + of)
