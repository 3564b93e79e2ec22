"""Where articles are analysed: in this process, in worker processes forked from it, or on Dask.

Extraction (article → its named graph) is a pure map, so it runs in parallel. ``jobs > 1`` forks
the workers from a process where the spaCy pipeline is already loaded and the mapping's rules
are filled (``Pipeline.warm``): the workers start warm at once, sharing the model's memory with
the parent, rather than each importing spaCy and loading the model again (which made small
parallel runs barely faster than serial ones). The engine ``dask`` runs the same map on a Dask
cluster, whose workers load the pipeline once each, on their first task.

Every result goes back to the one writer (``ingest.writer``); a worker never touches the store.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from typing import Iterator

from service.config import Settings
from service.errors import NewskgError
from service.ir import RawArticle

BATCH = 8     # articles per task at most (one nlp.pipe call)


@dataclass(frozen=True)
class Extracted:
    """One article's graph, from a worker: quads in this process, N-Quads bytes from another."""
    source: str
    iri: str
    id: str
    claims: int
    entities: int
    graph: object  # list[pyoxigraph.Quad] | bytes


@dataclass(frozen=True)
class Refused:
    """An article that could not be analysed, and why (``error`` only when analysed in this process)."""
    source: str
    message: str
    error: Exception | None = None


# ------------------------------------------------------------------ one batch (runs in any worker)

_local = threading.local()
_warm: dict = {}  # the parent's warm pipeline, by settings, inherited by forked workers


def _key(values: dict) -> tuple:
    return tuple(sorted((k, repr(v)) for k, v in values.items()))


def worker_pipeline(values: dict):
    """One Pipeline per worker process or thread, for these settings; its own linker (an HTTP
    session and a cache database must not be shared across a fork), the parent's loaded model."""
    from service.ingest.pipeline import Pipeline

    key = _key(values)
    if getattr(_local, "key", None) != key:
        _local.pipeline = Pipeline(Settings(dict(values)))
        _local.key = key
    return _local.pipeline


def extract_batch(values: dict, raws: list[RawArticle], *, serialize: bool = True, pipeline=None) -> list:
    """Articles → an ``Extracted`` or a ``Refused`` each, in order.

    The batch goes through ``nlp.pipe`` at once; an article refused by the checks is reported on
    its own without failing the others, and a batch that breaks is redone article by article to
    find the one at fault.
    """
    from pyoxigraph import RdfFormat
    from pyoxigraph import serialize as to_nquads

    from service.ingest.pipeline import check_raw

    pipeline = pipeline or worker_pipeline(values)
    out: dict[int, object] = {}
    good: list[tuple[int, RawArticle]] = []
    for i, raw in enumerate(raws):
        try:
            good.append((i, check_raw(raw, pipeline.settings)))
        except NewskgError as e:
            out[i] = Refused(raw.source or "", e.message, e)

    def one(i: int, article) -> None:
        quads = pipeline.quads(article)
        graph = to_nquads(quads, format=RdfFormat.N_QUADS) if serialize else quads
        out[i] = Extracted(raws[i].source or "", pipeline.iri(article), article.id, len(article.claims),
                           len(article.entities), graph)

    try:
        for (i, _raw), article in zip(good, pipeline.analyse([r for _, r in good])):
            one(i, article)
    except Exception:  # noqa: BLE001 - one article broke the batch: redo it article by article
        for i, raw in good:
            if i in out:
                continue
            try:
                one(i, next(pipeline.analyse([raw])))
            except NewskgError as e:
                out[i] = Refused(raw.source or "", e.message, e)
            except Exception as e:  # noqa: BLE001 - a bug on one article must not stop the run
                out[i] = Refused(raw.source or "", f"the article could not be analysed ({type(e).__name__}: {e})", e)
    if serialize:  # exceptions do not always pickle; the message says it all
        out = {i: Refused(r.source, r.message) if isinstance(r, Refused) else r for i, r in out.items()}
    return [out[i] for i in range(len(raws))]


# ------------------------------------------------------------------ the map


def batches(items: list[RawArticle], jobs: int, size: int = BATCH) -> list[list[RawArticle]]:
    """Batches of at most ``size`` articles, smaller for small runs so that every worker gets
    several. With several workers the longest articles go first (longest processing time first)
    and the last ``jobs`` batches' worth go one article at a time: the workers then end within one
    short article of each other, and the writer's last write, done with the other cores idle, is
    one graph."""
    size = max(1, min(size, len(items) // (max(jobs, 1) * 8)))
    if jobs <= 1:
        return [items[i:i + size] for i in range(0, len(items), size)]
    items = sorted(items, key=lambda raw: len(raw.text), reverse=True)
    split = max(0, len(items) - jobs * size)
    return [items[i:min(i + size, split)] for i in range(0, split, size)] + [[raw] for raw in items[split:]]


def run_map(todo: list[RawArticle], settings: Settings, *, jobs: int = 1, engine: str = "local",
            scheduler: str | None = None, client=None, pipeline=None) -> Iterator[list]:
    """``extract_batch`` over the articles; results as they finish, the batches that finished
    together in one list (order does not matter to the writer). ``pipeline``: this process's, when it
    has one loaded already."""
    values = dict(settings.values)
    if engine == "dask":
        yield from _map_dask(batches(todo, jobs), values, jobs=jobs, scheduler=scheduler, client=client)
        return
    if engine != "local":
        raise NewskgError(f"unknown engine {engine!r}; use local or dask")
    if jobs <= 1:
        from service.ingest.pipeline import Pipeline

        pipeline = pipeline or Pipeline(settings)
        for b in batches(todo, 1):
            yield extract_batch(values, b, serialize=False, pipeline=pipeline)
        return
    yield from _map_forked(batches(todo, jobs), values, settings, jobs=jobs)


def _exit_with_parent(parent: int) -> None:
    """Leave when the ingest process is gone: a SIGKILLed parent cannot tell its workers, which
    would otherwise wait for tasks for ever."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _init_worker(parent: int, values: dict | None = None) -> None:
    """Watch the parent; a spawned worker (``values`` given) also loads its pipeline before its first task."""
    threading.Thread(target=_exit_with_parent, args=(parent,), name="newskg-parent-watch", daemon=True).start()
    if values is not None:
        worker_pipeline(values).warm()


def one_thread_each() -> None:
    """One BLAS/OpenMP thread per worker: N workers each starting a thread per core oversubscribe
    the machine (measured: --jobs 2 on 2 cores went from slower than --jobs 1 to 1.3x faster).
    The variables must be set before numpy loads, so this runs before anything imports spaCy."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def prepare_forking(settings: Settings) -> None:
    """Load and warm the pipeline in this process, to be inherited by the workers forked next."""
    from service.ingest.pipeline import Pipeline

    key = _key(settings.values)
    if key not in _warm:
        _warm[key] = Pipeline(settings, link=False).warm()


def _map_forked(batches_: list[list[RawArticle]], values: dict, settings: Settings, *, jobs: int):
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    if not batches_:
        return
    if "fork" in multiprocessing.get_all_start_methods():
        # fork, not spawn: the model and the mapping's rules are in memory already, shared copy-on-write.
        # The workers fork before the executor starts its threads, and never touch what they inherit
        # beyond the pipeline: the store and the linker stay the parent's.
        prepare_forking(settings)
        ctx, initargs = multiprocessing.get_context("fork"), (os.getpid(),)
    else:  # no fork on this system: each worker loads the pipeline itself
        ctx, initargs = multiprocessing.get_context("spawn"), (os.getpid(), values)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=initargs) as pool:
        waiting = {pool.submit(extract_batch, values, b) for b in batches_}
        while waiting:
            # Every batch finished by now, at once: a writer that fell behind catches up in one write
            # rather than one per batch.
            done, waiting = wait(waiting, return_when=FIRST_COMPLETED)
            yield [r for fut in done for r in fut.result()]


def _map_dask(batches_: list[list[RawArticle]], values: dict, *, jobs: int, scheduler: str | None, client):
    if not batches_:
        return
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
        futures = client.map(extract_batch, [values] * len(batches_), batches_, pure=False)
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        for thing in own:
            thing.close()
