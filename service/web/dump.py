"""``/dump.ttl``, ``/dump.trig``, ``/dump.nq``, ``/dump.nt``: the whole graph, streamed.

pyoxigraph serialises natively (no Python object per quad) in a writer thread, into a small
bounded queue of ~256 KiB pieces that the response drains: memory stays flat however large the
store is, and a client that goes away stops the writer. Dataset formats (TriG, N-Quads) are one
native dump; triple formats (Turtle, N-Triples) dump the default graph, then each named graph
in turn (the union of all graphs: a triple two articles both assert is written once per
article, which parses to the same graph; Turtle repeats its prefixes per graph, which it allows).
Stores without a native dump (a remote SPARQL store) are serialised in chunks of quads.

Reading a large on-disk store is bounded by pyoxigraph decoding every term from RocksDB (about
16 MB/s of N-Quads, 8 MB/s of Turtle on 1M triples here), so a dump of an on-disk store is also
written, as it streams, to ``<store>.dumps/newskg.<ext>``, tagged with a fingerprint of the
store's files (names, sizes, modification times: every write appends to RocksDB's log). While the
fingerprint stays the same, the next dump is that file, sent with ``sendfile``; a write changes it
and the next dump is serialised afresh. A file whose store changed while it was being written is
thrown away.
"""

from __future__ import annotations

import json
import os
import queue
import tempfile
import threading
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.wsgi import wrap_file

from service.errors import NotFound
from service.formats import graph_format
from service.rdfterms import PREFIXES, serialize_quads
from service.web.state import state

bp = Blueprint("dump", __name__)
CHUNK = 20000  # quads per piece, for stores without a native dump
PIECE = 256 * 1024  # bytes per queued piece
DEPTH = 8  # queued pieces at most: about 2 MiB in flight
_DONE = object()


class _Stopped(Exception):
    """The reader went away: stop serialising."""


class _QueueWriter:
    """A binary file for pyoxigraph's serialisers that hands ~PIECE-byte pieces to a bounded queue."""

    def __init__(self, q: queue.Queue, stop: threading.Event) -> None:
        self.q, self.stop, self.buf, self.size = q, stop, [], 0

    def write(self, data) -> int:
        if self.stop.is_set():
            raise _Stopped()
        self.buf.append(bytes(data))
        self.size += len(data)
        if self.size >= PIECE:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buf:
            piece = b"".join(self.buf)
            self.buf, self.size = [], 0
            while True:
                if self.stop.is_set():
                    raise _Stopped()
                try:
                    self.q.put(piece, timeout=0.5)
                    return
                except queue.Full:
                    continue


def _native_dump(ox_store: ox.Store, fmt, w: _QueueWriter) -> None:
    prefixes = PREFIXES if fmt.name in ("turtle", "trig") else None
    if fmt.datasets:
        ox_store.dump(w, fmt.rdf, prefixes=prefixes)
        return
    for graph in [ox.DefaultGraph(), *ox_store.named_graphs()]:
        ox_store.dump(w, fmt.rdf, from_graph=graph, prefixes=prefixes)


def stream_native(ox_store: ox.Store, fmt):
    """Chunks of the whole store in ``fmt``, serialised by pyoxigraph in a writer thread."""
    q: queue.Queue = queue.Queue(maxsize=DEPTH)
    stop = threading.Event()
    failure: list[BaseException] = []

    def produce() -> None:
        w = _QueueWriter(q, stop)
        try:
            _native_dump(ox_store, fmt, w)
            w.flush()
        except _Stopped:
            return
        except BaseException as e:  # noqa: BLE001 - re-raised in the reader
            failure.append(e)
        while not stop.is_set():
            try:
                q.put(_DONE, timeout=0.5)
                return
            except queue.Full:
                continue

    writer = threading.Thread(target=produce, name="newskg-dump", daemon=True)
    writer.start()
    try:
        while True:
            piece = q.get()
            if piece is _DONE:
                break
            yield piece
        if failure:
            raise failure[0]
    finally:
        stop.set()  # the client went away (generator closed) or we are done
        writer.join(5)


def stream_dump(store, fmt):
    native = getattr(store, "_store", None)
    if isinstance(native, ox.Store):
        yield from stream_native(native, fmt)
        return
    quads = iter(store.quads())
    while True:
        batch = list(islice(quads, CHUNK))
        if not batch:
            return
        yield serialize_quads(batch, fmt)


def fingerprint(store_path: str) -> list:
    """What changes whenever the on-disk store does: its files' names, sizes and mtimes."""
    out = []
    with os.scandir(store_path) as entries:
        for e in entries:
            if e.name == "LOG" or e.name.startswith("LOG.old"):  # RocksDB's own info log
                continue
            st = e.stat()
            out.append([e.name, st.st_size, st.st_mtime_ns])
    out.sort()
    return out


def _cache_dir(store) -> Path | None:
    path = getattr(store, "path", None)
    if path is None or not isinstance(getattr(store, "_store", None), ox.Store):
        return None
    return Path(str(path).rstrip("/") + ".dumps")


def _cached(cache: Path, ext: str, fp: list) -> Path | None:
    target, meta = cache / f"newskg.{ext}", cache / f"newskg.{ext}.json"
    try:
        if json.loads(meta.read_text()) == fp and target.exists():
            return target
    except (OSError, ValueError):
        pass
    return None


def _tee_to_cache(pieces, store_path: str, cache: Path, ext: str, fp: list):
    """Yield ``pieces`` and write them to the cache; keep the file only if the store did not change."""
    try:
        cache.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".newskg.{ext}.", dir=cache)
        os.fchmod(fd, 0o644)
        out = os.fdopen(fd, "wb")
    except OSError:
        yield from pieces
        return
    complete = False
    try:
        for piece in pieces:
            out.write(piece)
            yield piece
        complete = True
    finally:
        out.close()
        try:
            if complete and fingerprint(store_path) == fp:
                os.replace(tmp, cache / f"newskg.{ext}")
                (cache / f"newskg.{ext}.json").write_text(json.dumps(fp))
            else:
                os.unlink(tmp)
        except OSError:
            pass


@bp.route("/dump.<ext>")
def dump(ext: str):
    if ext not in ("ttl", "trig", "nq", "nt", "jsonld"):
        raise NotFound(f"no dump in format .{ext}; try /dump.ttl, /dump.trig or /dump.nq")
    fmt = graph_format(ext)
    store = state().store
    if fmt.name == "jsonld":
        from io import BytesIO

        out = BytesIO()
        store.dump(out, fmt)
        return Response(out.getvalue(), content_type=fmt.content_type)
    headers = {"Content-Disposition": f'inline; filename="newskg.{ext}"'}
    cache = _cache_dir(store)
    if cache is None:
        return Response(stream_dump(store, fmt), content_type=fmt.content_type, headers=headers)
    fp = fingerprint(store.path)
    hit = _cached(cache, ext, fp)
    if hit is not None:
        try:
            f = open(hit, "rb")
        except OSError:
            pass
        else:
            headers["Content-Length"] = str(os.fstat(f.fileno()).st_size)
            return Response(wrap_file(request.environ, f, 1 << 20), content_type=fmt.content_type, headers=headers,
                            direct_passthrough=True)
    # Old cache files of this format are replaced when this one completes.
    body = _tee_to_cache(stream_native(store._store, fmt), store.path, cache, ext, fp)
    return Response(body, content_type=fmt.content_type, headers=headers)
