"""One query worker process: answers SPARQL queries over a read-only snapshot of the store.

The serving process (``service.sparql.isolated``) sends a job, waits for the answer until the
time limit, and kills this process when the limit passes: pyoxigraph cannot stop a query once it
runs (an ``ORDER BY`` over a cartesian product never returns to Python), but the kernel can stop
a process, and then every byte and every cycle the query held is released. The process's heap is
capped (``RLIMIT_DATA``), so a query that needs more memory aborts here instead of growing the
server.

The cap counts thread stacks too, so the worker starts no thread per query: its whole loop runs on
one large-stack thread reserved at start-up, and its own deadline (for a parent that is gone) is an
``alarm``, whose default action ends the process.

A job is ``(snapshot directory, query, options, forced format, Accept header, transport)`` and the
answer ``("ok", content type)`` followed by the body's bytes, or ``("error", class name, message)``.
"""

from __future__ import annotations

import resource
import signal
from multiprocessing.connection import Connection

import pyoxigraph as ox

from service import errors
from service.config import Settings
from service.store.deep_stack import on_large_stack

GRACE_SECONDS = 10  # after the time limit, a worker whose parent is gone stops itself


def transport_answer(store, query: str, settings: Settings, **options) -> tuple[str, bytes]:
    """The answer in a form the parent parses back into pyoxigraph objects: SPARQL JSON for
    solutions and booleans, N-Triples for graphs."""
    from service.sparql.results import run_query

    result = run_query(store, query, settings=settings, **options)
    if result.kind == "graph":
        return "graph", ox.serialize(result.triples(), format=ox.RdfFormat.N_TRIPLES)
    if result.kind == "boolean":
        return "results", b'{"head":{},"boolean":%s}' % (b"true" if result.value else b"false")
    from service.formats import results_format

    return "results", b"".join(result.chunks(results_format("json")))


def main(conn: Connection, values: dict, memory_mb: int) -> None:
    """The worker's process: cap its heap, then answer jobs on one large-stack thread until the
    parent closes the connection."""
    limit = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    on_large_stack(lambda: _answer_jobs(conn, Settings(values)))


def _answer_jobs(conn: Connection, settings: Settings) -> None:
    """One job at a time: open the job's snapshot (kept open while jobs name the same one), answer,
    send the reply and the body's bytes."""
    opened: tuple[str, object] | None = None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        path, query, options, forced, accept, transport = job
        signal.alarm(int(settings.query_timeout + GRACE_SECONDS + 1))
        try:
            if opened is None or opened[0] != path:
                from service.store.oxigraph import OxigraphStore

                opened = None  # let the previous snapshot go before opening the next
                opened = (path, OxigraphStore(ox.Store.read_only(path), None, read_only=True))
            store = opened[1]
            if transport:
                kind, body = transport_answer(store, query, settings, **options)
            else:
                from service.sparql.results import answer_query

                kind, body = answer_query(store, query, settings=settings, forced=forced, accept=accept, **options)
            reply = ("ok", kind)
        except errors.NewskgError as e:
            reply, body = ("error", type(e).__name__, e.message), b""
        except MemoryError:
            reply, body = ("error", "TooLarge", "the query needed more than the query worker's memory "
                                                 "(NEWSKG_QUERY_MEMORY_MB) and was stopped"), b""
        except Exception as e:  # noqa: BLE001 - told to the parent, which answers 500
            reply, body = ("error", "NewskgError", f"the query failed: {type(e).__name__}: {e}"), b""
        finally:
            signal.alarm(0)
        try:
            conn.send(reply)
            if reply[0] == "ok":
                conn.send_bytes(body)
        except (EOFError, OSError, BrokenPipeError):
            return
