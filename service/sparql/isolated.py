"""Served queries in worker processes that can be stopped, over snapshots of the store.

pyoxigraph cannot cancel a query: an ``ORDER BY`` or ``COUNT`` over a cartesian product runs,
and grows, until it ends, whatever the client does. ``oxigraph serve --timeout-s`` does not stop
it either (measured: an ``ORDER BY ... LIMIT 1`` over 100k triples ran past 100 s with a 3 s
timeout). So the serving process owns the store and writes to it, and every query runs in a
worker process (``service.sparql.worker``) that reads a RocksDB checkpoint of the store:

* a checkpoint is hard links to the store's files (about 25 ms for 1M triples), made when a
  query first needs the store as it is after a write; older ones are removed once no query
  reads them;
* a worker that has not answered by the time limit is killed (SIGKILL), which releases its CPU
  and memory; one whose heap passes ``NEWSKG_QUERY_MEMORY_MB`` aborts; one that crashes takes
  only its own query down. The next query starts a fresh worker;
* workers start on demand, up to ``NEWSKG_QUERY_WORKERS``, from a fork server that has already
  imported pyoxigraph (a few ms each); idle ones beyond two leave after a minute.

:class:`IsolatedStore` wraps the store: writes, dumps and everything else go to the store itself,
``query`` and ``answer`` to the workers. The same ``answer_query`` runs in the worker as runs
in-process, so the answer is the same either way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from service import errors
from service.config import Settings
from service.sparql.text import check_shape

log = logging.getLogger("newskg.queries")

IDLE_SECONDS = 60  # an idle worker beyond the first KEEP_IDLE leaves after this long
KEEP_IDLE = 2


@dataclass
class _Snapshot:
    generation: int
    path: Path
    readers: int = 0
    retired: bool = False


class Snapshots:
    """Checkpoints of the store, one per write generation that a query has asked for."""

    def __init__(self, store, root: Path) -> None:
        self.store, self.root = store, root
        shutil.rmtree(root, ignore_errors=True)  # left by an earlier server
        root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._current: _Snapshot | None = None
        self._old: list[_Snapshot] = []
        self._made = 0

    def acquire(self) -> _Snapshot:
        """The snapshot of the store as it is now (as it was before a write that is running)."""
        with self._lock:
            gen = self.store.generation
            if self._current is None or gen is not None and gen != self._current.generation:
                self._made += 1
                path = self.root / f"{self._made}"
                self.store.checkpoint(str(path))
                if self._current is not None:
                    self._current.retired = True
                    self._old.append(self._current)
                self._current = _Snapshot(gen if gen is not None else -1, path)
            self._current.readers += 1
            snap = self._current
            self._collect()
            return snap

    def release(self, snap: _Snapshot) -> None:
        with self._lock:
            snap.readers -= 1
            self._collect()

    def _collect(self) -> None:
        for snap in [s for s in self._old if s.readers <= 0]:
            shutil.rmtree(snap.path, ignore_errors=True)
            self._old.remove(snap)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object
    idle_since: float = field(default_factory=time.monotonic)


class QueryWorkers:
    """A pool of query worker processes; each job is answered, refused, or stopped at the limit."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.size = max(1, int(settings.query_workers))
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(["service.sparql.worker"])
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._running = 0  # workers started and not yet gone
        self.counts: Counter = Counter()  # answered, timeouts, memory, crashes, waited
        self._closed = False

    def run(self, job: tuple, deadline: float) -> tuple[str, bytes]:
        """Send ``job`` to a worker; its ``(kind, body)``, or the error it raised, or ours."""
        worker = self._take(deadline)
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._kill(worker)
                self._count("timeouts")
                raise errors.QueryTimeout(f"the query ran longer than {self.settings.query_timeout:g} s "
                                          "(NEWSKG_QUERY_TIMEOUT) and was stopped")
            try:
                reply = worker.conn.recv()
                body = worker.conn.recv_bytes() if reply[0] == "ok" else b""
            except (EOFError, OSError):
                raise self._died(worker) from None
        except BaseException:
            self._forget(worker)
            raise
        self._give_back(worker)
        if reply[0] == "error":
            cls = getattr(errors, reply[1], errors.NewskgError)
            raise (cls if isinstance(cls, type) and issubclass(cls, errors.NewskgError) else errors.NewskgError)(reply[2])
        self._count("answered")
        return reply[1], body

    def _count(self, event: str) -> None:
        with self._cond:
            self.counts[event] += 1

    # ------------------------------------------------------------------ workers
    def _take(self, deadline: float) -> _Worker:
        with self._cond:
            self._reap()
            while True:
                if self._closed:
                    raise errors.StoreError("the query workers are shutting down")
                if self._idle:
                    return self._idle.pop()
                if self._running < self.size:
                    self._running += 1
                    break
                self.counts["waited"] += 1  # (the lock is held)
                if not self._cond.wait(timeout=max(0.0, deadline - time.monotonic())) \
                        and time.monotonic() >= deadline:
                    raise errors.QueryTimeout(f"all {self.size} query workers stayed busy for the whole time limit "
                                              "(NEWSKG_QUERY_WORKERS); try again")
        try:
            return self._start()
        except BaseException:
            with self._cond:
                self._running -= 1
                self._cond.notify()
            raise

    def _start(self) -> _Worker:
        from service.sparql import worker as worker_module

        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=worker_module.main, name="newskg-query",
                                    args=(child, dict(self.settings.values), int(self.settings.query_memory_mb)),
                                    daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _give_back(self, worker: _Worker) -> None:
        with self._cond:
            worker.idle_since = time.monotonic()
            self._idle.append(worker)
            self._cond.notify()

    def _forget(self, worker: _Worker) -> None:
        """A worker that must not take another job (killed, died, or in an unknown state)."""
        if worker.process.is_alive():
            self._kill(worker)
        worker.conn.close()
        with self._cond:
            self._running -= 1
            self._cond.notify()

    @staticmethod
    def _kill(worker: _Worker) -> None:
        try:
            os.kill(worker.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        worker.process.join(5)

    def _died(self, worker: _Worker) -> errors.NewskgError:
        worker.process.join(5)
        code = worker.process.exitcode
        if code in (-signal.SIGABRT, -signal.SIGKILL):  # allocation failed under RLIMIT_DATA, or OOM-killed
            self._count("memory")
            return errors.TooLarge(f"the query needed more than {self.settings.query_memory_mb} MB "
                                   "(NEWSKG_QUERY_MEMORY_MB) and was stopped")
        self._count("crashes")
        log.warning("a query worker died (exit code %s)", code)
        return errors.QueryError("the query engine failed on this query (its worker process died); "
                                 "simplify the query")

    def _reap(self) -> None:
        """Let idle workers beyond the first KEEP_IDLE go after IDLE_SECONDS (lock held)."""
        now = time.monotonic()
        self._idle.sort(key=lambda w: w.idle_since)
        while len(self._idle) > KEEP_IDLE and now - self._idle[0].idle_since > IDLE_SECONDS:
            old = self._idle.pop(0)
            old.conn.close()  # the worker sees EOF and leaves
            old.process.join(1)
            self._running -= 1

    def status(self) -> dict:
        with self._cond:
            counts = {k: self.counts[k] for k in ("answered", "timeouts", "memory", "crashes", "waited")}
            return {"workers": self._running, "idle": len(self._idle), "limit": self.size, **counts}

    def close(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for w in idle:
            w.conn.close()
            w.process.join(1)
            if w.process.is_alive():
                self._kill(w)


def _let_go(workers: QueryWorkers, snapshots: Snapshots) -> None:
    workers.close()
    snapshots.close()


def snapshot_root(store_path: str) -> Path:
    """Where the query snapshots of the store at ``store_path`` live (beside it: hard links need
    the same file system)."""
    return Path(str(store_path).rstrip("/") + ".snapshots")


class IsolatedStore:
    """The store, with queries answered by worker processes over its snapshots."""

    def __init__(self, store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.snapshots = Snapshots(store, snapshot_root(store.path))
        self.workers = QueryWorkers(settings)
        # When this store is dropped or the process exits normally, no worker and no snapshot
        # stay behind (servers that end their workers with a signal skip this: `newskg serve`
        # removes the snapshots when it stops, and the next start removes any left after a kill).
        self._let_go = weakref.finalize(self, _let_go, self.workers, self.snapshots)

    def __getattr__(self, name: str):
        return getattr(self.store, name)  # writes, dumps, counts: the store itself

    def _run(self, query: str, options: dict, forced: str | None, accept: str | None, transport: bool):
        check_shape(query, max_bytes=self.settings.max_query_bytes)  # a clear 4xx before any worker
        deadline = time.monotonic() + self.settings.query_timeout
        snap = self.snapshots.acquire()
        try:
            return self.workers.run((str(snap.path), query, options, forced, accept, transport), deadline)
        finally:
            self.snapshots.release(snap)

    def answer(self, query: str, *, forced: str | None = None, accept: str | None = None,
               **options) -> tuple[str, bytes]:
        """``(content type, body)`` of the answer, computed by a worker (see ``answer_query``)."""
        return self._run(query, options, forced, accept, False)

    def query(self, query: str, **options):
        """The answer as pyoxigraph objects (solutions, triples or a boolean), computed by a worker."""
        kind, body = self._run(query, options, None, None, True)
        if kind == "graph":
            from service.store.remote import _as_query_triples

            return _as_query_triples(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def status(self) -> dict:
        return self.workers.status()

    def close(self) -> None:
        self._let_go()
        self.store.close()


def isolate(store, settings: Settings):
    """``store`` with its queries in worker processes, when it is an embedded store on disk and
    ``NEWSKG_QUERY_WORKERS`` is above 0; else ``store`` itself."""
    if int(settings.query_workers) <= 0 or getattr(store, "path", None) is None \
            or not hasattr(store, "checkpoint"):
        return store
    return IsolatedStore(store, settings)
