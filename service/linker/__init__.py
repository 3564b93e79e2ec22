"""Link an article's actors and places to Wikidata items: the right item or no item.

``build_linker(settings)`` gives a ``Linker`` whose ``link(article)`` returns a copy of the
article with ``Entity.link`` set on every entity:

* ``Link(qid, 1.0, "override")`` or ``Link(None, 1.0, "override")`` from the curated CSV;
* ``Link(qid, score, "search")`` when a ranked candidate clears the threshold;
* ``Link(None, score, "none")`` when no item fits (or the entity is only described);
* ``Link(None, 0.0, "unreachable")`` when Wikidata could not be asked.

Linking runs in two passes over the same candidates (no extra calls): the first links each
entity on its own; the second ranks again with the countries the article's places were
linked to as context ("Springfield" near "Illinois"). The first connection failure or timeout makes
the linker give up on Wikidata for the rest of its life (one warning, one timeout per run).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
from typing import Iterable

from service.config import Settings
from service.errors import LinkerUnavailable
from service.ir import Article, Entity, EntityKind, Link
from service.linker.client import WikidataClient, claim_ids, text_of
from service.linker.overrides import NO_ITEM, Overrides
from service.linker.ranking import (KIND_CLASSES, NEVER, TypeInfo, clean_name, decide,
                                    make_context, rank)

__all__ = ["Linker", "build_linker", "WikidataClient", "Overrides"]

log = logging.getLogger(__name__)

SEARCH_LIMIT = 10
# Kinds the NER often confuses: when no item of the entity's kind carries its name, an item of
# these kinds that carries it exactly may be linked (with a lower score).
_FALLBACK_KINDS = {EntityKind.PERSON: (EntityKind.ORGANIZATION,),
                   EntityKind.ORGANIZATION: (EntityKind.PLACE,),
                   EntityKind.PLACE: (EntityKind.ORGANIZATION,)}
MAX_ALIAS_QUERIES = 2


def cache_path(settings: Settings):
    """Where the Wikidata HTTP cache lives: an SQLite file under the data directory."""
    return settings.cache_dir / "wikidata" / "api.sqlite"


def build_linker(settings: Settings, *, client: WikidataClient | None = None) -> "Linker":
    """The linker the settings ask for (``link`` off gives one that leaves articles alone)."""
    if client is None and settings.link:
        client = WikidataClient(settings.wikidata_api, contact=settings.wikidata_contact,
                                timeout=float(settings.wikidata_timeout),
                                cache_path=cache_path(settings))
    return Linker(client, Overrides.load(settings.wikidata_overrides), enabled=bool(settings.link))


class Linker:
    """Links the entities of articles; keeps the unreachable state for the run."""

    def __init__(self, client: WikidataClient | None, overrides: Overrides | None = None, *,
                 enabled: bool = True) -> None:
        self.client = client
        self.overrides = overrides or Overrides()
        self.enabled = enabled and client is not None
        self.unreachable = False
        self.explanations: dict[str, list] = {}  # entity key -> ranked candidates of the last article
        self._lock = threading.Lock()

    @property
    def calls(self) -> int:
        """HTTP requests made so far (cache hits not counted)."""
        return self.client.calls if self.client else 0

    def close(self) -> None:
        if self.client:
            self.client.close()

    def __enter__(self) -> "Linker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ linking

    def link(self, article: Article) -> Article:
        """A copy of the article with ``link`` set on each entity; never raises for the network."""
        if not self.enabled and not len(self.overrides):
            return article
        links: dict[str, Link] = {}
        todo: list[Entity] = []
        for e in article.entities:
            target = self.overrides.lookup(e) if e.named else None
            if target == NO_ITEM:
                links[e.key] = Link(None, 1.0, "override")
            elif target:
                links[e.key] = Link(target, 1.0, "override")
            elif not e.named:
                links[e.key] = Link(None, 0.0, "none")
            else:
                todo.append(e)
        if todo and self.enabled:
            try:
                self._search(article, todo, links)
            except LinkerUnavailable as e:
                self._give_up(e)
        for e in todo:
            links.setdefault(e.key, Link(None, 0.0, "unreachable" if self.enabled else "none"))
        if not self.enabled:  # overrides only: leave the others as they were
            links = {k: v for k, v in links.items() if v.method == "override"}
        entities = tuple(dataclasses.replace(e, link=links.get(e.key, e.link)) for e in article.entities)
        return dataclasses.replace(article, entities=entities)

    def link_many(self, articles: Iterable[Article]) -> Iterable[Article]:
        for article in articles:
            yield self.link(article)

    def _give_up(self, error: Exception) -> None:
        with self._lock:
            first = not self.unreachable
            self.unreachable = True
        if first:
            log.warning("Wikidata is unreachable (%s); entities are stored unlinked for the rest "
                        "of this run: run 'newskg link' later to link them", error)

    def _check(self) -> None:
        if self.unreachable:
            raise LinkerUnavailable("Wikidata was unreachable earlier in this run")

    def _search(self, article: Article, todo: list[Entity], links: dict[str, Link]) -> None:
        self._check()
        client = self.client
        assert client is not None
        queries = {e.key: clean_name(e.name) for e in todo}
        found = self._search_all(list(queries.values()))
        # Names nothing answers to: try the raw name and a few aliases ("PKK" for "the group").
        retry = {e.key: [q for q in dict.fromkeys([e.name, *map(clean_name, e.aliases)])
                         if q and q != queries[e.key]][:MAX_ALIAS_QUERIES + 1]
                 for e in todo if not found.get(queries[e.key])}
        found.update(self._search_all([q for qs in retry.values() for q in qs]))
        candidate_ids = {e.key: list(dict.fromkeys(
            hit["id"] for q in [queries[e.key], *retry.get(e.key, [])] for hit in found.get(q, [])))
            for e in todo}
        overridden = [l.qid for l in links.values() if l.qid]
        items = client.entities({q for ids in candidate_ids.values() for q in ids} | set(overridden))
        info = self._type_info(items)
        for key, l in list(links.items()):
            item = items.get(l.qid) if l.qid else None
            if item is not None:
                links[key] = dataclasses.replace(l, label=text_of(item, "labels"),
                                                 description=text_of(item, "descriptions"))
        self._choose(article, todo, candidate_ids, items, info, links)

    def _choose(self, article: Article, todo: list[Entity], candidate_ids: dict[str, list[str]],
                items: dict[str, dict], info: TypeInfo, links: dict[str, Link]) -> None:
        """Rank each entity's candidates, twice: the second time with the first's places as context."""
        # The metadata (title, publisher, the authors' titles) is context too: it is all the
        # context there is for an author who is not named in the body.
        meta = " ".join(filter(None, (article.title, article.publisher,
                                      *(" ".join(role[1:]) for role in article.author_roles))))
        whole = f"{article.text} {meta}"
        sentences = _sentences(article.text)
        regions = {e.key: _regions(sentences, _spans(article.text, e)) for e in article.entities}
        near = {e.key: _near_text(article.text, regions[e.key], _spans(article.text, e)) or meta
                for e in todo}
        base = {e.key: make_context({}, whole, near[e.key]) for e in todo}
        chosen: dict[str, str] = {k: l.qid for k, l in links.items() if l.qid}
        decisions = {}
        for rnd in (1, 2):  # second round: with the places the first round linked as context
            for e in todo:
                ctx = base[e.key]
                if rnd == 2:
                    ctx = dataclasses.replace(ctx, countries=self._countries(e, article, chosen, items, regions))
                forms = [e.name, *e.aliases]
                cands = {q: items[q] for q in candidate_ids[e.key] if q in items}
                ranked = rank(e.kind, forms, cands, ctx, info)
                for other in _FALLBACK_KINDS.get(e.kind, ()) if not ranked else ():
                    if e.kind is EntityKind.PERSON and len(clean_name(e.name).split()) < 2:
                        break  # a one-word "person" is too often a surname to try it as anything else
                    ranked = rank(e.kind, forms, cands, ctx, info, as_kind=other)
                    if ranked:
                        break
                self.explanations[e.key] = ranked
                decisions[e.key] = decide(ranked, e.kind)
            if rnd == 1:
                chosen.update({k: best.qid for k, (best, _) in decisions.items() if best})
        for e in todo:
            best, score = decisions[e.key]
            if best is None:
                links[e.key] = Link(None, round(score, 3), "none")
            else:
                links[e.key] = Link(best.qid, round(score, 3), "search", best.label, best.description)

    def _search_all(self, queries: list[str]) -> dict[str, list[dict]]:
        """Searches, the first one alone so an unreachable API costs a single timeout."""
        queries = list(dict.fromkeys(q for q in queries if q))
        if not queries:
            return {}
        self._check()
        assert self.client is not None
        out = {queries[0]: self.client.search(queries[0], limit=SEARCH_LIMIT)}
        out.update(self.client.search_many(queries[1:], limit=SEARCH_LIMIT))
        return out

    def _type_info(self, items: dict[str, dict]) -> TypeInfo:
        """Superclasses and labels of the candidates' classes that the cue lists do not know."""
        known = set().union(*KIND_CLASSES.values(), NEVER)
        unknown = {c for item in items.values() for c in claim_ids(item, "P31")} - known
        if not unknown:
            return TypeInfo({}, {})
        assert self.client is not None
        classes = self.client.entities(unknown)
        parents = {c: tuple(claim_ids(item, "P279")) for c, item in classes.items()}
        labels = {c: text_of(item, "labels") or "" for c, item in classes.items()}
        return TypeInfo(parents, labels)

    def _countries(self, entity: Entity, article: Article, chosen: dict[str, str],
                   items: dict[str, dict], regions: dict[str, list[tuple[int, int]]]) -> dict[str, float]:
        """Where the article happens, for one entity: the places linked in the first round.

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
            if other.key == entity.affiliation or _overlaps(mine, _spans(article.text, other)):
                near[qid] = 1.0
                for c in countries:
                    near[c] = max(near.get(c, 0.0), 0.7)
        top = max(mass.values(), default=1.0)
        weights = {q: 0.5 * m / top for q, m in mass.items()}
        for q, w in near.items():
            weights[q] = max(weights.get(q, 0.0), w)
        return weights


def _spans(text: str, entity: Entity) -> list[tuple[int, int]]:
    if entity.mentions:
        return [(m.start, m.end) for m in entity.mentions]
    out, start = [], text.find(entity.name)
    while start >= 0 and entity.name:
        out.append((start, start + len(entity.name)))
        start = text.find(entity.name, start + 1)
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?”\"])(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)"
                           r"\s+(?=[A-Z“\"])|\n\s*\n|\n(?=\S)")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (a full stop before a capital, or a line break)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def _regions(sentences: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences the entity is named in."""
    return [s for s in sentences if any(s[0] <= start < s[1] for start, _ in spans)]


def _overlaps(regions: list[tuple[int, int]], spans: list[tuple[int, int]]) -> bool:
    return any(r0 <= start < r1 for r0, r1 in regions for start, _ in spans)


def _near_text(text: str, regions: list[tuple[int, int]], spans: list[tuple[int, int]]) -> str:
    """The entity's sentences with its own mentions blanked out."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return " ".join("".join(chars[r0:r1]) for r0, r1 in regions)
