"""The full-text index beside the store: ``<store>.search.sqlite`` (SQLite FTS5, standard library).

It holds, per named graph, the rows of ``rows.py`` (articles, claims with their speakers and what
they are about, actors and places with their names) and two FTS5 tables: claims' text with their
speakers' names, and entities' names. The store (``OxigraphStore``) keeps it in step, the same way
as the dump segments (``segments.py``):

* before a write the index is marked ``writing``; after it, the rows of every graph the write may
  have changed are read back from the store and replace the old ones, and the index is ``clean``
  again, in one SQLite transaction. A crash in between leaves it ``writing``: it is rebuilt.
  A SPARQL Update that may touch any graph marks it ``stale``: it is rebuilt before the next read;
* each graph's quad count is kept; the first time a process uses the index, their sum is compared
  with the store's size, which catches changes made to the store by other tools
  (``oxigraph load``), a deleted index file, or one copied from another store;
* a rebuild reads every graph of the store through the same ``graph_rows``.

A speaker's names are copied into each of their claims' full-text row, so "claims by Jane Doe"
is one FTS query; when a write changes an entity's names, its claims' rows are written again.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

from service.store.search.rows import GraphRows
from service.store.segments import transaction

log = logging.getLogger(__name__)

LAYOUT = "search-3"
DEFAULT_GRAPH = ""  # the key of the default graph's count
TOKENIZE = "porter unicode61 remove_diacritics 2"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS graph (name TEXT PRIMARY KEY, quads INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS article (iri TEXT NOT NULL, graph TEXT NOT NULL, headline TEXT, published TEXT,
                                    outlet TEXT);
CREATE INDEX IF NOT EXISTS article_graph ON article (graph);
CREATE INDEX IF NOT EXISTS article_iri ON article (iri);
CREATE TABLE IF NOT EXISTS claim (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, graph TEXT NOT NULL, article TEXT,
                                  kind TEXT, text TEXT, date TEXT, start INTEGER, cue TEXT, published TEXT,
                                  month TEXT, outlet TEXT);
CREATE INDEX IF NOT EXISTS claim_graph ON claim (graph);
CREATE INDEX IF NOT EXISTS claim_order ON claim (published DESC, article, start, iri);
CREATE INDEX IF NOT EXISTS claim_kind ON claim (kind);
CREATE INDEX IF NOT EXISTS claim_outlet ON claim (outlet);
CREATE INDEX IF NOT EXISTS claim_month ON claim (month);
CREATE TABLE IF NOT EXISTS claim_actor (claim INTEGER NOT NULL, role TEXT NOT NULL, entity TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS claim_actor_claim ON claim_actor (claim, role, entity);
CREATE INDEX IF NOT EXISTS claim_actor_entity ON claim_actor (entity, role);
CREATE INDEX IF NOT EXISTS claim_actor_facet ON claim_actor (role, entity, claim);
CREATE TABLE IF NOT EXISTS entity (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, graph TEXT NOT NULL, label TEXT,
                                   names TEXT, person INTEGER, organisation INTEGER, place INTEGER);
CREATE INDEX IF NOT EXISTS entity_graph ON entity (graph);
CREATE INDEX IF NOT EXISTS entity_iri ON entity (iri);
CREATE VIRTUAL TABLE IF NOT EXISTS claim_fts USING fts5 (text, speaker, tokenize = '{TOKENIZE}');
CREATE VIRTUAL TABLE IF NOT EXISTS entity_fts USING fts5 (names, tokenize = '{TOKENIZE}');
"""
TABLES = ("graph", "article", "claim", "claim_actor", "entity", "claim_fts", "entity_fts")
SPEAKER = "s"  # claim_actor.role: the claim's speaker, or what it is about
ABOUT = "a"
NAME_SEPARATOR = " ; "


def index_path(store_path: str) -> Path:
    """Where the index of the store at ``store_path`` lives."""
    return Path(str(store_path).rstrip("/") + ".search.sqlite")


class SearchIndex:
    """The index's SQLite database; callers serialise access with ``lock``."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path, self.read_only = path, read_only
        self.lock = threading.RLock()
        self.version = 0  # bumped by every change of the rows: what ``browse`` caches answers by
        self.cache: dict = {}
        if path is None:
            self.db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        elif read_only:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False,
                                      isolation_level=None)
        else:
            self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        if not read_only:
            if self._meta("layout") not in (None, LAYOUT):  # another layout: made again from the store
                for table in (*TABLES, "meta"):
                    self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.executescript(SCHEMA)
            if self._meta("layout") != LAYOUT:
                self._reset()

    # ---------------------------------------------------------------- state
    def _meta(self, key: str) -> str | None:
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def _set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def state(self) -> str:
        """``clean`` (in step with the store it was last checked against), ``writing`` or ``stale``."""
        if self._meta("layout") != LAYOUT:
            return "stale"
        return self._meta("state") or "stale"

    def quads(self) -> int:
        """The store's size as the index knows it: the sum of its graphs' quad counts."""
        return self.db.execute("SELECT COALESCE(SUM(quads), 0) FROM graph").fetchone()[0]

    def mark_stale(self) -> None:
        """Out of step with the store: the next write or read rebuilds it first."""
        if not self.read_only:
            self._set("state", "stale")

    def _transaction(self):
        return transaction(self.db)

    def _reset(self) -> None:
        with self._transaction():
            for table in TABLES:
                self.db.execute(f"DELETE FROM {table}")
            self._set("layout", LAYOUT)
            self._set("state", "stale")

    # ---------------------------------------------------------------- writes
    def before_write(self) -> None:
        """A write to the store is about to run: until its rows are filed, the index is not clean."""
        if self.state == "clean":
            self._set("state", "writing")

    def after_write(self, rows: dict[str, GraphRows] | None) -> None:
        """The write is done: file the fresh rows of the graphs it may have changed (``{graph:
        rows}``, a graph now absent with no quads), or, when it may have changed any graph (None),
        leave the index stale."""
        if rows is None:
            self.mark_stale()
            return
        if self.state != "writing":
            return  # stale already: the next read rebuilds it
        with self._transaction():
            self._replace(rows)
            self._set("state", "clean")
        self._changed()

    def rebuild(self, graphs: Iterable[tuple[str, GraphRows]]) -> None:
        """Fill the index afresh from every graph of the store (``(graph, rows)`` pairs)."""
        with self._transaction():
            for table in TABLES:
                self.db.execute(f"DELETE FROM {table}")
            for name, rows in graphs:
                self._insert(name, rows)
            self.db.execute("INSERT INTO claim_fts (rowid, text, speaker) SELECT id, text, "
                            f"{_SPEAKER_NAMES} FROM claim c")
            self._set("layout", LAYOUT)
            self._set("state", "clean")
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self.cache.clear()

    def _replace(self, rows: dict[str, GraphRows]) -> None:
        names = list(rows)
        marks = ",".join("?" * len(names))
        # The names of the entities these graphs describe, before and after: where they differ,
        # the full-text rows of those entities' claims are written again.
        before = self._names(f"SELECT iri FROM entity WHERE graph IN ({marks})", names)
        self.db.execute(f"DELETE FROM claim_fts WHERE rowid IN (SELECT id FROM claim WHERE graph IN ({marks}))", names)
        self.db.execute(f"DELETE FROM claim_actor WHERE claim IN (SELECT id FROM claim WHERE graph IN ({marks}))",
                        names)
        self.db.execute(f"DELETE FROM entity_fts WHERE rowid IN (SELECT id FROM entity WHERE graph IN ({marks}))",
                        names)
        for table in ("claim", "entity", "article", "graph"):
            key = "name" if table == "graph" else "graph"
            self.db.execute(f"DELETE FROM {table} WHERE {key} IN ({marks})", names)
        first = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM claim").fetchone()[0]
        for name, graph_rows in rows.items():
            self._insert(name, graph_rows)
        after = self._names(f"SELECT iri FROM entity WHERE iri IN (SELECT iri FROM entity WHERE graph IN ({marks}))",
                            names)
        changed = {iri for iri in before.keys() | after.keys() if before.get(iri) != after.get(iri)}
        # Claims just filed, and claims by a speaker whose names may have changed: their FTS rows.
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS refresh (id INTEGER PRIMARY KEY)")
        self.db.execute("DELETE FROM refresh")
        self.db.execute("INSERT OR IGNORE INTO refresh SELECT id FROM claim WHERE id > ?", (first,))
        self.db.executemany("INSERT OR IGNORE INTO refresh SELECT claim FROM claim_actor WHERE entity = ? "
                            f"AND role = '{SPEAKER}'", [(iri,) for iri in changed])
        self.db.execute("DELETE FROM claim_fts WHERE rowid IN (SELECT id FROM refresh)")
        self.db.execute(f"INSERT INTO claim_fts (rowid, text, speaker) SELECT c.id, c.text, {_SPEAKER_NAMES} "
                        "FROM refresh r CROSS JOIN claim c ON c.id = r.id")

    def _names(self, entities: str, params: list) -> dict[str, list]:
        """Every name, from every graph, of the entities the query ``entities`` selects."""
        out: dict[str, list] = {}
        for iri, names in self.db.execute(f"SELECT iri, names FROM entity WHERE iri IN ({entities}) "
                                          "ORDER BY iri, graph", params):
            out.setdefault(iri, []).append(names)
        return out

    def _insert(self, name: str, rows: GraphRows) -> None:
        if rows.quads == 0:
            return  # the graph is gone
        db = self.db
        db.execute("INSERT INTO graph VALUES (?, ?)", (name, rows.quads))
        db.executemany("INSERT INTO article VALUES (?, ?, ?, ?, ?)",
                       [(a.iri, name, a.headline, a.published, a.outlet) for a in rows.articles])
        for c in rows.claims:
            cur = db.execute("INSERT INTO claim (iri, graph, article, kind, text, date, start, cue, published, month, "
                             "outlet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (c.iri, name, c.article, c.kind, c.text, c.date, c.start, c.cue, c.published, c.month,
                              c.outlet))
            db.executemany("INSERT INTO claim_actor VALUES (?, ?, ?)",
                           [(cur.lastrowid, SPEAKER, s) for s in c.speakers]
                           + [(cur.lastrowid, ABOUT, a) for a in c.about])
        for e in rows.entities:
            cur = db.execute("INSERT INTO entity (iri, graph, label, names, person, organisation, place) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (e.iri, name, e.label, NAME_SEPARATOR.join(e.names), e.person, e.organisation, e.place))
            db.execute("INSERT INTO entity_fts (rowid, names) VALUES (?, ?)", (cur.lastrowid, " ".join(e.names)))

    def close(self) -> None:
        """Let go of the database file."""
        with self.lock:
            self.db.close()


# A claim's speakers' names, every name of every graph that describes them.
_SPEAKER_NAMES = (f"(SELECT group_concat(e.names, '{NAME_SEPARATOR}') FROM claim_actor a JOIN entity e "
                  f"ON e.iri = a.entity WHERE a.claim = c.id AND a.role = '{SPEAKER}')")


def open_index(store_path: str | None, *, read_only: bool = False) -> SearchIndex | None:
    """The index of the store at ``store_path`` (in memory for a store in memory); None when a
    read-only opener finds none it can use (search then builds one in memory)."""
    if store_path is None:
        return SearchIndex(None)
    path = index_path(store_path)
    if read_only and not path.exists():
        return None
    try:
        return SearchIndex(path, read_only=read_only)
    except sqlite3.Error as e:
        if read_only:
            return None
        log.warning("the search index %s is unusable (%s); it is made again", path, e)
        path.unlink(missing_ok=True)
        return SearchIndex(path)

