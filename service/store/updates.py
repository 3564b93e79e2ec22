"""The SPARQL Update text both stores send to replace or delete article graphs in one request.

Each request also derives again the graphs of the shared actors and places that the graphs it
replaces or deletes name, before and after (``entities.py``), so an article and the entity
graphs that depend on it change in one transaction.
"""

from __future__ import annotations

from typing import Iterable

from pyoxigraph import Quad

from service.store.entities import PREFIXES, after_inserting, before_replacing, merged

# A bulk write (``OxigraphStore.put_graphs_bulk``) names the graphs it is loading here, in the store,
# until the transaction that derives their actors' graphs removes the record.
PENDING = "urn:newskg:bulk-pending"
_HOLDS = f"<{PENDING}> <{PENDING}#graph>"


def replace_graphs(graphs: dict[str, Iterable[Quad]]) -> str:
    """Drop each named graph and insert its new quads: one update, so one transaction.

    pyoxigraph terms print in N-Triples syntax, which is valid inside ``INSERT DATA``.
    """
    graphs = {g: list(quads) for g, quads in graphs.items()}
    new = merged(graphs.values())
    ops = before_replacing(list(graphs), new)
    ops += [f"DROP SILENT GRAPH <{g}>" for g in graphs]
    blocks = []
    for graph_iri, quads in graphs.items():
        lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        blocks.append(f"GRAPH <{graph_iri}> {{\n{lines}\n}}")
    ops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    ops += after_inserting(new)
    return PREFIXES + " ;\n".join(ops)


def mark_pending(graphs: list[str]) -> str:
    """Record that ``graphs`` are being loaded and not yet derived (one small transaction)."""
    return f"INSERT DATA {{ GRAPH <{PENDING}> {{ {' '.join(f'{_HOLDS} <{g}> .' for g in graphs)} }} }}"


def derive_loaded(graphs: dict[str, Iterable[Quad]]) -> str:
    """After new graphs were loaded outside SPARQL: add their references to the actors' and places'
    graphs and remove the pending record (one bulk write is pending at a time), in one update. For graphs that were not in the store this is
    what ``replace_graphs`` does besides its drops and inserts (its first step finds nothing to take out)."""
    ops = after_inserting(merged(list(quads) for quads in graphs.values()))
    ops.append(f"DROP SILENT GRAPH <{PENDING}>")  # not DELETE DATA: Oxigraph would keep the graph, empty
    return PREFIXES + " ;\n".join(ops)


def pending_query() -> str:
    """The graphs a bulk write was loading when it stopped (their actors were never derived)."""
    return f"SELECT ?g WHERE {{ GRAPH <{PENDING}> {{ {_HOLDS} ?g }} }}"


def drop_pending(graphs: list[str]) -> str:
    """Undo an interrupted bulk write: drop the graphs it was loading, perhaps in part (their references
    never reached the actors' graphs, so nothing else changes), and the record. A resumed run writes them again."""
    return " ;\n".join([f"DROP SILENT GRAPH <{g}>" for g in graphs] + [f"DROP SILENT GRAPH <{PENDING}>"])


def delete_graphs(graphs: list[str]) -> str:
    """Drop named graphs, and derive again the shared nodes they named: one update."""
    return PREFIXES + " ;\n".join(before_replacing(graphs) + [f"DROP SILENT GRAPH <{g}>" for g in graphs])
