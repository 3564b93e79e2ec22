"""Choosing each entity's item among its fetched candidates: ranking in rounds, where each round
after the first adds as context the items the article's other entities were linked to in the
round before (a city in the state the article names, a politician of the party it names)."""

from __future__ import annotations

import dataclasses

from service.ir import Article, Entity, EntityKind, Link
from service.linker import text
from service.linker.client import claim_ids
from service.linker.context import FAR, article_year, facts_of, make_context, words_of
from service.linker.names import clean_name
from service.linker.ranking import decide, rank
from service.linker.roles import around, families
from service.linker.types import TypeInfo

ROUNDS = 3
# Kinds the NER often confuses: when no item of the entity's kind carries its name, an item of
# these kinds that carries it exactly may be linked (with a lower score).
_FALLBACK_KINDS = {EntityKind.PERSON: (EntityKind.ORGANIZATION,),
                   EntityKind.ORGANIZATION: (EntityKind.PLACE, EntityKind.PERSON),
                   EntityKind.PLACE: (EntityKind.ORGANIZATION, EntityKind.PERSON)}


def choose(article: Article, todo: list[Entity], candidate_ids: dict[str, list[str]],
           items: dict[str, dict], info: TypeInfo, links: dict[str, Link],
           explanations: dict[str, list]) -> None:
    """Rank each entity's candidates in rounds, each with the links of the one before, and set
    ``links`` for every entity of ``todo``; each entity's ranked candidates go to ``explanations``."""
    # The metadata (title, publisher, the authors' titles) is context too: it is all the
    # context there is for an author who is not named in the body.
    meta = " ".join(filter(None, (article.title, article.publisher,
                                  *(" ".join(role[1:]) for role in article.author_roles))))
    whole = f"{article.text} {meta}"
    year = article_year(article.published)
    sentences = text.sentences(article.text)
    spans = {e.key: text.spans_of(article.text, e) for e in article.entities}
    regions = {e.key: text.regions(sentences, spans[e.key]) for e in article.entities}
    near = {e.key: text.near_text(article.text, regions[e.key], spans[e.key]) or meta for e in todo}
    whole_words = words_of(whole)
    article_roles = frozenset(families(whole_words.counts))
    titles: dict[str, list[str]] = {}
    for role in article.roles:
        titles.setdefault(role.person, []).append(role.title)
    base = {e.key: dataclasses.replace(
                make_context({}, whole_words, near[e.key], year), article_roles=article_roles,
                roles=frozenset(around(article.text, spans[e.key], titles.get(e.key, ()))))
            for e in todo}
    facts = {q: facts_of(item) for q, item in items.items()}
    fixed: dict[str, str] = {k: l.qid for k, l in links.items() if l.qid}
    chosen: dict[str, str] = dict(fixed)
    decisions: dict[str, tuple] = {}
    for rnd in range(ROUNDS):
        for e in todo:
            ctx = base[e.key]
            if rnd:
                ctx = dataclasses.replace(
                    ctx, countries=_countries(e, article, chosen, items, regions, spans),
                    linked=_linked(e, article, chosen, regions, spans), facts=facts)
            forms = [e.name, *e.aliases]
            cands = {q: items[q] for q in candidate_ids[e.key] if q in items}
            ranked = rank(e.kind, forms, cands, ctx, info)
            for other in _FALLBACK_KINDS.get(e.kind, ()) if not ranked else ():
                if len(clean_name(e.name).split()) < 2 and EntityKind.PERSON in (e.kind, other):
                    continue  # a one-word "person" is too often a surname to try it as anything else
                ranked = rank(e.kind, forms, cands, ctx, info, as_kind=other)
                if ranked:
                    break
            explanations[e.key] = ranked
            decisions[e.key] = decide(ranked, e.kind)
        now = dict(fixed)
        now.update({k: best.qid for k, (best, _) in decisions.items() if best})
        if now == chosen and rnd:
            break
        chosen = now
    for e in todo:
        best, score = decisions[e.key]
        if best is None:
            links[e.key] = Link(None, round(score, 3), "none")
        else:
            links[e.key] = Link(best.qid, round(score, 3), "search", best.label, best.description)

def _linked(entity: Entity, article: Article, chosen: dict[str, str],
            regions: dict[str, list[tuple[int, int]]],
            spans: dict[str, list[tuple[int, int]]]) -> dict[str, float]:
    """The items the article's other entities were linked to: 1 when named in this entity's
    sentences (or given as its affiliation), ``FAR`` when only elsewhere."""
    out: dict[str, float] = {}
    mine = regions[entity.key]
    for other in article.entities:
        qid = chosen.get(other.key)
        if other.key == entity.key or not qid:
            continue
        weight = 1.0 if other.key == entity.affiliation or text.overlaps(mine, spans[other.key]) else FAR
        out[qid] = max(out.get(qid, 0.0), weight)
    return out

def _countries(entity: Entity, article: Article, chosen: dict[str, str],
               items: dict[str, dict], regions: dict[str, list[tuple[int, int]]],
               spans: dict[str, list[tuple[int, int]]]) -> dict[str, float]:
    """Where the article happens, for one entity: the places linked in the round before.

    A place named in the entity's own sentences (or given as its affiliation) weighs 1 and
    its country 0.7; a place named only elsewhere weighs by its share of the article's place
    mentions (its country gathering the mentions of the places in it), at most 0.5.
    """
    mass: dict[str, float] = {}
    near: dict[str, float] = {}
    mine = regions[entity.key]
    for other in article.entities:
        qid = chosen.get(other.key)
        if other.key == entity.key or other.kind is not EntityKind.PLACE or not qid:
            continue
        mentions = float(len(other.mentions) or 1)
        countries = [c for c in claim_ids(items.get(qid, {}), "P17") if c != qid]
        for q in {qid, *countries}:
            mass[q] = mass.get(q, 0.0) + mentions
        if other.key == entity.affiliation or text.overlaps(mine, spans[other.key]):
            near[qid] = 1.0
            for c in countries:
                near[c] = max(near.get(c, 0.0), 0.7)
    top = max(mass.values(), default=1.0)
    weights = {q: 0.5 * m / top for q, m in mass.items()}
    for q, w in near.items():
        weights[q] = max(weights.get(q, 0.0), w)
    return weights
