"""Reading what the index needs from the store: only the quads of the few properties and classes
``rows.py`` uses, found through the store's predicate indexes, and each graph's size by a SPARQL
COUNT (evaluated on encoded terms). Decoding every quad of the store costs tens of microseconds
each on disk (measured: 4.5 s for 141k quads), and most quads are mentions and offsets the index
does not keep: this reads about one in twelve of them.
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from service.store.search.index import DEFAULT_GRAPH
from service.store.search.rows import (CLAIM_KINDS, ENTITY_CLASSES, NKG, RDF_TYPE, RDFS_LABEL, SKOS_ALT, GraphRows,
                                       graph_rows)

PROPERTIES = [ox.NamedNode(p) for p in (
    NKG + "claimText", NKG + "quotedIn", NKG + "claimDate", NKG + "cue", NKG + "claimant", NKG + "about",
    NKG + "headline", NKG + "published", NKG + "publisher", RDFS_LABEL, SKOS_ALT)]
CLASSES = [ox.NamedNode(c) for c in (NKG + "Article", NKG + "Claim", *CLAIM_KINDS, *ENTITY_CLASSES)]
TYPE = ox.NamedNode(RDF_TYPE)
START = ox.NamedNode(NKG + "startOffset")
CLAIM = ox.NamedNode(NKG + "Claim")
SMALL = 60  # quads: a graph this small is read whole


def _wanted(store: ox.Store, graph) -> list:
    """The quads ``graph_rows`` reads, in ``graph`` (None: in every graph)."""
    quads = [q for p in PROPERTIES for q in store.quads_for_pattern(None, p, None, graph)]
    types = [q for c in CLASSES for q in store.quads_for_pattern(None, TYPE, c, graph)]
    starts = [q for t in types if t.object == CLAIM
              for q in store.quads_for_pattern(t.subject, START, None, t.graph_name)]
    return quads + types + starts


def read_graph(store: ox.Store, name: str) -> GraphRows:
    """The rows of the named graph ``name`` as the store holds it now (no quads: it is gone)."""
    node = ox.NamedNode(name)
    count = int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}")))["n"].value)
    if count <= SMALL:  # an actor's graph: one scan costs less than a lookup per property
        return graph_rows(store.quads_for_pattern(None, None, None, node), quads_in_graph=count)
    return graph_rows(_wanted(store, node), quads_in_graph=count)


def all_graphs(store: ox.Store):
    """``(graph, rows)`` for every graph of the store; the default graph gives only its count."""
    default = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    yield DEFAULT_GRAPH, GraphRows(quads=default)
    counts = {r["g"].value: int(r["n"].value) for r in
              store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    by_graph = defaultdict(list)
    for q in _wanted(store, None):
        if isinstance(q.graph_name, ox.NamedNode):
            by_graph[q.graph_name.value].append(q)
    for name, count in counts.items():
        yield name, graph_rows(by_graph.get(name, ()), quads_in_graph=count)
