"""Link an article's actors and places to Wikidata items: the right item or no item.

``build_linker(settings)`` gives a ``Linker`` whose ``link(article)`` returns a copy of the
article with ``Entity.link`` set on every entity:

* ``Link(qid, 1.0, "override")`` or ``Link(None, 1.0, "override")`` from the curated CSV;
* ``Link(qid, score, "search")`` when a ranked candidate clears the threshold;
* ``Link(None, score, "none")`` when no item fits (or the entity is only described);
* ``Link(None, 0.0, "unreachable")`` when Wikidata could not be asked.

Candidates come from ``wbsearchentities`` (a prefix search of labels and aliases, one per
name) and, for the names no hit names, one full-text search (``list=search``) for them all,
which finds "The Sydney Morning Herald" for "Morning Herald"; then ``wbgetentities`` per 50 of
them, the classes the type lists do not know riding along. Choosing (``choosing``, with the
scores of ``ranking``) runs in rounds over the same candidates (no extra calls): the first links each entity on its own; the next
ones add, as context, the items the other entities were linked to (a city in the state the
article names, a politician of the party it names).

When Wikidata cannot be reached, the linker stops asking for a while, one warning, one timeout:
the next article after ``retry_after`` seconds tries again, and each failure in a row doubles
the wait (urllib3's ``Retry`` computes it), up to ``retry_max``. A long-running server thus
links again once Wikidata is back; linking never fails an ingest.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from typing import Iterable

from urllib3.util.retry import Retry

from service.config import Settings
from service.errors import LinkerUnavailable
from service.ir import Article, Entity, EntityKind, Link
from service.linker import text
from service.linker.choosing import choose
from service.linker.client import MAX_IDS, WikidataClient, aliases_of, claim_ids, text_of
from service.linker.names import EXACT_NAME, MIN_NAME, clean_name, fold, name_score
from service.linker.overrides import NO_ITEM, Overrides
from service.linker.types import DUAL, KIND_CLASSES, NEVER, TypeInfo

__all__ = ["Linker", "build_linker", "WikidataClient", "Overrides"]

log = logging.getLogger(__name__)

SEARCH_LIMIT = 10
FULLTEXT_LIMIT = 5       # full-text hits per name ...
MAX_FULLTEXT = 50        # ... and per request (one request per article)
MAX_ALIAS_QUERIES = 2
RETRY_MAX = 3600.0

def cache_path(settings: Settings):
    """Where the Wikidata HTTP cache lives: an SQLite file under the data directory."""
    return settings.cache_dir / "wikidata" / "api.sqlite"


def build_linker(settings: Settings, *, client: WikidataClient | None = None) -> "Linker":
    """The linker the settings ask for (``link`` off gives one that leaves articles alone)."""
    if client is None and settings.link:
        client = WikidataClient(settings.wikidata_api, contact=settings.wikidata_contact,
                                timeout=float(settings.wikidata_timeout),
                                cache_path=cache_path(settings))
    return Linker(client, Overrides.load(settings.wikidata_overrides), enabled=bool(settings.link),
                  retry_after=float(settings.wikidata_retry))


class Linker:
    """Links the entities of articles; keeps track of Wikidata being unreachable."""

    def __init__(self, client: WikidataClient | None, overrides: Overrides | None = None, *,
                 enabled: bool = True, retry_after: float = 60.0, retry_max: float = RETRY_MAX) -> None:
        self.client = client
        self.overrides = overrides or Overrides()
        self.enabled = enabled and client is not None
        self.explanations: dict[str, list] = {}  # entity key -> ranked candidates of the last article
        self.retry_after = max(0.0, retry_after)
        # The wait after failures in a row: backoff_factor * 2**(n-1), capped (urllib3 gives 0
        # for the first failure, hence the max with retry_after in _give_up).
        self._backoff = Retry(total=None, connect=None, read=None, redirect=None, status=None,
                              other=None, backoff_factor=self.retry_after, backoff_max=retry_max)
        self._outage: Retry | None = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def calls(self) -> int:
        """HTTP requests made so far (cache hits not counted)."""
        return self.client.calls if self.client else 0

    @property
    def unreachable(self) -> bool:
        """True while Wikidata is taken to be down (from a failure until a later call works)."""
        return self._outage is not None

    def close(self) -> None:
        """Close the HTTP client and its cache."""
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
            except _Waiting:
                pass  # still in the wait after a failure: not asked
            except LinkerUnavailable as e:
                self._give_up(e)
        for e in todo:
            links.setdefault(e.key, Link(None, 0.0, "unreachable" if self.enabled else "none"))
        if not self.enabled:  # overrides only: leave the others as they were
            links = {k: v for k, v in links.items() if v.method == "override"}
        entities = tuple(dataclasses.replace(e, link=links.get(e.key, e.link)) for e in article.entities)
        return dataclasses.replace(article, entities=entities)

    def link_many(self, articles: Iterable[Article]) -> Iterable[Article]:
        """``link`` over ``articles``, lazily."""
        for article in articles:
            yield self.link(article)

    # ------------------------------------------------------------------ outages

    def _check(self) -> None:
        with self._lock:
            if self._outage is not None and time.monotonic() < self._retry_at:
                wait = self._retry_at - time.monotonic()
                raise _Waiting(f"Wikidata was unreachable; it is asked again in {wait:.1f} s")

    def _give_up(self, error: Exception) -> None:
        with self._lock:
            first = self._outage is None
            self._outage = (self._outage or self._backoff).increment(method="GET", url=self._api())
            wait = max(self.retry_after, self._outage.get_backoff_time())
            self._retry_at = time.monotonic() + wait
        if first:
            log.warning("Wikidata is unreachable (%s); entities are stored unlinked and Wikidata is "
                        "asked again in %.1f s ('newskg link' links stored entities later)", error, wait)
        else:
            log.info("Wikidata is still unreachable (%s); next try in %.1f s", error, wait)

    def _recovered(self) -> None:
        with self._lock:
            was_down = self._outage is not None
            self._outage = None
        if was_down:
            log.warning("Wikidata is reachable again; linking resumes")

    def _api(self) -> str:
        return self.client.api_url if self.client else ""

    # ------------------------------------------------------------------ candidates

    def _search(self, article: Article, todo: list[Entity], links: dict[str, Link]) -> None:
        self._check()
        client = self.client
        assert client is not None
        # A one-word person that is the surname of someone named in full is not searched.
        searched = [e for e in todo if not (e.kind is EntityKind.PERSON
                                            and text.is_surname(article, e, text.spans_of(article.text, e)))]
        candidate_ids = {e.key: [] for e in todo} | self._candidates(searched)
        # Each entity's first candidate first, then the others, then the curated ones.
        ordered = [ids[i] for i in range(max(map(len, candidate_ids.values()), default=0))
                   for ids in candidate_ids.values() if i < len(ids)]
        ordered += [l.qid for l in links.values() if l.qid]
        items, info = self._fetch(list(dict.fromkeys(ordered)), todo, candidate_ids)
        for key, l in list(links.items()):
            item = items.get(l.qid) if l.qid else None
            if item is not None:
                links[key] = dataclasses.replace(l, label=text_of(item, "labels"),
                                                 description=text_of(item, "descriptions"))
        choose(article, todo, candidate_ids, items, info, links, self.explanations)

    def _candidates(self, todo: list[Entity]) -> dict[str, list[str]]:
        """Each entity's candidate QIDs, in the order the searches gave them.

        A prefix search per name; of its hits, those that carry the name exactly when some do,
        else those that name the entity at all (a longer label that only starts like it does
        not). The names no hit names share one full-text search (not people's: a person's name
        that starts no label is at best a surname inside one; not single words: one word is a
        name only when it is a label or alias, which the prefix search finds); a name nothing
        answers to at all, a prefix search of a few of its aliases.
        """
        queries = {e.key: clean_name(e.name) for e in todo}
        found = self._search_all(list(queries.values()))
        named = {e.key: _naming_hits(e, found.get(queries[e.key], [])) for e in todo}
        # One full-text request for all of them; which hit names which entity is known once
        # the items are fetched (``_naming``), so each such entity takes them all as candidates.
        wanting = [e for e in todo if not named[e.key] and e.kind is not EntityKind.PERSON
                   and len(fold(queries[e.key]).split()) > 1]
        assert self.client is not None
        more = self.client.fulltext([queries[e.key] for e in wanting],
                                    limit=min(MAX_FULLTEXT, FULLTEXT_LIMIT * len(wanting))) if wanting else []
        for e in wanting:
            named[e.key] += [q for q in more if q not in named[e.key]]
        # Names nothing answers to: a few aliases ("PKK" for "the group").
        retry = {e.key: [q for q in dict.fromkeys([e.name, *map(clean_name, e.aliases)])
                         if q and q != queries[e.key]][:MAX_ALIAS_QUERIES]
                 for e in todo if not named[e.key]}
        extra = self._search_all([q for qs in retry.values() for q in qs])
        for key, qs in retry.items():
            e = next(x for x in todo if x.key == key)
            for q in qs:
                named[key] += [h for h in _naming_hits(e, extra.get(q, [])) if h not in named[key]]
        return named

    def _search_all(self, queries: list[str]) -> dict[str, list[dict]]:
        """Prefix searches, the first one alone so an unreachable API costs a single timeout."""
        queries = list(dict.fromkeys(q for q in queries if q))
        if not queries:
            return {}
        self._check()
        assert self.client is not None
        out = {queries[0]: self.client.search(queries[0], limit=SEARCH_LIMIT)}
        self._recovered()
        out.update(self.client.search_many(queries[1:], limit=SEARCH_LIMIT))
        return out

    def _fetch(self, ids: list[str], todo: list[Entity],
               candidate_ids: dict[str, list[str]]) -> tuple[dict[str, dict], TypeInfo]:
        """The candidates (``wbgetentities``, up to 50 a request) and what is known of their
        classes: superclasses and labels of the classes the cue lists do not know, for the
        candidates that name their entity and have no known class. The classes found in one
        request ride along with the next; a request of their own is made only for those of an
        entity's first search hit (the others' types are read from their descriptions)."""
        assert self.client is not None
        known = set().union(*KIND_CLASSES.values(), NEVER, DUAL)
        items: dict[str, dict] = {}
        classes: dict[str, dict] = {}
        asked: set[str] = set()
        pending: list[str] = []
        top = {ids[0] for ids in candidate_ids.values() if ids}
        urgent: set[str] = set()     # classes of an entity's first search hit
        while ids or (pending and urgent & set(pending)):
            batch, ids = ids[:MAX_IDS], ids[MAX_IDS:]
            extra = pending[:MAX_IDS - len(batch)]
            pending = pending[len(extra):]
            asked.update(batch, extra)
            got = self.client.entities(batch + extra)
            items.update({q: got[q] for q in batch if q in got})
            classes.update({q: got[q] for q in extra if q in got})
            for q in _naming(todo, candidate_ids, {q: got[q] for q in batch if q in got}):
                mine = claim_ids(got[q], "P31")
                if not set(mine) & known:
                    pending += [c for c in mine if c not in asked and c not in pending]
                    if q in top:
                        urgent.update(mine)
        parents = {c: tuple(claim_ids(item, "P279")) for c, item in classes.items()}
        labels = {c: text_of(item, "labels") or "" for c, item in classes.items()}
        return items, TypeInfo(parents, labels)

class _Waiting(LinkerUnavailable):
    """Not asked: Wikidata failed recently and the wait is not over."""


def _naming(todo: list[Entity], candidate_ids: dict[str, list[str]], items: dict[str, dict]) -> set[str]:
    """The fetched candidates whose label or an alias names their entity (the others are not ranked)."""
    out = set()
    for e in todo:
        forms = [e.name, *e.aliases]
        for q in candidate_ids[e.key]:
            item = items.get(q)
            if item is not None and q not in out and max(
                    name_score(forms, text_of(item, "labels"), aliases_of(item), kind) for kind in EntityKind) >= MIN_NAME:
                out.add(q)
    return out


def _naming_hits(entity: Entity, hits: list[dict]) -> list[str]:
    """The prefix-search hits that name the entity: those that carry its name exactly (label or
    matched alias) when some do, else those whose label or alias names it at all (and those
    that do not say what matched)."""
    forms = [entity.name, *entity.aliases]
    scored = []
    for hit in hits:
        match = hit.get("match")
        if not isinstance(match, dict) or not isinstance(match.get("text"), str):
            scored.append((hit["id"], MIN_NAME))   # it does not say what matched: judged once fetched
            continue
        names = [n for n in [match["text"], *(hit.get("aliases") or [])] if isinstance(n, str)]
        label = hit.get("label") if isinstance(hit.get("label"), str) else None
        score = max(name_score(forms, label, names, kind) for kind in EntityKind)
        if score >= MIN_NAME:
            scored.append((hit["id"], score))
    exact = [q for q, score in scored if score >= EXACT_NAME]
    return exact or [q for q, _ in scored]


