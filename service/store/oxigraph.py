"""The embedded store: pyoxigraph on disk (RocksDB), opened by one process at a time.

Each article is written in one SPARQL update (drop its graph, insert the new one), which
Oxigraph applies as one transaction: after a crash an article is either all there or absent.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import IO, Iterable

from pyoxigraph import NamedNode, Quad, QueryBoolean, QuerySolutions, QueryTriples, serialize
from pyoxigraph import Store as OxStore

from service.errors import QueryError, StoreError
from service.store.updates import replace_graphs


class OxigraphStore:
    """A pyoxigraph ``Store`` with the operations newskg needs and its errors translated."""

    def __init__(self, store: OxStore, path: str | None, *, read_only: bool = False) -> None:
        self._store = store
        self.path = path
        self.read_only = read_only
        # pyoxigraph is safe to share between threads, but newskg keeps one writer at a time so
        # that concurrent ingests of the same article cannot interleave drop and insert.
        self._write_lock = threading.Lock()

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
        except OSError as e:
            hint = " (is another newskg process, such as `newskg serve`, using it?)" if "lock" in str(e).lower() else ""
            raise StoreError(f"cannot open the store at {path}{hint}", detail=str(e)) from e
        return cls(store, str(path), read_only=read_only)

    # ------------------------------------------------------------------ writes
    def put_graph(self, graph_iri: str, quads: Iterable[Quad]) -> None:
        self.put_graphs({graph_iri: list(quads)})

    def put_graphs(self, graphs: dict[str, list[Quad]]) -> None:
        if not graphs:
            return
        with self._write_lock:
            try:
                self._store.update(replace_graphs(graphs))
            except OSError as e:
                raise StoreError("writing to the store failed", detail=str(e)) from e

    def delete_graph(self, graph_iri: str) -> bool:
        with self._write_lock:
            node = NamedNode(graph_iri)
            if not self._store.contains_named_graph(node):
                return False
            self._store.update(f"DROP SILENT GRAPH <{graph_iri}>")
            return True

    def update(self, sparql: str, **options) -> None:
        with self._write_lock:
            try:
                self._store.update(sparql, **options)
            except SyntaxError as e:
                raise QueryError(f"the update does not parse: {e}") from e
            except OSError as e:
                raise StoreError("the update failed", detail=str(e)) from e

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
        if fmt.datasets:
            self._store.dump(out, fmt.rdf)
        else:
            # Triple formats get the union of all graphs; a triple two articles both assert
            # (an actor's label) is written once per article, which parses to the same graph.
            serialize((q.triple for q in self._store.quads_for_pattern(None, None, None)), out, fmt.rdf)

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
            self._store.flush()
        self._store = None
