"""The SPARQL Update text both stores send to replace or delete article graphs in one request.

Each request also derives again the graphs of the shared actors and places that the graphs it
replaces or deletes name, before and after (``entities.py``), so an article and the entity
graphs that depend on it change in one transaction.
"""

from __future__ import annotations

from typing import Iterable

from pyoxigraph import Quad

from service.store.entities import PREFIXES, after_inserting, before_replacing, merged


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


def delete_graphs(graphs: list[str]) -> str:
    """Drop named graphs, and derive again the shared nodes they named: one update."""
    return PREFIXES + " ;\n".join(before_replacing(graphs) + [f"DROP SILENT GRAPH <{g}>" for g in graphs])
