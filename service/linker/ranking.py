"""Ranking an entity's Wikidata candidates and deciding: the right item, or none.

A candidate's score (0..1) is a weighted sum of these signals, times its date fit:

* name (``names.name_score``): the entity's surface forms against the item's label and aliases;
* type (``types.type_fit``): the NER kind against the item's classes; items of the wrong kind
  (a human for a place, a family name, a disambiguation page) or of no known kind are dropped;
* context (``context.context_score``): the item's country and description against the article;
* coherence (``context.coherence``): statements tying the item to the items the article's
  other entities were linked to;
* popularity: the number of sitelinks, on a log scale: a prior;
* role, for a person (``roles.role_fit``): the occupation the article gives them against the
  item's description (+1 the same, -1 another).

``decide`` links the best candidate when its score clears ``THRESHOLD``, no other candidate
comes within ``MARGIN``, and, for a person, something in the article ties the item to it (its
description, or a statement, ``PERSON_SUPPORT``) unless the person is famous
(``PERSON_FAME`` sitelinks): a private person whose only candidate is a namesake with no tie
to the article stays unlinked. The constants were calibrated on the development part of the
GUM fixture (``benchmarks/linking.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from service.ir import EntityKind
from service.linker.client import aliases_of, sitelink_count, text_of
from service.linker.context import Context, coherence, context_score, date_fit
from service.linker.names import EXACT_NAME, MIN_NAME, clean_name, fold, name_score
from service.linker.roles import described, role_fit
from service.linker.types import NO_TYPE_INFO, TypeInfo, is_human, type_fit

THRESHOLD = 0.5
MARGIN = 0.01
PERSON_CONTEXT = 0.15     # how much better a namesake must fit the article than another
PERSON_SUPPORT = 0.4      # the tie a person's item needs to the article ...
PERSON_FAME = 60          # ... unless it has this many sitelinks
FAME_RATIO = 10           # a famous namesake this many times better known wins a tie
BACKGROUND = 0.75         # the whole article's words, for a person (their sentences count fully)
OTHER_KIND_SUPPORT = 0.3  # the support an item of another kind than the NER said needs
ROLE = 0.5                # how much the person's occupation, agreeing, raises the support ...
ROLE_AGAINST = 0.8        # ... and, disagreeing, lowers it
WEIGHTS = {"name": 0.35, "type": 0.15, "context": 0.15, "coherence": 0.20, "popularity": 0.15,
           "role": 0.05}
POPULAR_SITELINKS = 250


def popularity(item: dict) -> float:
    """The item's sitelinks on a log scale, 1 from ``POPULAR_SITELINKS`` up: a prior."""
    return min(1.0, math.log1p(sitelink_count(item)) / math.log1p(POPULAR_SITELINKS))


@dataclass(frozen=True)
class Scored:
    qid: str
    score: float
    name: float
    type: float
    context: float
    coherence: float
    background: float
    role: float
    popularity: float
    sitelinks: int
    human: bool
    alive: bool   # not dead or dissolved before the article (or dates unknown)
    label: str | None
    description: str | None

    @property
    def support(self) -> float:
        """How much the article says for this item beyond its name (0..1): its sentences, the
        links of the other entities, and (at ``BACKGROUND`` weight) the rest of the article."""
        base = 1.0 - (1.0 - self.context) * (1.0 - self.coherence) * (1.0 - BACKGROUND * self.background)
        if self.role >= 0:
            return base + ROLE * self.role * (1.0 - base)
        return base * (1.0 + ROLE_AGAINST * self.role)


def rank(kind: EntityKind, forms: list[str], candidates: Mapping[str, dict], context: Context,
         info: TypeInfo = NO_TYPE_INFO, *, as_kind: EntityKind | None = None) -> list[Scored]:
    """Candidates of the right kind that name the entity, best first.

    When some candidate carries the entity's name exactly (as label or alias), candidates that
    only contain it in a longer name ("X – West Africa Province" for "X") are left out: they
    are other, narrower things. ``as_kind`` ranks candidates of another kind for an entity the
    NER may have typed wrongly: only exact names with support from the article count, and the
    type signal is halved.
    """
    own = set().union(*(set(fold(clean_name(f)).split()) for f in forms)) if forms else set()
    person = kind is EntityKind.PERSON and not as_kind
    out = []
    for qid, item in candidates.items():
        label = text_of(item, "labels")
        n = name_score(forms, label, aliases_of(item), as_kind or kind)
        if n < (EXACT_NAME if as_kind else MIN_NAME):
            continue
        t = type_fit(as_kind or kind, item, info) * (0.5 if as_kind else 1.0)
        when = date_fit(item, context.year)
        if t <= 0.0 or when <= 0.0:
            continue
        c = context_score(item, context, own, near_only=person)
        background = context_score(item, context, own) if person else c
        h = coherence(qid, context)
        p = popularity(item)
        description = text_of(item, "descriptions")
        role = role_fit(described(description), context.roles, context.article_roles) \
            if (as_kind or kind) is EntityKind.PERSON else 0.0
        score = when * (WEIGHTS["name"] * n + WEIGHTS["type"] * t + WEIGHTS["context"] * c
                        + WEIGHTS["coherence"] * h + WEIGHTS["popularity"] * p + WEIGHTS["role"] * role)
        scored = Scored(qid, round(score, 4), n, t, round(c, 4), round(h, 4), round(background, 4), role,
                        p, sitelink_count(item), is_human(item), when >= 1.0, label, description)
        if as_kind and scored.support < OTHER_KIND_SUPPORT:
            continue  # another kind than the NER said: only with the article's support
        out.append(scored)
    if any(s.name >= EXACT_NAME for s in out):
        out = [s for s in out if s.name >= EXACT_NAME]
    out.sort(key=lambda s: (-s.score, -s.popularity, s.qid))
    return out


def decide(ranked: list[Scored], kind: EntityKind | None = None) -> tuple[Scored | None, float]:
    """The candidate to link (or None) and the confidence of that decision.

    A person is linked only when the article ties the item to them (``PERSON_SUPPORT``) or the
    item is famous (``PERSON_FAME``). Namesakes among people (a
    journalist and a senator) are told apart by the article: when two humans carry the name
    exactly, the best must fit the article clearly better (``PERSON_CONTEXT``), or, fitting it
    as well, be famous and ``FAME_RATIO`` times better known; a namesake who had died before
    the article is no rival to one who had not.
    """
    if not ranked:
        return None, 0.0
    best = ranked[0]
    if best.score < THRESHOLD:
        return None, best.score
    if len(ranked) > 1 and best.score - ranked[1].score < MARGIN:
        return None, best.score
    if kind is EntityKind.PERSON and best.human:
        famous = best.sitelinks >= PERSON_FAME
        if best.support < PERSON_SUPPORT and not famous:
            return None, best.score
        namesakes = [s for s in ranked[1:] if s.human and s.name >= EXACT_NAME and (s.alive or not best.alive)]
        if namesakes:
            lead = best.support - max(s.support for s in namesakes)
            better_known = famous and best.sitelinks >= FAME_RATIO * max(s.sitelinks for s in namesakes)
            if lead < PERSON_CONTEXT and not (better_known and lead >= 0):
                return None, best.score
    return best, best.score
