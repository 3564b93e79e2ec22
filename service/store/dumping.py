"""The whole embedded store as a stream of bytes in any graph format, with flat memory.

From segments (``segments.py``) when the store has them: the prefix lines once, then each graph's
segment, read one at a time. A graph without a segment (written by another tool, or after a
crash) is serialised from the store; when it is small it is also filed as a segment, when it is
large it is streamed natively and not kept. Triple formats (Turtle, N-Triples) get the default
graph and then every named graph in turn: the union of all graphs (a triple two articles both
assert is written once per article, which parses to the same graph).

Stores without segments (in memory, or opened read-only without an index) are serialised by
pyoxigraph in a writer thread, into a small bounded queue of pieces the reader drains.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable, Iterator

import pyoxigraph as ox

from service.rdfterms import PREFIXES
from service.store.segments import DEFAULT_GRAPH, NQUADS, TURTLE, SegmentIndex

PIECE = 256 * 1024  # bytes per queued piece from a native writer
DEPTH = 8  # queued pieces at most: about 2 MiB in flight
BATCH = 1 << 20  # segments are yielded in pieces of about this size
SEGMENT_MAX_QUADS = 100_000  # a larger graph without a segment is streamed, not filed
MANY = 50  # more graphs than this without a segment: count them all in one query
_DONE = object()


def strip_prefixes(turtle: bytes) -> bytes:
    """A Turtle document without its leading ``@prefix`` lines (the dump writes them once)."""
    start = 0
    while turtle.startswith(b"@prefix ", start):
        start = turtle.index(b"\n", start) + 1
    return turtle[start:]


def prefix_header() -> bytes:
    return "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()).encode()


def read_graphs(ox_store: ox.Store, graph_iris) -> dict[str, list]:
    """The quads of named graphs, read back from the store (so exactly what it holds)."""
    return {iri: list(ox_store.quads_for_pattern(None, None, None, ox.NamedNode(iri))) for iri in graph_iris}


def segment_rows(ox_store: ox.Store, graph_iris, read: dict[str, list] | None = None) -> list[tuple[str, str, int, bytes]]:
    """Fresh segments of named graphs, from their quads as the store holds them (``read``, or read now)."""
    rows = []
    read = read if read is not None else read_graphs(ox_store, graph_iris)
    for iri in graph_iris:
        quads = read[iri]
        if not quads:
            continue
        key = str(ox.NamedNode(iri))
        turtle = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        rows.append((key, TURTLE, len(quads), strip_prefixes(turtle)))
        rows.append((key, NQUADS, len(quads), ox.serialize(quads, format=ox.RdfFormat.N_QUADS)))
    return rows


# ---------------------------------------------------------------- native streaming


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


def stream_native(write: Callable[[_QueueWriter], None]) -> Iterator[bytes]:
    """The pieces ``write(file)`` produces, run in a writer thread (pyoxigraph serialises natively)."""
    q: queue.Queue = queue.Queue(maxsize=DEPTH)
    stop = threading.Event()
    failure: list[BaseException] = []

    def produce() -> None:
        w = _QueueWriter(q, stop)
        try:
            write(w)
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


def dump_native(ox_store: ox.Store, fmt) -> Iterator[bytes]:
    """The whole store in ``fmt``, serialised by pyoxigraph without segments."""
    prefixes = PREFIXES if fmt.name in ("turtle", "trig") else None

    def write(w) -> None:
        if fmt.datasets:
            ox_store.dump(w, fmt.rdf, prefixes=prefixes)
            return
        for graph in [ox.DefaultGraph(), *ox_store.named_graphs()]:
            ox_store.dump(w, fmt.rdf, from_graph=graph, prefixes=prefixes)

    return stream_native(write)


# ---------------------------------------------------------------- from segments


def _graph_term(key: str):
    if key == DEFAULT_GRAPH:
        return ox.DefaultGraph()
    return ox.BlankNode(key[2:]) if key.startswith("_:") else ox.NamedNode(key[1:-1])


def _count(ox_store: ox.Store, key: str) -> int:
    if key.startswith("_:"):  # SPARQL cannot name a stored blank node
        return sum(1 for _ in ox_store.quads_for_pattern(None, None, None, _graph_term(key)))
    where = "{ ?s ?p ?o }" if key == DEFAULT_GRAPH else f"{{ GRAPH {key} {{ ?s ?p ?o }} }}"
    [row] = ox_store.query(f"SELECT (COUNT(*) AS ?n) WHERE {where}")
    return int(row[0].value)


def _all_counts(ox_store: ox.Store) -> dict[str, int]:
    counts = {str(row[0]): int(row[1].value) for row in ox_store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    counts[DEFAULT_GRAPH] = _count(ox_store, DEFAULT_GRAPH)
    return counts


def _plan(ox_store: ox.Store, index: SegmentIndex, base: str) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """The graphs to dump, in order, the ones whose segment can be used, and the others' sizes."""
    keys = [DEFAULT_GRAPH, *sorted(str(g) for g in ox_store.named_graphs())]
    filed = index.counts(base)
    usable = {k: filed[k] for k in keys if k in filed}
    missing = [k for k in keys if k not in usable]
    all_counts = _all_counts(ox_store) if len(missing) > MANY else None
    sizes = {k: all_counts.get(k, 0) if all_counts is not None else _count(ox_store, k) for k in missing}
    if sum(usable.values()) + sum(sizes.values()) != len(ox_store):
        # The store changed outside newskg: find the graphs whose size no longer matches.
        all_counts = all_counts if all_counts is not None else _all_counts(ox_store)
        stale = [k for k, n in usable.items() if all_counts.get(k, 0) != n]
        index.drop(stale)
        for k in stale:
            del usable[k]
            sizes[k] = all_counts.get(k, 0)
    return keys, usable, sizes


def _serialise_graph(ox_store: ox.Store, key: str, base: str) -> bytes:
    """One graph's segment, serialised from the store (pyoxigraph writes one graph as triples)."""
    graph = _graph_term(key)
    if base == TURTLE:
        return strip_prefixes(ox_store.dump(format=ox.RdfFormat.TURTLE, from_graph=graph, prefixes=PREFIXES))
    lines = ox_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    return lines if key == DEFAULT_GRAPH else _add_graph(lines, key)


def _add_graph(ntriples: bytes, key: str) -> bytes:
    """N-Triples lines to N-Quads lines in graph ``key`` (lines end with " .\n"; N-Triples escapes
    newlines inside literals, so that can only be a line's end)."""
    return ntriples.replace(b" .\n", b" " + key.encode() + b" .\n")


def _wrap(key: str, body: bytes, fmt) -> bytes:
    """A graph's segment (Turtle body or N-Quads) in the output format."""
    if fmt.name == "turtle" or fmt.name == "nq" or not body:
        return body
    if fmt.name == "trig":
        return (b"{\n" if key == DEFAULT_GRAPH else key.encode() + b" {\n") + body + b"}\n"
    # N-Triples from N-Quads: drop the graph term before each line's final " ." (N-Quads escapes
    # newlines inside literals, so " <g> .\n" can only be a line's end).
    return body if key == DEFAULT_GRAPH else body.replace(b" " + key.encode() + b" .\n", b" .\n")


def _stream_large(ox_store: ox.Store, key: str, fmt) -> Iterator[bytes]:
    """A large graph without a segment, streamed natively (Turtle without prefixes: full IRIs)."""
    graph = _graph_term(key)
    if fmt.name in ("turtle", "trig"):
        if fmt.name == "trig":
            yield b"{\n" if key == DEFAULT_GRAPH else key.encode() + b" {\n"
        yield from stream_native(lambda w: ox_store.dump(w, ox.RdfFormat.TURTLE, from_graph=graph))
        if fmt.name == "trig":
            yield b"}\n"
        return
    pieces = stream_native(lambda w: ox_store.dump(w, ox.RdfFormat.N_TRIPLES, from_graph=graph))
    if fmt.name == "nt" or key == DEFAULT_GRAPH:
        yield from pieces
        return
    carry = b""
    for piece in pieces:  # N-Triples to N-Quads, whole lines at a time
        piece = carry + piece
        cut = piece.rfind(b"\n") + 1
        carry = piece[cut:]
        yield _add_graph(piece[:cut], key)
    if carry:
        yield carry


def dump_segments(ox_store: ox.Store, index: SegmentIndex, fmt) -> Iterator[bytes]:
    """The whole store in ``fmt`` (Turtle, TriG, N-Triples or N-Quads), from segments where it can."""
    base = TURTLE if fmt.name in ("turtle", "trig") else NQUADS
    generation = index.generation
    keys, usable, sizes = _plan(ox_store, index, base)
    batch: list[bytes] = [prefix_header()] if base == TURTLE else []
    size = 0
    for key in keys:
        body = index.body(key, base) if key in usable else None
        if body is None:
            n = sizes.get(key)
            if n is None:
                n = _count(ox_store, key)
            if n == 0:
                continue
            if n > SEGMENT_MAX_QUADS:
                if batch:
                    yield b"".join(batch)
                    batch, size = [], 0
                yield from _stream_large(ox_store, key, fmt)
                continue
            body = _serialise_graph(ox_store, key, base)
            index.fill(key, base, n, body, generation)
        piece = _wrap(key, body, fmt)
        batch.append(piece)
        size += len(piece)
        if size >= BATCH:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def fill_missing(ox_store: ox.Store, index: SegmentIndex, stop: Callable[[], bool] = lambda: False) -> int:
    """File the segments the index lacks (graphs other tools wrote, or a write a crash cut short),
    in both formats, so that even the first dump is fast; stops early when ``stop()`` says so.
    Returns how many it filed."""
    filed = 0
    for base in (TURTLE, NQUADS):
        for _ in range(3):  # a write while filing drops the fills: plan again
            generation = index.generation
            keys, usable, sizes = _plan(ox_store, index, base)
            for key in keys:
                if stop():
                    return filed
                n = sizes.get(key, 0)
                if key in usable or n == 0 or n > SEGMENT_MAX_QUADS:
                    continue
                index.fill(key, base, n, _serialise_graph(ox_store, key, base), generation)
                if generation != index.generation:
                    break
                filed += 1
            else:
                break
    return filed
