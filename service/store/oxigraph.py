"""The embedded store: pyoxigraph on disk (RocksDB), opened by one process at a time.

Each article is written in one SPARQL update (drop its graph, insert the new one, derive again
the graphs of the shared actors and places it names: ``entities.py``), which Oxigraph applies as
one transaction: after a crash an article and the entity graphs it changes are all there or absent.
Every write also keeps the graphs' serialisations beside the store up to date (``segments.py``),
which is what makes dumps fast, and the full-text index of claims and names (``search/``).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import IO, Iterable, Iterator

from pyoxigraph import NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, serialize
from pyoxigraph import Store as OxStore

from service.errors import QueryError, StoreError
from service.store.deep_stack import on_large_stack
from service.store.dumping import dump_native, dump_segments, fill_missing, read_graphs, segment_rows
from service.store.entities import REFERS_TO, referenced
from service.store.search import StoreSearch
from service.store.segments import SegmentIndex
from service.store.updates import (PENDING, delete_graphs, derive_loaded, drop_pending, mark_pending, pending_query,
                                   replace_graphs)

log = logging.getLogger(__name__)


def _remove_old_dump_cache(path: Path) -> None:
    """Earlier versions kept whole dumps in ``<store>.dumps/``; the segments replace them."""
    old = Path(str(path).rstrip("/") + ".dumps")
    if old.is_dir() and all(f.name.lstrip(".").startswith("newskg.") for f in old.iterdir()):
        shutil.rmtree(old, ignore_errors=True)


def _reason(e: OSError) -> str:
    """Why RocksDB could not open or write the store, in a few words a user can act on."""
    text = str(e)
    low = text.lower()
    if "lock" in low:
        return "another process holds it (is `newskg serve` or an ingest using it?)"
    if "permission denied" in low or "read-only file system" in low:
        return "permission denied (this user cannot write to the directory)"
    if "no space left" in low:
        return "the disk is full"
    return text.rsplit(": ", 1)[-1][:200]


def _in_graph(graph_iri: str, quads: Iterable[Quad]) -> list[Quad]:
    """The quads as triples of ``graph_iri`` (what ``put_graphs`` writes whatever their graph name)."""
    node = NamedNode(graph_iri)
    return [q if q.graph_name == node else Quad(q.subject, q.predicate, q.object, node) for q in quads]


class OxigraphStore:
    """A pyoxigraph ``Store`` with the operations newskg needs and its errors translated."""

    def __init__(self, store: OxStore, path: str | None, *, read_only: bool = False) -> None:
        self._store = store
        self.path = path
        self.read_only = read_only
        # pyoxigraph is safe to share between threads, but newskg keeps one writer at a time so
        # that concurrent ingests of the same article cannot interleave drop and insert.
        self._write_lock = threading.Lock()
        self._segments = SegmentIndex.open(path, read_only=read_only) if path else None
        self._search = StoreSearch(path, lambda: self._store, self._write_lock, read_only=read_only)
        self._generation = 0  # odd while a write runs; see ``generation``
        # After a failed write RocksDB refuses every later one (a disk that filled up stays "full"
        # until the store is reopened): the next write reopens it first. /healthz reports these.
        self.write_failures = 0
        self.last_write_failure: tuple[float, str] | None = None
        self._reopen_before_write = False

    @classmethod
    def open(cls, path: str | Path | None, *, read_only: bool = False) -> "OxigraphStore":
        if path is None:
            return cls(OxStore(), None)
        path = Path(path)
        try:
            if read_only:
                if not path.exists():
                    OxStore(str(path)).flush()  # an empty store answers queries with no rows
                store = OxStore.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                store = OxStore(str(path))
                _remove_old_dump_cache(path)
        except OSError as e:
            raise StoreError(f"cannot open the store at {path}: {_reason(e)}", detail=str(e)) from e
        opened = cls(store, str(path), read_only=read_only)
        if not read_only:
            opened._undo_pending()
        return opened

    # ------------------------------------------------------------------ writes
    def put_graph(self, graph_iri: str, quads: Iterable[Quad]) -> None:
        self.put_graphs({graph_iri: list(quads)})

    def put_graphs(self, graphs: dict[str, list[Quad]]) -> None:
        if not graphs:
            return
        graphs = {g: list(quads) for g, quads in graphs.items()}
        with self._write_lock:
            self._replace_graphs(graphs)

    def _replace_graphs(self, graphs: dict[str, list[Quad]]) -> None:
        """``put_graphs`` with the write lock held."""
        touched = {*graphs, *self._named_by(graphs), *set().union(*(referenced(q) for q in graphs.values()))}
        self._written(sorted(touched), lambda: self._store.update(replace_graphs(graphs)),
                      "writing to the store failed")

    def put_graphs_bulk(self, graphs: dict[str, list[Quad]]) -> None:
        """``put_graphs`` for a bulk run, at about half the writer's CPU per article: the graphs new to
        the store go in through RocksDB's bulk loader (sorted files added to the database whole, no
        SPARQL text to parse, no transaction log), then one update derives the graphs of the actors and
        places they name; graphs already in the store are replaced by ``put_graphs``.

        The two steps are not one transaction: a reader between them sees the new articles before
        their actors' graphs (a bulk run has the store to itself: RocksDB's lock). So the graphs are
        first recorded as pending, in the store; the derivation removes the record in its own
        transaction, and a store opened after a crash between the steps drops the graphs still
        recorded (``_undo_pending``): every article is then complete with its actors derived, or absent."""
        graphs = {g: _in_graph(g, quads) for g, quads in graphs.items()}
        if not graphs:
            return
        if self.path is None:  # the bulk loader writes files: an in-memory store takes them as usual
            self.put_graphs(graphs)
            return
        with self._write_lock:  # held from the check of what is new to the end of the write
            new = {g: qs for g, qs in graphs.items() if not self._store.contains_named_graph(NamedNode(g))}
            if len(new) < len(graphs):
                self._replace_graphs({g: qs for g, qs in graphs.items() if g not in new})
            if not new:
                return
            left = self._pending()  # a failed write whose undo failed too (the disk was full)
            touched = sorted({PENDING, *new, *left, *set().union(*(referenced(q) for q in new.values()))})

            def write() -> None:
                if left:
                    self._store.update(drop_pending(left))
                self._store.update(mark_pending(list(new)))
                self._store.bulk_extend(q for qs in new.values() for q in qs)
                self._store.update(derive_loaded(new))
            # The new graphs hold exactly their quads once loaded (the bulk loader keeps blank nodes'
            # names; a graph is a set): their segments and search rows need not read them back.
            loaded = {g: list(dict.fromkeys(qs)) for g, qs in new.items()}
            try:
                self._written(touched, write, "writing to the store failed", known=loaded)
            except StoreError:
                with contextlib.suppress(StoreError):  # else the next open undoes it
                    self._written(sorted({PENDING, *new}), lambda: self._undo_pending(locked=True),
                                  "undoing a bulk write failed")
                raise

    def _pending(self) -> list[str]:
        """The graphs recorded as pending by a bulk write that did not finish."""
        if not self._store.contains_named_graph(NamedNode(PENDING)):
            return []
        return sorted(row["g"].value for row in self._store.query(pending_query()))

    def _undo_pending(self, *, locked: bool = False) -> None:
        """Drop the graphs an interrupted bulk write left recorded as pending (see ``put_graphs_bulk``)."""
        graphs = self._pending()
        if not graphs and not self._store.contains_named_graph(NamedNode(PENDING)):
            return
        if locked:  # already inside ``_written``
            self._store.update(drop_pending(graphs))
            return
        if graphs:  # else only the empty record is left (the crash came before any graph was recorded)
            log.warning("an interrupted bulk ingest left %d article graph(s) half-written in %s; they are removed "
                        "(run the ingest again to write them)", len(graphs), self.path)
        with self._write_lock:
            self._written([PENDING, *graphs], lambda: self._store.update(drop_pending(graphs)),
                          "undoing a bulk write failed")

    def delete_graph(self, graph_iri: str) -> bool:
        with self._write_lock:
            if not self._store.contains_named_graph(NamedNode(graph_iri)):
                return False
            touched = [graph_iri, *self._named_by([graph_iri])]
            self._written(touched, lambda: self._store.update(delete_graphs([graph_iri])), "deleting the graph failed")
            return True

    def _named_by(self, graphs) -> set[str]:
        """The shared nodes that the stored ``graphs`` refer to: their entity graphs change with them
        (read under the write lock, and this process is the store's only writer)."""
        refers = NamedNode(REFERS_TO[1:-1])
        return {q.object.value for g in graphs
                for q in self._store.quads_for_pattern(None, refers, None, NamedNode(g))}

    def update(self, sparql: str, *, touches: list[str] | None = None, **options) -> None:
        """Run a SPARQL Update; ``touches`` names the only graphs it can change, if known. It runs
        on a thread with a large stack: the engine recurses over the update's syntax tree."""
        with self._write_lock:
            self._written(touches, lambda: on_large_stack(lambda: self._store.update(sparql, **options)),
                          "the update failed")

    def _written(self, graphs: list[str] | None, write, failure: str, *, known: dict[str, list] | None = None) -> None:
        """Run ``write`` (write lock held) with the segments of ``graphs`` (None: all) forgotten
        before it and filed afresh after it. ``known``: graphs whose quads after a successful write
        are exactly these (not read back)."""
        keys = None if graphs is None else [str(NamedNode(g)) for g in graphs]
        done = False
        if self._reopen_before_write:
            self._reopen()
        self._generation += 1
        self._segment_step(lambda ix: ix.forget(keys))
        self._search.before_write()
        try:
            write()
            done = True
        except SyntaxError as e:
            raise QueryError(f"the update does not parse: {e}") from e
        except OSError as e:
            self.write_failures += 1
            self.last_write_failure = (time.time(), _reason(e))
            self._reopen_before_write = self.path is not None
            raise StoreError(f"{failure}: {_reason(e)}", detail=str(e)) from e
        finally:
            # Also after a failed write: a dump may have filed a segment while it ran.
            # Each graph is read back once, for its segments and its search rows alike.
            read = None
            if graphs and self._segments:
                read = dict(known) if done and known else {}
                read.update(read_graphs(self._store, [g for g in graphs if g not in read]))
            rows = segment_rows(self._store, graphs, read) if read is not None else []
            self._segment_step(lambda ix: ix.settle(keys, rows))
            self._search.after_write(graphs, read)
            self._generation += 1

    def _reopen(self) -> None:
        """Open the store afresh after a failed write (write lock held); RocksDB clears its error
        state only on open. If that fails too (the disk is still full), the write is refused."""
        old, self._store = self._store, None
        del old  # pyoxigraph closes the database when its last reference goes
        try:
            self._store = OxStore(self.path)
        except OSError as e:
            self._store = OxStore.read_only(self.path)  # keep answering reads meanwhile
            self.write_failures += 1
            self.last_write_failure = (time.time(), _reason(e))
            raise StoreError(f"the store cannot be written: {_reason(e)}", detail=str(e)) from e
        self._reopen_before_write = False
        log.warning("the store at %s was reopened after a failed write", self.path)

    @property
    def generation(self) -> int | None:
        """A number that changes with every write this process makes; None while one is running.

        Only this process writes the store (RocksDB's lock), so an answer computed at one
        generation stays right until the next."""
        gen = self._generation
        return None if gen % 2 else gen

    def _segment_step(self, step) -> None:
        if self._segments is None:
            return
        try:
            step(self._segments)
        except sqlite3.Error as e:  # never serve a stale dump: stop using the index
            log.warning("the dump index %s failed (%s); dumps now read the store", self._segments.path, e)
            self._segments.close()
            self._segments.path.unlink(missing_ok=True)
            self._segments = None

    def search_index(self):
        """The full-text index of claims and names (``search.SearchIndex``), in step with the store."""
        return self._search.ready()

    def checkpoint(self, path: str) -> None:
        """A consistent copy of the store at ``path`` (RocksDB hard-links its files, so it costs
        milliseconds and little disk), which another process can open read-only."""
        try:
            with self._write_lock:  # not while a failed write's reopen swaps the database
                self._store.backup(path)
        except OSError as e:
            raise StoreError("cannot snapshot the store for queries", detail=str(e)) from e

    # ------------------------------------------------------------------ reads
    def has_graph(self, graph_iri: str) -> bool:
        return self._store.contains_named_graph(NamedNode(graph_iri))

    def graphs(self) -> list[str]:
        return [g.value for g in self._store.named_graphs()]

    def query(self, sparql: str, **options) -> QuerySolutions | QueryTriples | QueryBoolean:
        # The default graph is the union of all graphs, unless the caller names the default graph
        # (SPARQL Protocol default-graph-uri), which pyoxigraph does not allow together with it.
        options = {k: v for k, v in options.items() if v is not None}
        options.setdefault("use_default_graph_as_union", "default_graph" not in options)
        try:
            return self._store.query(sparql, **options)
        except SyntaxError as e:
            raise QueryError(f"the query does not parse: {e}") from e
        except OSError as e:
            raise StoreError("the query failed", detail=str(e)) from e

    def quads(self, graph_iri: str | None = None) -> Iterable[Quad]:
        graph = NamedNode(graph_iri) if graph_iri else None
        return self._store.quads_for_pattern(None, None, None, graph)

    def dump(self, out: IO[bytes], fmt) -> None:
        """Write the whole store to ``out`` in ``fmt`` (a ``formats.Format``)."""
        if fmt.name == "jsonld" or fmt.name == "rdfxml":
            if fmt.datasets:
                self._store.dump(out, fmt.rdf)
            else:  # the union of all graphs
                serialize((q.triple for q in self._store.quads_for_pattern(None, None, None)), out, fmt.rdf)
            return
        for piece in self.dump_chunks(fmt):
            out.write(piece)

    def dump_chunks(self, fmt) -> Iterator[bytes]:
        """The whole store in ``fmt`` (Turtle, TriG, N-Triples or N-Quads), streamed with flat memory."""
        if self._segments is not None:
            return dump_segments(self._store, self._segments, fmt)
        return dump_native(self._store, fmt)

    def fill_segments(self, stop=lambda: False) -> int:
        """File the dump segments of graphs that have none (written by other tools); see ``dumping``."""
        if self._segments is None or self._segments.read_only:
            return 0
        return fill_missing(self._store, self._segments, stop)

    def count(self) -> int:
        return len(self._store)

    def optimize(self) -> None:
        """Compact the on-disk store (after bulk loads: smaller files, flat write cost)."""
        with self._write_lock:
            self._store.optimize()

    def close(self) -> None:
        """Flush and let go of the store, releasing its lock for another process or opener."""
        if self._store is None:
            return
        if self.path is not None and not self.read_only:
            try:
                self._store.flush()
            except OSError as e:  # a full disk: what was written is in the log; nothing more to save
                log.warning("flushing the store at %s failed: %s", self.path, _reason(e))
        if self._segments is not None:
            self._segments.close()
            self._segments = None
        self._search.close()
        self._store = None
