"""Ingest, the one way in: files, directories, JSONL, URLs and posted bodies → the store.

    report = ingest(["corpus/", "feed.jsonl", "https://…"], store, settings, jobs=2)

``ingest`` reads the sources (``reader``), analyses the articles where ``jobs`` and ``engine`` say
(``workers``: this process, forked worker processes, or a Dask cluster) and writes their graphs
through one writer (``writer``) into the store or an N-Quads file. The CLI (``newskg ingest``,
``extract``, ``link``, ``delete``) and the web service (``POST /articles``, ``DELETE``) call only
this package; it alone composes reader, nlp, linker, mapping and store.

Sources are of two kinds. Files and directories are a batch: an unreadable file, a broken JSONL
line or an article that cannot be analysed is reported in ``IngestReport.failed`` and the run
goes on. A URL or a ``Posted`` body is one article asked for by name: it is read before anything
is written, and any error about it is raised (the CLI exits 1, the web answers 4xx).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from service.config import Settings
from service.errors import InputError, NewskgError
from service.ingest.pipeline import Pipeline, check_raw, ensure_ontology
from service.ingest.relink import relink
from service.ingest.report import IngestReport, Ingested
from service.ir import RawArticle
from service.reader import FORMATS_HELP


@dataclass(frozen=True)
class Posted:
    """An article sent as bytes (a request body, stdin): text, HTML, JSON, one JSONL line, or a JSON
    ``{"url": …}`` naming a page to fetch. ``kind`` ("text", "html", "json", "jsonl") when known."""
    data: bytes
    kind: str | None = None
    source: str = "request body"


Source = str | Path | Posted


def ingest(sources: Iterable[Source], store, settings: Settings, *, jobs: int = 1, engine: str = "local",
           scheduler: str | None = None, client=None, resume: bool = False, nquads_out=None,
           progress: bool = False, pipeline: Pipeline | None = None) -> IngestReport:
    """Ingest articles from ``sources`` (paths, http(s) URLs, ``Posted`` bodies) into ``store``.

    - ``store``: an open store, or None to open the one ``settings`` name once the URLs and posted
      bodies have been read (a refused URL then leaves no store behind), and close it at the end.
    - ``jobs``: worker processes (forked from this one once the model is loaded); ``engine="dask"``
      runs the analysis on a Dask cluster (``scheduler`` address or ``client``; default: a local one).
    - ``resume``: skip articles whose graph is in the store already (the default of parallel runs);
      otherwise an article ingested again replaces its graph.
    - ``nquads_out``: a binary file to write the graphs to as N-Quads instead of a store, for a bulk
      loader (``oxigraph load``): the ontology, the article graphs, then the graphs of the actors and
      places they name (derived from all of them, as a store derives them).
    - ``progress``: a bar on a terminal (and, for parallel runs, a line every few seconds elsewhere).
    - ``pipeline``: a loaded ``Pipeline`` to analyse with in this process (the web service's).
    """
    from service import reader
    from service.ingest.workers import one_thread_each

    if jobs > 1 or engine != "local":
        one_thread_each()
    named, paths = [], []
    for s in sources:
        (named if isinstance(s, Posted) or reader.is_url(str(s)) else paths).append(s if isinstance(s, Posted)
                                                                                  else str(s))
    if nquads_out is not None and named:
        raise InputError("--nquads takes files and directories, not URLs or posted articles")
    asked = [_read_named(s, settings) for s in named]  # before the store is opened: errors raise
    report = IngestReport()
    batch: list[RawArticle] = []
    for item in reader.read_paths(paths, max_bytes=settings.max_article_bytes):
        if isinstance(item, NewskgError):
            report.failed.append(("", item.message))
        else:
            batch.append(item)
    own_store = store is None and nquads_out is None
    if own_store:
        from service.store import open_store

        store = open_store(settings)
    try:
        _run(asked, batch, store, settings, report, jobs=jobs, engine=engine, scheduler=scheduler, client=client,
             resume=resume, nquads_out=nquads_out, progress=progress, pipeline=pipeline)
    finally:
        if own_store:
            store.close()
    return report


def _run(asked, batch, store, settings, report, *, jobs, engine, scheduler, client, resume, nquads_out,
         progress, pipeline) -> None:
    from service.ingest.workers import run_map
    from service.ingest.writer import Progress, Writer

    batch = _todo(batch, settings, report, store if resume else None)
    parallel = jobs > 1 or engine != "local"
    bar = Progress(len(asked) + len(batch), lines=parallel) if progress else None
    writer = Writer(report, store=store, nquads_out=nquads_out, progress=bar)
    try:
        if asked:  # one by one, in this process: an error about one of them is raised
            pipeline = pipeline or Pipeline(settings)
            for raw in asked:
                for refused in writer.take(next(run_map([raw], settings, pipeline=pipeline))):
                    raise refused.error or InputError(refused.message)
                writer.flush()
        if batch:
            writer.start_bulk(len(batch))
            if not parallel and pipeline is None:
                pipeline = Pipeline(settings).warm()
            for results in run_map(batch, settings, jobs=jobs, engine=engine, scheduler=scheduler, client=client,
                                   pipeline=pipeline):
                writer.take(results)
        writer.finish()
    finally:
        if bar is not None:
            bar.close()


def _todo(items: list[RawArticle], settings: Settings, report: IngestReport, store) -> list[RawArticle]:
    """The articles to analyse: those not in ``store`` yet (when resuming; the others are reported
    as skipped), each once (the same article twice in one run: the last copy wins)."""
    from service.mapping import article_iri
    from service.nlp.to_ir import article_id

    by_iri: dict[str, RawArticle] = {}
    skipped: set[str] = set()
    for item in items:
        iri = str(article_iri(settings.base, article_id(item)))
        if iri in skipped or (store is not None and store.has_graph(iri)):
            if iri not in skipped:
                skipped.add(iri)
                report.skipped.append(iri)
            continue
        by_iri.pop(iri, None)
        by_iri[iri] = item
    return list(by_iri.values())


def _read_named(source: Source, settings: Settings) -> RawArticle:
    """The one article a URL or a posted body holds; any error about it is raised."""
    from service import reader

    if not isinstance(source, Posted):
        return reader.read_url(str(source), settings)
    by_url = reader.read_url_request(source.data, source.kind, settings)
    if by_url is not None:
        return by_url
    return _one_article(list(reader.read_bytes(source.data, source=source.source, kind=source.kind,
                                               max_bytes=settings.max_article_bytes)), source.source,
                        "post one article per request")


def _one_article(items: list, source: str, hint: str) -> RawArticle:
    errors = [i for i in items if isinstance(i, NewskgError)]
    if errors:
        raise errors[0]
    if not items:
        raise InputError(f"{source}: no article found")
    if len(items) > 1:
        raise InputError(f"{source} holds {len(items)} articles; {hint}")
    return items[0]


def extract(source: Source, settings: Settings) -> list:
    """The graphs (quads) of the one article a file or a ``Posted`` body holds: its own, and those of
    the actors and places it names, as an empty store would hold them after ingesting it."""
    from service import reader

    if isinstance(source, Posted):
        items = list(reader.read_bytes(source.data, source=source.source, kind=source.kind,
                                       max_bytes=settings.max_article_bytes))
    elif Path(source).is_file():
        items = list(reader.read_path(Path(source), max_bytes=settings.max_article_bytes))
    else:
        raise InputError(f"{source}: no such file")
    name = source.source if isinstance(source, Posted) else str(source)
    raw = _one_article(items, name, "extract takes one (use `newskg ingest`)")
    return Pipeline(settings).extract(raw, alone=True)[1]


_BASES = """SELECT DISTINCT (REPLACE(STR(?a), "article/[^/]*$", "") AS ?base)
WHERE { GRAPH ?a { ?a a <https://w3id.org/newskg#Article> } }"""


def stored_bases(store) -> list[str]:
    """The bases the stored articles' IRIs were minted under (``NEWSKG_BASE_IRI`` at their ingest)."""
    return sorted(row["base"].value for row in store.query(_BASES))


def find_article(store, settings: Settings, article: str) -> str | None:
    """The stored article graph an id or IRI names (an id under the current base, else under any
    base the store's articles were minted under), or None. A whole IRI that is not a valid IRI is
    an ``InputError``."""
    from pyoxigraph import NamedNode

    from service.mapping import article_iri

    if article.startswith(("http://", "https://")):
        try:
            candidates = [NamedNode(article).value]
        except ValueError:
            raise InputError(f"{article!r} is not an IRI (give an article id, or its whole IRI)") from None
    else:
        bases = [settings.base] + [b for b in stored_bases(store) if b != settings.base]
        candidates = [str(article_iri(b, article)) for b in bases]
    for iri in candidates:
        if store.query(f"ASK {{ GRAPH <{iri}> {{ <{iri}> a <https://w3id.org/newskg#Article> }} }}"):
            return iri
    return None


def delete_article(store, settings: Settings, article: str) -> str | None:
    """Remove one article (by id or IRI, ``find_article``) and what only it asserted: its graph, and
    the entity graphs it alone named (the others are derived again without it). Answers its IRI, or
    None when the store has no such article (an entity graph is derived data, not an article)."""
    iri = find_article(store, settings, article)
    if iri is None or not store.delete_graph(iri):
        return None
    return iri


def link_stored(store, settings: Settings, *, progress: bool = True) -> tuple[dict, bool]:
    """Link (or re-link) the stored articles' actors and places to Wikidata (``relink``); answers
    the counts and whether Wikidata was unreachable."""
    from service.linker import build_linker

    with build_linker(settings) as linker:
        counts = relink(store, linker, progress=progress)
    return counts, bool(linker.unreachable)


__all__ = ["ingest", "extract", "delete_article", "find_article", "stored_bases", "link_stored", "relink", "Posted",
           "IngestReport", "Ingested", "Pipeline", "check_raw", "ensure_ontology", "FORMATS_HELP"]
