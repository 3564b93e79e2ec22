"""The pipeline, composed: read → analyse → IR → RDF → link → store.

One short function per step, called the same way by the CLI and by the web service.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from pyoxigraph import NamedNode, Quad

from service import reader
from service.config import ONTOLOGY_FILE, Settings
from service.errors import InputError, NewskgError
from service.ir import Article, RawArticle
from service.mapping import article_dataset, article_iri, article_triples
from service.rdfterms import file_quads, triples_quads
from service.vocab import ONTOLOGY_IRI

log = logging.getLogger("newskg")

# spaCy's own limit (nlp.max_length) is 1,000,000 characters; one paragraph longer than this is
# not news prose (a dump, a minified page) and would take minutes to parse.
MAX_ARTICLE_CHARS = 1_000_000
MAX_PARAGRAPH_CHARS = 50_000


def check_raw(raw: RawArticle, settings: Settings) -> RawArticle:
    """Refuse articles that cannot be analysed, with a sentence that says why."""
    where = f"{raw.source}: " if raw.source else ""
    if not raw.text.strip():
        raise InputError(f"{where}the article has no body text (only byline, footer or page furniture)")
    if len(raw.text.encode("utf-8")) > settings.max_article_bytes:
        raise InputError(f"{where}the article body is {len(raw.text):,} characters; the limit is "
                         f"{settings.max_article_bytes:,} bytes (NEWSKG_MAX_ARTICLE_BYTES)")
    if sum(ch.isalpha() for ch in raw.text) < 20:
        raise InputError(f"{where}the article has almost no words ({len(raw.text)} characters)")
    if len(raw.text) > MAX_ARTICLE_CHARS:
        raise InputError(f"{where}the article body is {len(raw.text):,} characters; the language pipeline "
                         f"takes at most {MAX_ARTICLE_CHARS:,}")
    longest = max((len(p) for p in raw.text.split("\n\n")), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        raise InputError(f"{where}one paragraph is {longest:,} characters long; the limit is "
                         f"{MAX_PARAGRAPH_CHARS:,} (is this news prose? split it on blank lines)")
    return raw


def make_linker(settings: Settings):
    """The Wikidata linker, or None when linking is off."""
    if not settings.link:
        return None
    from service.linker import build_linker

    return build_linker(settings)


class Pipeline:
    """Settings, the spaCy pipeline and the linker, loaded once and reused for many articles."""

    def __init__(self, settings: Settings, *, linker=None, link: bool | None = None) -> None:
        from service.nlp import Turns

        self.settings = settings
        self.linker = linker if linker is not None else (make_linker(settings) if link is not False else None)
        # Threads (the web service) share one pipeline: spaCy runs one batch or chunk at a time,
        # first come first served, and the linker one article at a time.
        self.turns = Turns()
        self._link_lock = threading.Lock()

    def analyse(self, raws: Iterable[RawArticle]) -> Iterator[Article]:
        from service.nlp import analyse_many

        articles = analyse_many([check_raw(r, self.settings) for r in raws], model=self.settings.model,
                                turn=self.turns)
        for article in articles:
            if self.linker is None:
                yield article
                continue
            with self._link_lock:
                linked = self.linker.link(article)
            yield linked

    def quads(self, article: Article, *, alone: bool = False) -> list[Quad]:
        """The article graph's quads; with ``alone``, also the graphs of the shared actors and places
        it names, as this article alone gives them (what an empty store holds after ingesting it)."""
        if alone:
            return [q for name, triples in article_dataset(article, base=self.settings.base).items()
                    for q in triples_quads(triples, str(name))]
        name, triples = article_triples(article, base=self.settings.base)
        return triples_quads(triples, str(name))

    def extract(self, raw: RawArticle, *, alone: bool = False) -> tuple[Article, list[Quad]]:
        article = next(self.analyse([raw]))
        return article, self.quads(article, alone=alone)

    def iri(self, article: Article) -> str:
        return str(article_iri(self.settings.base, article.id))


def ontology_quads() -> list[Quad]:
    return file_quads(str(ONTOLOGY_FILE), str(ONTOLOGY_IRI))


def ensure_ontology(store) -> None:
    """The ontology lives in its own named graph, so queries can follow subclass links."""
    if not store.has_graph(str(ONTOLOGY_IRI)):
        store.put_graph(str(ONTOLOGY_IRI), ontology_quads())


def ingest_article(pipeline: Pipeline, store, raw: RawArticle) -> tuple[Article, str]:
    """Analyse one article and store its graph in one transaction; answers the article's IRI."""
    article, quads = pipeline.extract(raw)
    ensure_ontology(store)
    iri = pipeline.iri(article)
    store.put_graph(iri, quads)
    return article, iri


_BASES = """SELECT DISTINCT (REPLACE(STR(?a), "article/[^/]*$", "") AS ?base)
WHERE { GRAPH ?a { ?a a <https://w3id.org/newskg#Article> } }"""


def stored_bases(store) -> list[str]:
    """The bases the stored articles' IRIs were minted under (``NEWSKG_BASE_IRI`` at their ingest)."""
    return sorted(row["base"].value for row in store.query(_BASES))


def find_article(store, settings: Settings, article: str) -> str | None:
    """The stored article graph an id or IRI names (an id under the current base, else under any
    base the store's articles were minted under), or None."""
    if article.startswith(("http://", "https://")):
        try:
            candidates = [NamedNode(article).value]
        except ValueError:
            return None
    else:
        bases = [settings.base] + [b for b in stored_bases(store) if b != settings.base]
        candidates = [str(article_iri(b, article)) for b in bases]
    for iri in candidates:
        if store.query(f"ASK {{ GRAPH <{iri}> {{ <{iri}> a <https://w3id.org/newskg#Article> }} }}"):
            return iri
    return None


def delete_article(store, settings: Settings, article: str) -> str | None:
    """Remove one article (by id or IRI) and what only it asserted: its graph, and the entity graphs
    it alone named (the others are derived again without it). Answers its IRI, or None if absent."""
    iri = find_article(store, settings, article)
    if iri is None or not store.delete_graph(iri):
        return None
    return iri


def raw_from_url(url: str, settings: Settings) -> RawArticle:
    """Fetch an article page by URL (SSRF-guarded, see ``service.fetch``) and read it.

    HTML goes through the HTML reader's main-text extraction with the page's URL; plain text and
    JSON through their readers. Errors are ``FetchError``/``TooLarge``/``InputError``.
    """
    import dataclasses

    from service.fetch import fetch
    from service.reader.html import read_html

    page = fetch(url, settings)
    media = page.content_type
    kind = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
            "application/json": "json"}.get(media)
    if kind is None and media and not media.startswith("text/"):
        raise InputError(f"{url} is {media}, not an article page (HTML or text)")
    text = reader.decode(page.content, source=url)
    kind = kind or reader.sniff(text)
    if kind == "html":
        raw = read_html(reader._CONTROL.sub(" ", text), source=url, url=page.url)
    else:
        items = list(reader.parse_text(text, kind, source=url))
        raw = items[0] if items else InputError(f"{url}: no article found")
        if isinstance(raw, NewskgError):
            raise raw
    return dataclasses.replace(raw, url=raw.url or page.url)


@dataclass
class IngestReport:
    ingested: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, message)


def iter_raws(paths: list[str], settings: Settings) -> Iterator[RawArticle | NewskgError]:
    """Articles from files and directories; unreadable ones come out as errors, not exceptions."""
    for path in reader.iter_paths(paths):
        try:
            for item in reader.read_path(Path(path), max_bytes=settings.max_article_bytes):
                yield _named(item, path)
        except NewskgError as e:
            yield _named(e, path)


def _named(item, path):
    """An error that says which file it is about (a JSONL line error names only its line)."""
    if isinstance(item, NewskgError) and str(path) not in item.message:
        return type(item)(f"{path}: {item.message}", detail=item.detail)
    return item


def ingest_paths(pipeline: Pipeline, store, paths: list[str], *, progress=None) -> IngestReport:
    """Ingest every article under ``paths`` one by one; failures are collected, not raised."""
    return ingest_items(pipeline, store, iter_raws(paths, pipeline.settings), progress=progress)


def ingest_items(pipeline: Pipeline, store, items: Iterable[RawArticle | NewskgError], *,
                 progress=None) -> IngestReport:
    """Ingest articles read by ``iter_raws`` (errors among them are reported, not raised)."""
    report = IngestReport()
    for item in items:
        if isinstance(item, NewskgError):
            report.failed.append(("", item.message))
            continue
        try:
            _article, iri = ingest_article(pipeline, store, item)
            report.ingested.append(iri)
        except NewskgError as e:
            report.failed.append((item.source or "", e.message))
        except Exception as e:  # noqa: BLE001 - a bug on one article must not stop the run
            log.exception("analysing %s failed", item.source or item.id or "an article")
            report.failed.append((item.source or "", f"the article could not be analysed ({type(e).__name__}: {e})"))
        if progress is not None:
            progress.update(1)
    return report


# ---------------------------------------------------------------- re-linking stored articles

_ARTICLES = "SELECT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/newskg#Article> } } ORDER BY ?g"


def _stored_article(graph: str, triples: set):
    """A stored article (its graph with the references joined back into facts) as IR, keyed by
    node IRI: ``(article, {node: decision IRI}, {node: local key})``."""
    from rdflib import URIRef

    from service.ir import Entity, EntityKind, Mention
    from service.mapping.iris import name_slug
    from service.vocab import NKG, RDF, RDFS, SKOS

    art = URIRef(graph)
    kinds = {NKG.Person: EntityKind.PERSON, NKG.Organization: EntityKind.ORGANIZATION, NKG.Location: EntityKind.PLACE}
    by_s: dict = {}
    for s_, p, o in triples:
        by_s.setdefault(s_, []).append((p, o))

    def one(node, pred):
        return next((o for p, o in by_s.get(node, ()) if p == pred), None)

    text = str(one(art, NKG.articleBody) or "")
    publisher = one(art, NKG.publisher)
    spans: dict = {}
    for m, facts in by_s.items():
        target = next((o for p, o in facts if p == NKG.mentionOf), None)
        start, end = one(m, NKG.startOffset), one(m, NKG.endOffset)
        if target is not None and start is not None and end is not None:
            spans.setdefault(target, []).append(Mention(int(start), int(end), text[int(start):int(end)]))
    entities, decisions, keys = [], {}, {}
    for node in sorted({o for p, o in by_s.get(art, ()) if p == NKG.mentions}):
        types = {o for p, o in by_s.get(node, ()) if p == RDF.type}
        kind = next((kinds[t] for t in kinds if t in types), None)
        label = one(node, RDFS.label)
        if kind is None or label is None:
            continue
        aliases = tuple(sorted(str(o) for p, o in by_s[node] if p == SKOS.altLabel))
        affiliation = one(node, NKG.affiliation)
        entities.append(Entity(key=str(node), kind=kind, name=str(label), aliases=aliases,
                               mentions=tuple(sorted(spans.get(node, []), key=lambda m: m.start)),
                               named=NKG.UnnamedActor not in types, affiliation=str(affiliation) if affiliation else None))
        decision = one(node, NKG.linkDecision)
        if decision is not None:
            decisions[str(node)] = decision
        scoped = str(node).startswith(graph + "/actor/")
        keys[str(node)] = str(node).rsplit("/", 1)[-1] if scoped else f"{kind.value.lower()}-{name_slug(str(label))}"
    published = one(art, NKG.published)  # the linker weighs people and organisations by the date
    article = Article(id=graph, text=text, title=str(one(art, NKG.headline) or "") or None,
                      publisher=str(one(publisher, RDFS.label)) if publisher is not None and one(publisher, RDFS.label) else None,
                      published=str(published) if published is not None else None, entities=tuple(entities))
    return article, decisions, keys


def _relinked(graph: str, triples: set, linked: Article, decisions: dict, keys: dict, counts: dict) -> set | None:
    """The article's triples with each entity's new link (and, when the link changes what the
    entity is, its new node: ``mapping.iris.node_iri``); None when nothing changed."""
    import dataclasses

    from rdflib import URIRef

    from service.mapping import link_triples
    from service.mapping.iris import base_of, node_iri
    from service.mapping.reasoning import entail
    from service.nlp.identity import distinctive
    from service.vocab import NKG, SKOS

    base = base_of(graph)
    out = set(triples)
    renames: dict = {}
    for e in linked.entities:
        counts["entities"] += 1
        if e.link is None or e.link.method == "unreachable":
            counts["unreachable"] += 1
            continue
        counts["linked" if e.link.qid else "unlinked"] += 1
        old = URIRef(e.key)
        decision = decisions.get(e.key) or URIRef(f"{graph}/link/{keys[e.key]}")
        drop = {t for t in out if t[0] == old and t[1] in (NKG.linkDecision, SKOS.exactMatch)}
        drop |= {t for t in out if t[0] == decision}
        new = link_triples(old, decision, e.link)
        out = (out - drop) | new | entail(new)
        # What the entity is after the link: a Wikidata item's node, a distinctive name's, or the article's own.
        is_distinctive = not e.key.startswith(graph + "/actor/") and (
            not e.key.startswith(f"{base}entity/Q") or distinctive(e.name, e.kind.value))
        node = node_iri(base, graph, dataclasses.replace(e, key=keys[e.key], distinctive=is_distinctive))
        if node != old:
            renames[old] = node
    if renames:
        out = {(renames.get(s, s), p, renames.get(o, o)) for s, p, o in out}
    return out if out != triples else None


def relink(store, linker, *, progress: bool = True) -> dict:
    """Link (or re-link) the actors and places of every stored article; answers counts.

    Each article graph is read back (its references joined into facts), its entities linked with
    its text as context, their links and link decisions replaced, and, where a link changes which
    node an entity is (a name now linked to a Wikidata item is that item's node), the node renamed;
    the graph is then written again, which derives the entity graphs again. When Wikidata turns
    out unreachable, stored links are left as they are.
    """
    import sys

    from tqdm import tqdm

    from service.mapping.entities import join, split
    from service.mapping.iris import base_of, is_shared
    from service.rdfterms import quads_triples

    articles = [row["g"].value for row in store.query(_ARTICLES)]
    counts = {"articles": len(articles), "entities": 0, "linked": 0, "unlinked": 0, "unreachable": 0}
    for graph in tqdm(articles, unit="article", disable=None if progress else True, file=sys.stderr):
        triples = join(quads_triples(store.quads(graph)))
        article, decisions, keys = _stored_article(graph, triples)
        changed = _relinked(graph, triples, linker.link(article), decisions, keys, counts)
        if changed is not None:
            from rdflib import URIRef

            base = base_of(graph)
            shared = {s_ for s_, _p, _o in changed if is_shared(str(s_), base)}
            store.put_graph(graph, triples_quads(split(changed, URIRef(graph), shared), graph))
    return counts
