"""The SPARQL Update text both stores send to replace article graphs in one request."""

from __future__ import annotations

from typing import Iterable

from pyoxigraph import Quad


def replace_graphs(graphs: dict[str, Iterable[Quad]]) -> str:
    """Drop each named graph and insert its new quads: one update, so one transaction.

    pyoxigraph terms print in N-Triples syntax, which is valid inside ``INSERT DATA``.
    """
    drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
    blocks = []
    for graph_iri, quads in graphs.items():
        lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        blocks.append(f"GRAPH <{graph_iri}> {{\n{lines}\n}}")
    return f"{drops} ;\nINSERT DATA {{\n" + "\n".join(blocks) + "\n}"
