"""owlrl over one article's graph, so that clients who only know schema.org, PROV-O or the W3C
Organization ontology see newskg's data in their own terms.

The closure runs over the article graph plus the ontology (never over the whole store) and
only the triples it adds about the article's own nodes are kept: no axioms, no facts about
ontology terms, no ``rdfs:Resource`` noise.
"""

from __future__ import annotations

from functools import lru_cache

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from service.config import ONTOLOGY_FILE

_NOISE_TYPES = {RDFS.Resource, OWL.Thing, RDFS.Class, OWL.Class, RDF.Property, RDFS.Datatype,
                OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, RDFS.Literal}


@lru_cache(maxsize=1)
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def entail(graph: Graph) -> Graph:
    """The triples RDFS entailment adds to ``graph`` under the ontology, about ``graph``'s nodes."""
    onto = ontology()
    work = Graph()
    for t in onto:
        work.add(t)
    for t in graph:
        work.add(t)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    subjects = set(graph.subjects())
    added = Graph()
    for s, p, o in work:
        if s not in subjects or (s, p, o) in graph:
            continue
        if p == RDF.type and o in _NOISE_TYPES:
            continue
        if p == OWL.sameAs or isinstance(o, Literal) and p == RDF.type:
            continue
        if isinstance(p, URIRef) and str(p).startswith(str(RDF)) and p != RDF.type:
            continue
        added.add((s, p, o))
    return added
