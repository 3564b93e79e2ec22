"""Where an actor's facts live: once, in its own graph, derived from every article that names it.

A node shared across articles (``{base}entity/...``) has its type, label, other names and
Wikidata match in a named graph of its own, whose name is the node's IRI. Article graphs hold only
what the article asserts, and every triple in them has a term scoped to the article, so no triple
is ever in two graphs and a join through a label gives one row per real answer (the default graph
is the union of all graphs).

What an article says about a shared node is kept in the article's graph as a *reference*
(``{article}/ref/{node}``): ``nkg:refersTo`` the node, with the article's ``nkg:refName``,
``nkg:refAlias``, ``nkg:refType`` and ``nkg:refMatch``. The node's graph is derived from all
references to it (``derive``, and the same rule in SPARQL in ``service.store.entities``):

* ``rdf:type``: every class any reference gives; ``skos:exactMatch``: every item;
* ``rdfs:label``: one name, the most complete one (most words, then most characters, then the
  greatest in code-point order), so the choice does not depend on the order of ingest;
* ``skos:altLabel``: every other name and alias.

Deleting an article removes its references; the nodes it named are derived again from the
references left, and a node no reference names any more loses its graph.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from rdflib import Literal, URIRef

from service.vocab import NKG, RDF, RDFS, SKOS

# A fact about a shared node ↔ the reference property that records it in an article graph.
REF_OF = {RDF.type: NKG.refType, RDFS.label: NKG.refName, SKOS.altLabel: NKG.refAlias,
          SKOS.exactMatch: NKG.refMatch}
FACT_OF = {v: k for k, v in REF_OF.items()}


def label_key(name: str) -> tuple[int, int, str]:
    """How complete a name is: words (spaces), then characters, then code-point order."""
    return name.count(" "), len(name), name


def ref_iri(article: URIRef, node: URIRef) -> URIRef:
    """The article's reference to a shared node: ``{article}/ref/person-jane-doe``, ``…/ref/Q42``."""
    tail = str(node).split("/entity/", 1)[1].replace("/", "-")
    return URIRef(f"{article}/ref/{tail}")


def split(triples: Iterable, article: URIRef, shared: set) -> set:
    """An article's triples with the facts about shared nodes turned into references.

    A fact about a shared node whose object is not scoped to the article (a type, a name, a
    Wikidata match) becomes a reference property; facts that tie a shared node to the article's own
    nodes (``holdsRole``, ``linkDecision``) stay as they are, since they cannot be in another graph.
    """
    scope = f"{article}/"
    out = set()
    for s, p, o in triples:
        if s in shared and p in REF_OF and not (isinstance(o, URIRef) and (o == article or str(o).startswith(scope))):
            ref = ref_iri(article, s)
            out.add((ref, NKG.refersTo, s))
            out.add((ref, REF_OF[p], o))
        else:
            out.add((s, p, o))
    return out


def join(triples: Iterable) -> set:
    """The inverse of ``split``: references turned back into facts about the nodes they name."""
    triples = list(triples)
    target = {s: o for s, p, o in triples if p == NKG.refersTo}
    out = set()
    for s, p, o in triples:
        if p == NKG.refersTo:
            continue
        if s in target and p in FACT_OF:
            out.add((target[s], FACT_OF[p], o))
        else:
            out.add((s, p, o))
    return out


class Derived:
    """The graphs of shared nodes, accumulated from references one article at a time.

    Memory grows with the number of distinct nodes, not of articles, so a bulk run can derive the
    entity graphs of a whole corpus as its article graphs stream past.
    """

    def __init__(self) -> None:
        self.facts: dict[URIRef, set] = defaultdict(set)   # node -> {(p, o)} of types and matches
        self.names: dict[URIRef, set] = defaultdict(set)   # node -> names and aliases
        self.best: dict[URIRef, str] = {}                  # node -> its label so far

    def add(self, triples: Iterable) -> None:
        """Take in the references among one article's (or any graph's) triples."""
        triples = list(triples)
        target = {s: o for s, p, o in triples if p == NKG.refersTo}
        for s, p, o in triples:
            node = target.get(s)
            if node is None or p == NKG.refersTo:
                continue
            if p == NKG.refName:
                self.names[node].add(o)
                if node not in self.best or label_key(str(o)) > label_key(self.best[node]):
                    self.best[node] = str(o)
            elif p == NKG.refAlias:
                self.names[node].add(o)
            elif p in FACT_OF:
                self.facts[node].add((FACT_OF[p], o))

    def graphs(self) -> dict[URIRef, set]:
        """Each shared node's graph: ``{node: triples}``."""
        out = {}
        for node in set(self.facts) | set(self.names):
            triples = {(node, p, o) for p, o in self.facts[node]}
            label = self.best.get(node)
            if label is not None:
                triples.add((node, RDFS.label, Literal(label)))
            triples |= {(node, SKOS.altLabel, n) for n in self.names[node] if str(n) != label}
            out[node] = triples
        return out


def derive(triples: Iterable) -> dict[URIRef, set]:
    """The graphs of the shared nodes that ``triples`` (one or more article graphs) refer to."""
    d = Derived()
    d.add(triples)
    return d.graphs()
