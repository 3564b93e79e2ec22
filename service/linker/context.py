"""What an article says about a candidate item: its words, its other entities, its date.

* ``context_score``: the item's country against the countries of the article's places, and the
  words of its description against the article's words (proper nouns like "Hong Kong" or a
  demonym fully, other words like "photographer" at ``COMMON`` weight);
* ``coherence``: statements that tie the item to the items the article's other entities were
  linked to: a city in a state the article names (P131), a politician of a party it names
  (P102), a player of the same team as another player (P54) ...;
* ``date_fit``: a person born after the article, or an organisation founded after it, cannot
  be meant; one who died (or was dissolved) before it is less likely than one who had not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from service.linker.client import claim_ids, claim_years, text_of
from service.linker.names import fold
from service.ir import EntityKind
from service.linker.types import KIND_WORDS

# Statements that tie two items: located in, headquarters, parent, part of, party, employer,
# team, member of, position, educated at, operator, publisher, owner, founder, capital ...
TIES = ("P131", "P159", "P749", "P361", "P102", "P108", "P54", "P463", "P39", "P69", "P137",
        "P123", "P127", "P112", "P488", "P1416", "P276", "P36", "P1376", "P150", "P19", "P551",
        "P937")
# Statements two items of the article can share: the same party, team, employer, order.
SHARED = ("P102", "P54", "P108", "P463", "P749", "P39")
COUNTRY = ("P27",)        # a person's country (a place's is read by context_score)
SHARED_WEIGHT = 0.6      # two items with the same party or team
COUNTRY_TIE = 0.4        # a person of a country the article names
FAR = 0.7                # an entity named only outside this entity's sentences
DIED_BEFORE = 0.9        # dead (or dissolved) before the article: possible, less likely
COMMON = 1.0             # a common word of the description ("footballer") against a proper noun

_DEMONYM_ENDINGS = {"n", "an", "ian", "ese", "i", "ish", "can", "s", "ns", "ans", "ians", "cans", "is"}
_STOP = set("a an the of to in on and or for with by at from as is was its his her their "
            "since until who which that also former formerly known based largest".split())
_SUFFIXES = ("ers", "er", "ists", "ist", "ians", "ian", "ing", "es", "s")


@dataclass
class Context:
    """What the article says around one entity and as a whole.

    ``countries`` maps the QIDs of places the article's other places were linked to (and their
    countries) onto a weight in 0..1: high when named in the entity's own sentences, lower when
    only named elsewhere (by their share of the article's place mentions). ``near``/``counts``
    are word counts of the entity's sentences and of the whole article; ``near_text``/``text``
    the same texts folded, for phrases. ``linked`` holds the items the other entities were
    linked to (1 when named in this entity's sentences, ``FAR`` otherwise) and ``facts`` the
    statements of the candidates and those items (see ``coherence``); ``roles`` the
    occupations the words around a person name (``roles.around``); ``year`` is the article's date.
    """

    countries: dict[str, float]
    counts: dict[str, int]
    near: dict[str, int]
    text: str = ""
    near_text: str = ""
    year: float | None = None
    linked: Mapping[str, float] = field(default_factory=dict)  # other entities' items → nearness
    roles: frozenset[str] = frozenset()          # occupations the article gives the person ...
    article_roles: frozenset[str] = frozenset()  # ... and all those it names (roles.FAMILIES)
    facts: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)
    stems: dict[str, int] = field(default_factory=dict)       # stemmed word counts, whole text
    near_stems: dict[str, int] = field(default_factory=dict)  # ... and the entity's sentences

    def phrase_weight(self, tokens: list[str], *, near_only: bool = False) -> float:
        """How strongly the text is about a phrase (a demonym counts for its country)."""
        if len(tokens) == 1:
            near, anywhere = _count(self.near, tokens[0]), _count(self.counts, tokens[0])
        else:
            phrase = " " + " ".join(tokens) + " "
            near, anywhere = self.near_text.count(phrase), self.text.count(phrase)
        if near_only:
            anywhere = 0
        return max(near / (near + 1.0), 0.5 * anywhere / (anywhere + 3.0))


@dataclass(frozen=True)
class Words:
    """A text's word counts (folded), stemmed counts and folded form, computed once."""

    counts: dict[str, int]
    stems: dict[str, int]
    folded: str


def words_of(text: str) -> Words:
    """The ``Words`` of a text."""
    counts = word_counts(text)
    return Words(counts, _stem_counts(counts), f" {fold(text)} ")


def make_context(countries: dict[str, float], text: str | Words, near_text: str,
                 year: float | None = None) -> Context:
    """The context of one entity: the whole text (``words_of`` it once per article) and the
    entity's sentences."""
    whole = text if isinstance(text, Words) else words_of(text)
    near = words_of(near_text)
    return Context(countries, whole.counts, near.counts, whole.folded, near.folded, year,
                   stems=whole.stems, near_stems=near.stems)


def _stem_counts(counts: Mapping[str, int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for w, c in counts.items():
        out[_stem(w)] = out.get(_stem(w), 0) + c
    return out


def facts_of(item: dict) -> dict[str, frozenset[str]]:
    """The item-valued statements ``coherence`` reads, by property."""
    return {prop: frozenset(claim_ids(item, prop)) for prop in dict.fromkeys(TIES + SHARED + COUNTRY)}


def coherence(qid: str, context: Context) -> float:
    """How strongly the item's statements tie it to the items of the article (0..1): it points
    to one of them or one of them points to it (P131, P102 ...: 1, or ``COUNTRY_TIE`` for a
    person's country), or it shares a party, team or employer with one (``SHARED_WEIGHT``); times
    ``FAR`` when that item's entity is named only outside this entity's sentences."""
    mine = context.facts.get(qid, {})
    best = 0.0
    for other, weight in context.linked.items():
        if other == qid or weight <= best:
            continue
        theirs = context.facts.get(other, {})
        if any(other in mine.get(p, ()) or qid in theirs.get(p, ()) for p in TIES):
            tie = 1.0
        elif any(other in mine.get(p, ()) or qid in theirs.get(p, ()) for p in COUNTRY):
            tie = COUNTRY_TIE
        elif any(mine.get(p, frozenset()) & theirs.get(p, frozenset()) for p in SHARED):
            tie = SHARED_WEIGHT
        else:
            continue
        best = max(best, weight * tie)
    return best


def date_fit(item: dict, year: float | None) -> float:
    """0 when the item did not exist yet at the article's date, ``DIED_BEFORE`` when it had
    ceased to, 1 otherwise (or when either date is unknown)."""
    if year is None:
        return 1.0
    begins = claim_years(item, "P569") + claim_years(item, "P571")
    ends = claim_years(item, "P570") + claim_years(item, "P576")
    if begins and min(begins) > year + 0.1:
        return 0.0
    if ends and max(ends) < year - 0.1:
        return DIED_BEFORE
    return 1.0


def article_year(date: str | None) -> float | None:
    """The article's date (ISO, maybe partial) as a fractional year."""
    m = re.match(r"^(\d{4})(?:-(\d\d))?(?:-(\d\d))?", date or "")
    if not m:
        return None
    month, day = int(m.group(2) or 6), int(m.group(3) or 15)
    return int(m.group(1)) + (max(month, 1) - 1) / 12 + max(day - 1, 0) / 365


# ---------------------------------------------------------------- words


def _count(counts: Mapping[str, int], word: str) -> int:
    n = counts.get(word, 0)
    if len(word) >= 4:
        stem = word if len(word) <= 5 else word[:max(5, len(word) - 2)]
        n += sum(c for w, c in counts.items()
                 if w != word and w.startswith(stem) and w[len(stem):] in _DEMONYM_ENDINGS)
    return n


def word_counts(text: str) -> dict[str, int]:
    """How often each folded word occurs in the text."""
    counts: dict[str, int] = {}
    for w in fold(text).split():
        counts[w] = counts.get(w, 0) + 1
    return counts


def _proper_phrases(description: str, own_words: set[str]) -> list[list[str]]:
    """Runs of capitalised words ("United States", "Baden-Württemberg"), folded, own name left out."""
    phrases = []
    for run in re.findall(r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*", description):
        current: list[str] = []
        for token in fold(run).split():
            if token in _STOP or token in own_words or len(token) < 2:
                if current:
                    phrases.append(current)
                current = []
            else:
                current.append(token)
        if current:
            phrases.append(current)
    return phrases


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


# Words the type fit reads already ("city", "party"): no sign of the article's subject.
_TYPE_WORDS = KIND_WORDS[EntityKind.ORGANIZATION] | KIND_WORDS[EntityKind.PLACE]


def _common_words(description: str, own_words: set[str]) -> set[str]:
    """The description's lower-case content words ("photographer", "aviation"), stemmed."""
    return {_stem(w) for w in re.findall(r"\b[a-z][a-z-]{3,}\b", description)
            if w not in _STOP and w not in own_words and w not in _TYPE_WORDS}


def _phrase_score(context: Context, tokens: list[str], near_only: bool) -> float:
    """The best-supported part of a phrase; a lone word of a longer phrase counts half."""
    best = 0.0
    for size in range(len(tokens), 0, -1):
        for i in range(len(tokens) - size + 1):
            w = context.phrase_weight(tokens[i:i + size], near_only=near_only)
            best = max(best, w * (0.5 if size < len(tokens) and size == 1 else 1.0))
    return best


def _stem_weight(context: Context, stem: str, near_only: bool) -> float:
    near = context.near_stems.get(stem, 0)
    anywhere = 0 if near_only else context.stems.get(stem, 0)
    return max(near / (near + 1.0), 0.5 * anywhere / (anywhere + 3.0))


def context_score(item: dict, context: Context, own_words: set[str], *, near_only: bool = False) -> float:
    """Agreement of an item's country and description with the article (0..1).

    ``near_only`` counts only the words around the entity's mentions (for people: that an
    article about America says "American" tells nothing about which of two Americans it quotes).
    """
    country = max((context.countries.get(c, 0.0) for c in claim_ids(item, "P17")), default=0.0)
    description = text_of(item, "descriptions") or ""
    weights = [_phrase_score(context, p, near_only) for p in _proper_phrases(description, own_words)]
    weights += [COMMON * _stem_weight(context, w, near_only) for w in _common_words(description, own_words)]
    miss = 1.0
    for w in sorted(weights, reverse=True)[:3]:
        miss *= 1.0 - w
    return max(country, 1.0 - miss)
