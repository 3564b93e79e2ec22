"""Where article graphs live: the embedded pyoxigraph store (or, later, an external SPARQL store).

Every backend offers the same small surface, described by ``Store``; the pipeline, the web
layer and the CLI use nothing else. The embedded store also has ``put_graphs_bulk``, which a bulk
ingest's writer uses where it exists (``ingest.writer``).
"""

from __future__ import annotations

from typing import IO, Iterable, Protocol, runtime_checkable

from pyoxigraph import Quad

from service.config import Settings


@runtime_checkable
class Store(Protocol):
    def put_graph(self, graph_iri: str, quads: Iterable[Quad]) -> None:
        """Replace the named graph ``graph_iri`` with ``quads``, atomically."""

    def put_graphs(self, graphs: dict[str, list[Quad]]) -> None:
        """Replace several named graphs in one transaction."""

    def delete_graph(self, graph_iri: str) -> bool:
        """Remove a named graph; False when it did not exist."""

    def has_graph(self, graph_iri: str) -> bool: ...

    def query(self, sparql: str, **options): ...

    def update(self, sparql: str, *, touches: list[str] | None = None, **options) -> None:
        """Run a SPARQL Update; ``touches``, when given, names the only graphs it can change."""

    def dump(self, out: IO[bytes], fmt) -> None: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """Open the store the settings name (the embedded one unless an external endpoint is set)."""
    if getattr(settings, "sparql_endpoint", ""):
        from service.store.remote import RemoteStore

        return RemoteStore.from_settings(settings, read_only=read_only)
    from service.store.oxigraph import OxigraphStore

    return OxigraphStore.open(settings.store, read_only=read_only)
