"""Bulk ingest: many articles, several worker processes (or a Dask cluster), one writer.

Extraction (article → its named graph as N-Quads) is a pure map, so it runs in parallel:
``--jobs N`` starts N worker processes, each loading spaCy once (the pool initializer) and
running ``nlp.pipe`` over batches; ``--engine dask`` runs the same map on a Dask cluster.
The parent is the only process that touches the store: it loads finished graphs in batched
transactions (``store.put_graphs``), so after a crash every article graph in the store is
complete and a re-run skips them (``resume``, the default) and does the rest.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from service.config import Settings
from service.errors import NewskgError
from service.ir import RawArticle

log = logging.getLogger("newskg.bulk")

BATCH = 8     # articles per task (one nlp.pipe call)
COMMIT = 16   # article graphs per store transaction


@dataclass
class BulkReport:
    ingested: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # already in the store (resume)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, message)


# ------------------------------------------------------------------ the map (runs in workers)

_local = threading.local()


def _pipeline(values: dict):
    """One Pipeline (spaCy loaded once) per worker process or thread, for these settings."""
    from service.pipeline import Pipeline

    key = tuple(sorted((k, repr(v)) for k, v in values.items()))
    if getattr(_local, "key", None) != key:
        _local.pipeline = Pipeline(Settings(dict(values)))
        _local.key = key
    return _local.pipeline


def _exit_with_parent(parent: int) -> None:
    """Leave when the ingest process is gone: a SIGKILLed parent cannot tell its workers, which
    would otherwise wait for tasks for ever (seen after the crash tests)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def init_worker(values: dict) -> None:
    """Pool initializer: load spaCy (and the linker) before the first task arrives."""
    from service.nlp import build_nlp

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="newskg-parent-watch", daemon=True).start()
    p = _pipeline(values)
    build_nlp(p.settings.model)


def extract_batch(values: dict, raws: list[RawArticle]) -> list[tuple[str, str | None, bytes | None, str | None]]:
    """Articles → ``(source, iri, n-quads, None)`` or ``(source, None, None, message)``, in order.

    The batch goes through ``nlp.pipe`` at once; an article refused by the checks is reported on
    its own without failing the others.
    """
    from pyoxigraph import RdfFormat, serialize

    from service.pipeline import check_raw

    pipeline = _pipeline(values)
    out: dict[int, tuple] = {}
    good: list[tuple[int, RawArticle]] = []
    for i, raw in enumerate(raws):
        try:
            good.append((i, check_raw(raw, pipeline.settings)))
        except NewskgError as e:
            out[i] = (raw.source or "", None, None, e.message)

    def one(i: int, article) -> None:
        quads = pipeline.quads(article)
        out[i] = (raws[i].source or "", pipeline.iri(article), serialize(quads, format=RdfFormat.N_QUADS), None)

    try:
        for (i, _raw), article in zip(good, pipeline.analyse([r for _, r in good])):
            one(i, article)
    except Exception:  # one article broke the batch: redo it article by article to find which
        for i, raw in good:
            if i in out:
                continue
            try:
                one(i, next(pipeline.analyse([raw])))
            except NewskgError as e:
                out[i] = (raw.source or "", None, None, e.message)
            except Exception as e:  # a bug on one article must not stop a bulk run
                out[i] = (raw.source or "", None, None, f"internal error: {type(e).__name__}: {e}")
    return [out[i] for i in range(len(raws))]


# ------------------------------------------------------------------ the parent


def _batches(items: Iterable[RawArticle], size: int) -> Iterator[list[RawArticle]]:
    batch: list[RawArticle] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Progress:
    """tqdm on a terminal; a plain log line every few seconds otherwise."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.done, self.start, self.last = total, 0, time.monotonic(), 0.0
        self.tty = enabled and sys.stderr.isatty()
        self.enabled = enabled
        self.bar = None
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="article", file=sys.stderr)

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            return
        now = time.monotonic()
        if self.enabled and (now - self.last > 5 or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0
            print(f"newskg: {self.done}/{self.total} articles, {rate:.1f}/s, ETA {eta:.0f}s", file=sys.stderr,
                  flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


OPTIMIZE_AFTER = 200  # articles written in one run before the store is compacted


def run(paths: list[str], store, settings: Settings, *, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None, client=None, resume: bool = True, batch: int = BATCH,
        commit: int = COMMIT, progress: bool = True, nquads_out=None) -> BulkReport:
    """Ingest every article under ``paths`` into ``store``; failures are collected, not raised.

    With ``nquads_out`` (a binary file), the article graphs and the ontology graph are written
    there as N-Quads instead of into a store, for a bulk loader (``oxigraph load``) to load:
    the way to ingest corpora too large for one writer process. ``store`` may then be None. The
    graphs of the shared actors and places, derived from all the articles' references
    (``mapping.entities``), follow the article graphs at the end of the file.
    """
    from pyoxigraph import RdfFormat, parse, serialize

    from service.mapping import article_iri
    from service.nlp.to_ir import article_id
    from service.pipeline import ensure_ontology, iter_raws

    report = BulkReport()
    todo: list[RawArticle] = []
    seen: set[str] = set()
    for item in iter_raws(list(paths), settings):
        if isinstance(item, NewskgError):
            report.failed.append(("", item.message))
            continue
        iri = str(article_iri(settings.base, article_id(item)))
        if resume and store is not None and store.has_graph(iri):
            report.skipped.append(iri)
            continue
        if iri in seen:  # the same article twice in one run: the last copy wins, as in the serial path
            todo = [r for r in todo if str(article_iri(settings.base, article_id(r))) != iri]
        seen.add(iri)
        todo.append(item)
    if nquads_out is not None:
        from service.pipeline import ontology_quads

        nquads_out.write(serialize(ontology_quads(), format=RdfFormat.N_QUADS))
    else:
        ensure_ontology(store)
    values = dict(settings.values)
    bar = _Progress(len(todo), enabled=progress)
    pending: dict[str, list] = {}
    derived = _Derived() if nquads_out is not None else None

    def flush() -> None:
        if pending and nquads_out is not None:
            for quads in pending.values():
                nquads_out.write(serialize(quads, format=RdfFormat.N_QUADS))
                derived.add(quads)
            report.ingested.extend(pending)
            pending.clear()
        if pending:
            store.put_graphs(pending)
            report.ingested.extend(pending)
            pending.clear()

    def collect(results) -> None:
        for source, iri, nquads, message in results:
            if message is not None:
                report.failed.append((source, message))
            else:
                pending[iri] = list(parse(nquads, format=RdfFormat.N_QUADS))
        bar.update(len(results))
        if len(pending) >= commit:
            flush()

    try:
        for results in _map(todo, values, jobs=jobs, engine=engine, scheduler=scheduler, client=client,
                            batch=batch):
            collect(results)
        flush()
        if derived is not None:
            nquads_out.write(serialize(derived.quads(), format=RdfFormat.N_QUADS))
        if store is not None and len(report.ingested) >= OPTIMIZE_AFTER and hasattr(store, "optimize"):
            store.optimize()  # RocksDB compaction: smaller store, flat cost for later writes
    finally:
        bar.close()
    return report


class _Derived:
    """The entity graphs of the articles written to an N-Quads file, from their references."""

    def __init__(self) -> None:
        from service.mapping.entities import Derived

        self.derived = Derived()

    def add(self, quads) -> None:
        from service.rdfterms import quads_triples
        from service.vocab import NKG

        refs = {q.subject for q in quads if q.predicate.value == str(NKG.refersTo)}
        self.derived.add(quads_triples(q for q in quads if q.subject in refs))

    def quads(self) -> list:
        from service.rdfterms import triples_quads

        return [q for node, triples in sorted(self.derived.graphs().items())
                for q in triples_quads(triples, str(node))]


def _map(todo: list[RawArticle], values: dict, *, jobs: int, engine: str, scheduler: str | None, client,
         batch: int) -> Iterator[list]:
    """``extract_batch`` over the batches, results as they finish (order does not matter to the writer)."""
    batches = list(_batches(todo, batch))
    if not batches:
        return
    if engine == "dask":
        yield from _map_dask(batches, values, jobs=jobs, scheduler=scheduler, client=client)
        return
    if engine != "local":
        raise NewskgError(f"unknown engine {engine!r}; use local or dask")
    if jobs <= 1:
        for b in batches:
            yield extract_batch(values, b)
        return
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # One BLAS/OpenMP thread per worker: N workers each starting a thread per core oversubscribe the
    # machine (measured: --jobs 2 on 2 cores went from slower than --jobs 1 to 1.3x faster).
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")

    # spawn: the parent holds the store (RocksDB) and maybe threads; a forked child must not inherit them.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=init_worker,
                             initargs=(values,)) as pool:
        futures = [pool.submit(extract_batch, values, b) for b in batches]
        for fut in as_completed(futures):
            yield fut.result()


def _map_dask(batches: list[list[RawArticle]], values: dict, *, jobs: int, scheduler: str | None, client):
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as e:
        raise NewskgError("the dask engine needs dask[distributed] (pip install 'dask[distributed]')") from e
    own = []
    if client is None:
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            own.append(cluster)
            client = Client(cluster)
        own.insert(0, client)
    try:
        futures = client.map(extract_batch, [values] * len(batches), batches, pure=False)
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        for thing in own:
            thing.close()
