"""The vocabulary module and the ontology file must agree, and every term must be documented."""

import re

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from service.config import ONTOLOGY_FILE
from service.vocab import NKG

SCHEMA = "https://schema.org/"


def _graph():
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def test_ontology_terms_match_vocab_module():
    g = _graph()
    ns = str(NKG._NS)
    in_file = {str(s)[len(ns):] for s in g.subjects() if str(s).startswith(ns) and str(s) != ns}
    in_code = set(NKG.__annotations__)
    assert in_file == in_code


def test_ontology_every_term_has_label_comment_and_alignment():
    g = _graph()
    ns = str(NKG._NS)
    for term in {s for s in g.subjects() if str(s).startswith(ns)}:
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None, term
    for cls in g.subjects(RDF.type, OWL.Class):
        if cls in (NKG.Actor, NKG.UnnamedActor, NKG.LinkDecision, NKG.Mention):
            continue  # schema.org has no term for these; they are aligned to PROV-O and NIF
        if cls in (NKG.UnnamedPerson, NKG.UnnamedGroup):
            # Aligned to PROV-O only on purpose: schema.org's Person and Organization are things with
            # names, and a client listing them should not get "a senior official".
            assert not any(str(o).startswith(SCHEMA) for o in g.transitive_objects(cls, RDFS.subClassOf)), cls
            continue
        supers = {str(o) for o in g.transitive_objects(cls, RDFS.subClassOf)}
        assert any(s.startswith(SCHEMA) for s in supers), cls


def test_ontology_never_uses_owl_sameas_and_uses_https_schema():
    text = ONTOLOGY_FILE.read_text()
    assert "owl:sameAs" not in text
    assert not re.search(r"http://schema\.org", text)
    assert (URIRef("https://w3id.org/newskg"), RDF.type, OWL.Ontology) in _graph()
