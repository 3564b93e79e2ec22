"""Full-text search and the claims list, over an index kept beside the embedded store.

``index.py`` is the SQLite FTS5 database, ``rows.py`` what it keeps of a graph, ``browse.py`` the
queries the web pages and ``newskg search`` / ``newskg claims`` run. :class:`StoreSearch` ties the
index to an ``OxigraphStore``: the store calls ``before_write`` / ``after_write`` around every write
(under its write lock), and readers call ``ready`` for an index in step with the store.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from typing import Callable

import pyoxigraph as ox

from service.store.search.index import SearchIndex, index_path, open_index
from service.store.search.reading import all_graphs, read_graph
from service.store.search.rows import graph_rows

log = logging.getLogger(__name__)


class StoreSearch:
    """The search index of one store, kept in step with its writes and rebuilt when it is not."""

    def __init__(self, store_path: str | None, ox_store: Callable[[], ox.Store], write_lock,
                 *, read_only: bool = False) -> None:
        self.store_path, self.read_only = store_path, read_only
        self._ox = ox_store
        self._write_lock = write_lock if not read_only else threading.Lock()
        self.index: SearchIndex | None = open_index(store_path, read_only=read_only)
        self._checked = False  # compared with the store once per process, before its first use
        self._writing = False
        self.last_rebuild: dict | None = None  # {"seconds", "graphs", "claims"} of this process's last one

    # ---------------------------------------------------------------- writes (store write lock held)
    def before_write(self) -> None:
        """Called by the store just before a write."""
        if self.index is None or self.read_only:
            return
        self._guard(self._check_once)
        if self.index.state == "stale":  # made afresh, or out of step: rebuilt now, from the store before the write
            self._guard(lambda: self._rebuild(self.index))
        self._guard(self.index.before_write)
        self._writing = True

    def after_write(self, graphs: list[str] | None, read: dict[str, list] | None = None) -> None:
        """Called by the store after a write (also a failed one): file the rows of ``graphs`` as the
        store holds them now (``read``: their quads, when the store has read them back already), or,
        for a write that may have touched any graph (None), mark stale."""
        self._writing = False
        if self.index is None or self.read_only:
            return

        def rows(g: str):
            return graph_rows(read[g]) if read is not None and g in read else read_graph(self._ox(), g)
        self._guard(lambda: self.index.after_write(None if graphs is None else {g: rows(g) for g in graphs}))

    def _guard(self, step) -> None:
        """Run an index step; it never stops a store write. A broken index file is removed and made
        again; any other failure (reading the store) leaves the index stale: rebuilt before it answers."""
        try:
            with self.index.lock:
                step()
        except Exception as e:  # noqa: BLE001 - the store write must go on; the index is redone
            if not isinstance(e, sqlite3.Error):
                log.warning("updating the search index failed (%s); it is rebuilt before it answers", e)
                with contextlib.suppress(sqlite3.Error), self.index.lock:
                    self.index.mark_stale()
                return
            log.warning("the search index %s failed (%s); it is rebuilt", self.index.path, e)
            self.index.close()
            if self.index.path is not None:
                self.index.path.unlink(missing_ok=True)
            self.index = open_index(self.store_path)

    def _check_once(self) -> None:
        """First use in this process: an index left ``writing`` by a crash, or whose graphs' quads do
        not add up to the store's size (changed by another tool, or a stale file), is stale."""
        if self._checked:
            return
        self._checked = True
        if self.index.state == "writing" or (self.index.state == "clean" and self.index.quads() != len(self._ox())):
            self.index.mark_stale()

    # ---------------------------------------------------------------- reads
    def ready(self) -> SearchIndex:
        """The index, in step with the store (rebuilt first when it is not)."""
        if self.read_only:
            return self._ready_read_only()
        with self.index.lock:
            self._check_once()
            if self.index.state == "clean" or (self._writing and self.index.state == "writing"):
                return self.index
        with self._write_lock:  # no write may run while every graph is read
            with self.index.lock:
                if self.index.state != "clean":
                    self._rebuild(self.index)
                return self.index

    def _ready_read_only(self) -> SearchIndex:
        """A read-only opener uses the file when it is clean and adds up; else it builds one in memory."""
        if not self._checked:
            self._checked = True
            ix = self.index
            if ix is None or ix.state != "clean" or ix.quads() != len(self._ox()):
                if ix is not None:
                    ix.close()
                log.warning("the search index beside %s is missing or out of date; searching an index "
                            "built in memory (a writer rebuilds the file)", self.store_path)
                self.index = SearchIndex(None)
                self._rebuild(self.index)
        return self.index

    def _rebuild(self, index: SearchIndex) -> None:
        t0 = time.perf_counter()
        index.rebuild(all_graphs(self._ox()))
        claims = index.db.execute("SELECT COUNT(*) FROM claim").fetchone()[0]
        graphs = index.db.execute("SELECT COUNT(*) FROM graph").fetchone()[0]
        self.last_rebuild = {"seconds": round(time.perf_counter() - t0, 3), "graphs": graphs, "claims": claims}
        log.info("search index rebuilt: %s", self.last_rebuild)

    def close(self) -> None:
        """Close the index (the store closes it with itself)."""
        if self.index is not None:
            self.index.close()
            self.index = None


__all__ = ["StoreSearch", "all_graphs", "index_path", "read_graph"]
