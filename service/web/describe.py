"""What the service is and holds, in RDF: the SPARQL Service Description (``GET /sparql``)
and a VoID description (``/.well-known/void``), computed with aggregate queries on the store."""

from __future__ import annotations

from flask import Blueprint, Response, request

import pyoxigraph as ox

from service.formats import GRAPH_FORMATS, RESULT_FORMATS, negotiate
from service.rdfterms import PREFIXES
from service.web.state import state

bp = Blueprint("describe", __name__)

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMATS_NS = "http://www.w3.org/ns/formats/"
# W3C format IRIs for the result and graph formats the endpoint writes.
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
               "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "nt": "N-Triples", "nq": "N-Quads",
               "trig": "TriG", "jsonld": "JSON-LD", "rdfxml": "RDF_XML"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def _answer(triples: list[ox.Triple]) -> Response:
    fmt = negotiate(request.headers.get("Accept"), GRAPH_FORMATS, GRAPH_FORMATS[0])
    prefixes = dict(PREFIXES, sd=SD, void=VOID) if fmt.name == "turtle" else None
    body = ox.serialize(triples, format=fmt.rdf, prefixes=prefixes)
    return Response(body, content_type=fmt.content_type)


def service_description() -> Response:
    st = state()
    endpoint = _n(st.settings.base + "sparql")
    svc = _n(st.settings.base + "sparql#service")
    gsp = _n(st.settings.base + "rdf-graph-store")
    t = [ox.Triple(svc, RDF_TYPE, _n(SD + "Service")), ox.Triple(svc, _n(SD + "endpoint"), endpoint),
         ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
         ox.Triple(svc, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")),
         ox.Triple(svc, _n(SD + "feature"), _n(SD + "BasicFederatedQuery"))]
    if st.settings.update_token:
        t.append(ox.Triple(svc, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Update")))
    for f in RESULT_FORMATS + GRAPH_FORMATS:
        t.append(ox.Triple(svc, _n(SD + "resultFormat"), _n(FORMATS_NS + FORMAT_IRIS[f.name])))
    dataset = ox.BlankNode()
    t += [ox.Triple(svc, _n(SD + "defaultDataset"), dataset), ox.Triple(dataset, RDF_TYPE, _n(SD + "Dataset")),
          ox.Triple(dataset, _n(VOID + "triples"), _int(st.store.count())),
          ox.Triple(svc, _n("http://www.w3.org/2000/01/rdf-schema#seeAlso"), _n(st.settings.base + ".well-known/void")),
          # The Graph Store HTTP Protocol endpoint (GET/HEAD open; PUT/POST/DELETE need the token).
          ox.Triple(svc, _n("http://www.w3.org/2000/01/rdf-schema#seeAlso"), gsp),
          ox.Triple(gsp, _n("http://www.w3.org/2000/01/rdf-schema#label"),
                    ox.Literal("SPARQL 1.1 Graph Store HTTP Protocol endpoint"))]
    return _answer(t)


def _rows(query: str) -> list:
    return list(state().store.query(query))


@bp.route("/.well-known/void")
def void():
    st = state()
    base = st.settings.base
    ds = _n(base + ".well-known/void#dataset")
    triples = _rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    entities = _rows("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t }")[0]["n"]
    t = [ox.Triple(ds, RDF_TYPE, _n(VOID + "Dataset")),
         ox.Triple(ds, _n(VOID + "sparqlEndpoint"), _n(base + "sparql")),
         ox.Triple(ds, _n(VOID + "dataDump"), _n(base + "dump.trig")),
         ox.Triple(ds, _n("http://www.w3.org/2000/01/rdf-schema#seeAlso"), _n(base + "rdf-graph-store")),
         ox.Triple(ds, _n(VOID + "triples"), triples),
         ox.Triple(ds, _n(VOID + "entities"), entities)]
    for row in _rows("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"):
        part = ox.BlankNode()
        t += [ox.Triple(ds, _n(VOID + "classPartition"), part), ox.Triple(part, _n(VOID + "class"), row["c"]),
              ox.Triple(part, _n(VOID + "entities"), row["n"])]
    for row in _rows("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        part = ox.BlankNode()
        t += [ox.Triple(ds, _n(VOID + "propertyPartition"), part), ox.Triple(part, _n(VOID + "property"), row["p"]),
              ox.Triple(part, _n(VOID + "triples"), row["n"])]
    for row in _rows("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"):
        sub = ox.BlankNode()
        t += [ox.Triple(ds, _n(VOID + "subset"), sub), ox.Triple(sub, RDF_TYPE, _n(VOID + "Dataset")),
              ox.Triple(sub, _n(SD + "name"), row["g"]), ox.Triple(sub, _n(VOID + "triples"), row["n"])]
    return _answer(t)
