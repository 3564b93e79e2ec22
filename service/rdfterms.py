"""rdflib terms ↔ pyoxigraph terms: graphs are built with rdflib and stored with pyoxigraph."""

from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef


def to_ox(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term):
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")


def quads_triples(quads: Iterable[ox.Quad]) -> set:
    """pyoxigraph quads as a set of rdflib triples (graph names dropped)."""
    return {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads}


def triples_quads(triples, graph_iri: str) -> list[ox.Quad]:
    name = ox.NamedNode(graph_iri)
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in triples]


def file_quads(path: str, graph_iri: str) -> list[ox.Quad]:
    name = ox.NamedNode(graph_iri)
    return [ox.Quad(t.subject, t.predicate, t.object, name)
            for t in ox.parse(path=path, format=ox.RdfFormat.TURTLE)]


def serialize_quads(quads: Iterable[ox.Quad], fmt) -> bytes:
    """Quads in a ``formats.Format``; triple formats drop the graph names."""
    items: Iterator = iter(quads) if fmt.datasets else (q.triple for q in quads)
    return ox.serialize(items, format=fmt.rdf, prefixes=PREFIXES if fmt.name in ("turtle", "trig") else None)


PREFIXES = {
    "nkg": "https://w3id.org/newskg#", "schema": "https://schema.org/", "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
}
