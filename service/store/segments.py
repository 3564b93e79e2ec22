"""Each graph's serialisation, kept beside the embedded store, so that a dump is a concatenation.

Reading a large on-disk Oxigraph store is bounded by decoding every term from RocksDB (about
16 MB/s of N-Quads on 1M triples here), while writing quads already in memory runs at
80-130 MB/s. So when newskg writes a graph it also keeps that graph's Turtle body (no prefix
lines: the dump writes them once) and its N-Quads, read back from the store just after the write,
in ``<store>.segments.sqlite`` (SQLite, from the standard library: transactional, one file). A
dump then reads the segments graph by graph.

The store (``OxigraphStore``) keeps the index honest; the rules, in the order it applies them:

* a write first *removes* the segments of the graphs it may change (all of them, for a SPARQL
  Update that could touch any graph), then writes the store, then adds fresh segments. A crash in
  between leaves a segment missing, never stale; a dump serialises a graph with no segment from
  the store and files the result (``fill``);
* a ``fill`` computed from a read that a write has since overtaken is dropped (``generation``);
* each segment records its graph's quad count; a dump compares their sum with the store's size
  and re-reads every graph's count if they differ, which catches most changes made to the store
  directory by other tools (``oxigraph load`` adds graphs, which simply have no segment yet).
  Changing a graph with another tool *without* changing its size is not detected: delete the
  ``.segments.sqlite`` file after such edits.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

from service.rdfterms import PREFIXES

TURTLE, NQUADS = "ttl", "nq"
# Segments written with other prefixes, or by an older layout, are not reused.
LAYOUT = "1:" + hashlib.sha256(repr(sorted(PREFIXES.items())).encode()).hexdigest()[:16]
DEFAULT_GRAPH = ""  # the key of the default graph; named graphs use their N-Triples form (<iri>)


def index_path(store_path: str) -> Path:
    return Path(str(store_path).rstrip("/") + ".segments.sqlite")



@contextmanager
def transaction(db: sqlite3.Connection):
    """One explicit SQLite transaction on an autocommit connection: committed, or rolled back on
    any exception (the sidecar files beside the store, segments and the search index, share it)."""
    db.execute("BEGIN")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")

class SegmentIndex:
    """Per-graph segments in SQLite; every method is safe to call from any thread."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path, self.read_only = path, read_only
        self._lock = threading.Lock()
        self.generation = 0  # bumped by every store write; see ``fill``
        if read_only:
            self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            self._db.execute("CREATE TABLE IF NOT EXISTS segment (graph TEXT, format TEXT, quads INTEGER, "
                             "body BLOB, PRIMARY KEY (graph, format))")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'layout'").fetchone()
            if row is None or row[0] != LAYOUT:
                with self._transaction():
                    self._db.execute("DELETE FROM segment")
                    self._db.execute("INSERT OR REPLACE INTO meta VALUES ('layout', ?)", (LAYOUT,))

    @classmethod
    def open(cls, store_path: str, *, read_only: bool = False) -> "SegmentIndex | None":
        path = index_path(store_path)
        if read_only and not path.exists():
            return None
        try:
            index = cls(path, read_only=read_only)
            if read_only and index._layout() != LAYOUT:
                index.close()
                return None
            return index
        except sqlite3.Error:
            return None  # an unusable index only costs speed: dumps read the store

    def _layout(self) -> str | None:
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'layout'").fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def _transaction(self):
        return transaction(self._db)

    # ---------------------------------------------------------------- writes (store write lock held)
    def forget(self, graphs: Iterable[str] | None) -> None:
        """Before a write: drop the segments of ``graphs`` (keys), or of every graph when None."""
        self.settle(graphs, ())

    def settle(self, graphs: Iterable[str] | None, rows: Iterable[tuple[str, str, int, bytes]]) -> None:
        """After a write: drop the segments of ``graphs`` (again: a dump may have filed one from a
        read made during the write) or of every graph when None, and file fresh
        ``(graph, format, quads, body)`` segments."""
        self.generation += 1
        if self.read_only:
            return
        with self._lock, self._transaction():
            if graphs is None:
                self._db.execute("DELETE FROM segment")
            else:
                self._db.executemany("DELETE FROM segment WHERE graph = ?", [(g,) for g in graphs])
            self._db.executemany("INSERT OR REPLACE INTO segment VALUES (?, ?, ?, ?)", rows)

    # ---------------------------------------------------------------- reads
    def counts(self, fmt: str) -> dict[str, int]:
        """Quad count of every graph that has a segment in ``fmt``."""
        with self._lock:
            return dict(self._db.execute("SELECT graph, quads FROM segment WHERE format = ?", (fmt,)))

    def body(self, graph: str, fmt: str) -> bytes | None:
        with self._lock:
            row = self._db.execute("SELECT body FROM segment WHERE graph = ? AND format = ?", (graph, fmt)).fetchone()
        return None if row is None else row[0]

    def fill(self, graph: str, fmt: str, quads: int, body: bytes, generation: int) -> None:
        """File a segment a dump serialised from the store, unless a write came after its read began."""
        if self.read_only:
            return
        with self._lock:
            if generation != self.generation:
                return
            self._db.execute("INSERT OR IGNORE INTO segment VALUES (?, ?, ?, ?)", (graph, fmt, quads, body))

    def drop(self, graphs: Iterable[str]) -> None:
        """Remove segments found out of date (their graph changed outside newskg)."""
        if self.read_only:
            return
        with self._lock:
            self._db.executemany("DELETE FROM segment WHERE graph = ?", [(g,) for g in graphs])

    def close(self) -> None:
        with self._lock:
            self._db.close()
