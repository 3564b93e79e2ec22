"""The pipeline, composed: read → analyse → IR → RDF → link → store.

One short function per step, called the same way by the CLI and by the web service.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from pyoxigraph import Quad

from service import reader
from service.config import ONTOLOGY_FILE, Settings
from service.errors import InputError, NewskgError
from service.ir import Article, RawArticle
from service.mapping import article_iri, article_triples
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

    def quads(self, article: Article) -> list[Quad]:
        name, triples = article_triples(article, base=self.settings.base)
        return triples_quads(triples, str(name))

    def extract(self, raw: RawArticle) -> tuple[Article, list[Quad]]:
        article = next(self.analyse([raw]))
        return article, self.quads(article)

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
    report = IngestReport()
    for item in iter_raws(paths, pipeline.settings):
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

_RELINK_ARTICLES = """PREFIX nkg: <https://w3id.org/newskg#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?text (SAMPLE(?t) AS ?title) (SAMPLE(?p) AS ?publisher) (SAMPLE(?d) AS ?published)
WHERE { GRAPH ?g {
  ?g a nkg:Article ; nkg:articleBody ?text .
  OPTIONAL { ?g nkg:headline ?t } OPTIONAL { ?g nkg:publisher/rdfs:label ?p }
  OPTIONAL { ?g nkg:published ?d } } }
GROUP BY ?g ?text ORDER BY ?g"""

_RELINK_ENTITIES = """PREFIX nkg: <https://w3id.org/newskg#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?cls ?label ?unnamed ?aff ?decision
       (GROUP_CONCAT(DISTINCT ?alias; SEPARATOR="\\u001f") AS ?aliases)
       (GROUP_CONCAT(DISTINCT CONCAT(STR(?s), ":", STR(?end)); SEPARATOR=" ") AS ?spans)
WHERE { GRAPH <%(g)s> {
  <%(g)s> nkg:mentions ?e . ?e a ?cls ; rdfs:label ?label .
  VALUES ?cls { nkg:Person nkg:Organization nkg:Location }
  OPTIONAL { ?e a nkg:UnnamedActor . BIND(true AS ?unnamed) }
  OPTIONAL { ?e skos:altLabel ?alias }
  OPTIONAL { ?e nkg:affiliation ?aff }
  OPTIONAL { ?e nkg:linkDecision ?decision }
  OPTIONAL { ?m nkg:mentionOf ?e ; nkg:startOffset ?s ; nkg:endOffset ?end }
} } GROUP BY ?e ?cls ?label ?unnamed ?aff ?decision"""


def _relink_article(store, graph: str, text: str, title: str | None = None, publisher: str | None = None,
                    published: str | None = None) -> tuple[Article, dict[str, str]]:
    """The stored article as IR with its actors and places (keys are their IRIs) and its date
    (the linker weighs people and organisations by it)."""
    from service.ir import Entity, EntityKind, Mention

    kinds = {"https://w3id.org/newskg#Person": EntityKind.PERSON,
             "https://w3id.org/newskg#Organization": EntityKind.ORGANIZATION,
             "https://w3id.org/newskg#Location": EntityKind.PLACE}
    entities: dict[str, Entity] = {}
    decisions: dict[str, str] = {}
    for row in store.query(_RELINK_ENTITIES % {"g": graph}):
        iri = row["e"].value
        if iri in entities:
            continue
        spans = []
        for pair in (row["spans"].value.split() if row["spans"] else []):
            start, end = (int(x) for x in pair.split(":"))
            spans.append(Mention(start, end, text[start:end]))
        aliases = tuple(a for a in (row["aliases"].value.split("\u001f") if row["aliases"] else []) if a)
        entities[iri] = Entity(key=iri, kind=kinds[row["cls"].value], name=row["label"].value,
                               mentions=tuple(sorted(spans, key=lambda m: m.start)), aliases=aliases,
                               named=row["unnamed"] is None,
                               affiliation=row["aff"].value if row["aff"] else None)
        if row["decision"]:
            decisions[iri] = row["decision"].value
    return Article(id=graph, text=text, title=title, publisher=publisher, published=published,
                   entities=tuple(entities.values())), decisions


def _link_update(graph: str, entity: str, decision: str, link) -> str:
    """SPARQL Update replacing one entity's link triples in one article graph."""
    new = [f"<{entity}> <https://w3id.org/newskg#linkDecision> <{decision}> .",
           f"<{decision}> a <https://w3id.org/newskg#LinkDecision>, <http://www.w3.org/ns/prov#Entity> .",
           f'<{decision}> <https://w3id.org/newskg#linkMethod> "{link.method}" .',
           f'<{decision}> <https://w3id.org/newskg#linkScore> "{round(link.score, 4)}"'
           f"^^<http://www.w3.org/2001/XMLSchema#decimal> ."]
    if link.qid:
        target = f"<http://www.wikidata.org/entity/{link.qid}>"
        new += [f"<{entity}> <http://www.w3.org/2004/02/skos/core#exactMatch> {target} .",
                f"<{decision}> <https://w3id.org/newskg#linkTarget> {target} ."]
    return (f"DELETE WHERE {{ GRAPH <{graph}> {{ <{entity}> <http://www.w3.org/2004/02/skos/core#exactMatch> ?q }} }};\n"
            f"DELETE WHERE {{ GRAPH <{graph}> {{ <{entity}> <https://w3id.org/newskg#linkDecision> ?d . ?d ?p ?o }} }};\n"
            f"INSERT DATA {{ GRAPH <{graph}> {{ {' '.join(new)} }} }}")


def relink(store, linker, *, progress: bool = True) -> dict:
    """Link (or re-link) the actors and places of every stored article; answers counts.

    Each article's entities (label, type, aliases, mentions) are read back through SPARQL,
    linked with its text as context, and each entity's ``skos:exactMatch`` and link decision
    are replaced in the article's named graph. When Wikidata turns out unreachable, stored
    links are left as they are.
    """
    import sys

    from tqdm import tqdm

    articles = [tuple(row[v].value if row[v] else None for v in ("g", "text", "title", "publisher", "published"))
                for row in store.query(_RELINK_ARTICLES)]
    counts = {"articles": len(articles), "entities": 0, "linked": 0, "unlinked": 0, "unreachable": 0}
    for graph, text, title, publisher, published in tqdm(articles, unit="article",
                                                         disable=None if progress else True, file=sys.stderr):
        article, decisions = _relink_article(store, graph, text, title, publisher, published)
        updates = []
        for e in linker.link(article).entities:
            counts["entities"] += 1
            if e.link is None or e.link.method == "unreachable":
                counts["unreachable"] += 1
                continue
            counts["linked" if e.link.qid else "unlinked"] += 1
            decision = decisions.get(e.key) or f"{graph}/link/{e.kind.value.lower()}-{e.key.rstrip('/').rsplit('/', 1)[-1]}"
            updates.append(_link_update(graph, e.key, decision, e.link))
        if updates:
            store.update(";\n".join(updates), touches=[graph])  # only this article's graph
    return counts
