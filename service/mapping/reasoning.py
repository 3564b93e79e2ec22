"""owlrl over one article's graph, so that clients who only know schema.org, PROV-O or the W3C
Organization ontology see newskg's data in their own terms.

RDFS entailment under a fixed ontology depends only on which predicates and classes a graph
uses, so owlrl is run over a *probe*: the ontology plus one stand-in triple per predicate and
class the article uses. What the closure adds to the probe is read back as rules ("p implies
q", "p gives its subject type C", "C implies D") and applied to every triple of the article.
Each predicate's and class's rules are cached, so owlrl runs only when an article uses a term
no earlier article used (at most once per term of the ontology); ``entail(graph, full=True)`` runs owlrl over the whole
article graph instead, and a test checks that the two give the same triples.
"""

from __future__ import annotations

from functools import lru_cache

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from service.config import ONTOLOGY_FILE

_NOISE_TYPES = {RDFS.Resource, OWL.Thing, RDFS.Class, OWL.Class, RDF.Property, RDFS.Datatype,
                OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual, RDFS.Literal}
_PROBE = "urn:newskg:probe:"


@lru_cache(maxsize=1)
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def _closure(graph: Graph) -> Graph:
    work = Graph()
    for t in ontology():
        work.add(t)
    for t in graph:
        work.add(t)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(work)
    return work


def _keep(s, p, o, graph, subjects) -> bool:
    if s not in subjects or (s, p, o) in graph:
        return False
    if p == RDF.type and (o in _NOISE_TYPES or isinstance(o, Literal)):
        return False
    if p == OWL.sameAs or (isinstance(p, URIRef) and str(p).startswith(str(RDF)) and p != RDF.type):
        return False
    return True


_PRED_RULES: dict = {}
_CLASS_RULES: dict = {}


def _rules(predicates: frozenset, classes: frozenset):
    """Rules for these predicates and classes, from a cache filled one probe run at a time.

    A stand-in triple's entailments depend only on its own predicate or class (and the
    ontology), so each predicate's and each class's rules are computed once and shared by
    every article, whatever else the article uses.
    """
    missing_p = frozenset(p for p in predicates if p not in _PRED_RULES)
    missing_c = frozenset(c for c in classes if c not in _CLASS_RULES)
    if missing_p or missing_c:
        new_p, new_c = _probe(missing_p, missing_c)
        _PRED_RULES.update(new_p)
        _CLASS_RULES.update(new_c)
    return ({p: _PRED_RULES[p] for p in predicates}, {c: _CLASS_RULES[c] for c in classes})


def _probe(predicates: frozenset, classes: frozenset):
    """Per predicate: (implied predicates, subject types, object types); per class: implied classes."""
    probe = Graph()
    for i, p in enumerate(sorted(predicates)):
        probe.add((URIRef(f"{_PROBE}s{i}"), p, URIRef(f"{_PROBE}o{i}")))
    for i, c in enumerate(sorted(classes)):
        probe.add((URIRef(f"{_PROBE}c{i}"), RDF.type, c))
    closed = _closure(probe)
    subjects = set(probe.subjects()) | {URIRef(f"{_PROBE}o{i}") for i in range(len(predicates))}
    pred_rules, class_rules = {}, {}
    for i, p in enumerate(sorted(predicates)):
        s, o = URIRef(f"{_PROBE}s{i}"), URIRef(f"{_PROBE}o{i}")
        implied = frozenset(q for q in closed.predicates(s, o) if q != p and _keep(s, q, o, probe, subjects))
        stypes = frozenset(t for t in closed.objects(s, RDF.type) if _keep(s, RDF.type, t, probe, subjects))
        otypes = frozenset(t for t in closed.objects(o, RDF.type) if _keep(o, RDF.type, t, probe, subjects))
        pred_rules[p] = (implied, stypes, otypes)
    for i, c in enumerate(sorted(classes)):
        node = URIRef(f"{_PROBE}c{i}")
        class_rules[c] = frozenset(t for t in closed.objects(node, RDF.type) if _keep(node, RDF.type, t, probe, subjects))
    return pred_rules, class_rules


def entail(graph, *, full: bool = False) -> set:
    """The triples RDFS entailment adds to ``graph`` (an rdflib Graph or a set of triples) under
    the ontology, about ``graph``'s own nodes."""
    if not isinstance(graph, (set, frozenset)):
        graph = set(graph)
    subjects = {s for s, _, _ in graph}
    added: set = set()
    if full:
        g = Graph()
        for t in graph:
            g.add(t)
        for s, p, o in _closure(g):
            if _keep(s, p, o, graph, subjects):
                added.add((s, p, o))
        return added
    predicates = frozenset(p for _, p, _ in graph if p != RDF.type)
    classes = frozenset(o for _, p, o in graph if p == RDF.type)
    pred_rules, class_rules = _rules(predicates, classes)
    types: dict = {}
    for s, p, o in graph:
        if p == RDF.type:
            types.setdefault(s, set()).update(class_rules.get(o, ()))
            continue
        implied, stypes, otypes = pred_rules[p]
        for q in implied:
            added.add((s, q, o))
        if stypes:
            types.setdefault(s, set()).update(stypes)
        if otypes and not isinstance(o, Literal):
            types.setdefault(o, set()).update(otypes)
    # Types from domains and ranges imply their superclasses too.
    for node, ts in types.items():
        if node not in subjects:
            continue
        extra = set()
        for t in ts:
            extra |= _rules(frozenset(), frozenset([t]))[1].get(t, frozenset())
        for t in ts | extra:
            if _keep(node, RDF.type, t, graph, subjects):
                added.add((node, RDF.type, t))
    return added


def ontology_terms() -> tuple[frozenset, frozenset]:
    """The ontology's properties (those it declares and those they specialise) and classes (those
    it declares, specialises, or gives as a domain or range): the terms article graphs use."""
    g = ontology()
    property_types = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    predicates = {s for t in property_types for s in g.subjects(RDF.type, t)}
    predicates |= {o for o in g.objects(None, RDFS.subPropertyOf)} | {s for s in g.subjects(RDFS.subPropertyOf)}
    classes = {s for t in (RDFS.Class, OWL.Class) for s in g.subjects(RDF.type, t)}
    classes |= {o for p in (RDFS.subClassOf, RDFS.domain, RDFS.range) for o in g.objects(None, p)}
    classes |= {s for s in g.subjects(RDFS.subClassOf)}
    keep = lambda term: isinstance(term, URIRef)  # noqa: E731 - no blank nodes (owl:unionOf lists)
    return frozenset(filter(keep, predicates)), frozenset(filter(keep, classes - _NOISE_TYPES))


def warm() -> None:
    """Fill the rule cache for every term of the ontology in one owlrl run (rather than one run per
    new term as articles arrive): the first articles then cost what the others do, and processes
    forked afterwards inherit the rules."""
    predicates, classes = ontology_terms()
    _rules(predicates | _LABELS, classes)


# Predicates every article graph uses that the ontology does not declare.
_LABELS = frozenset({RDFS.label, RDFS.comment, SKOS.prefLabel, SKOS.altLabel, SKOS.exactMatch})
