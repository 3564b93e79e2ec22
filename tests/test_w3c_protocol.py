"""The W3C SPARQL 1.1 Protocol tests (../shared/w3c/protocol/manifest.ttl), run against the Flask
app through its test client; each test gets a fresh in-memory store preloaded from the data files."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph
from rdflib.collection import Collection

from service.store.oxigraph import OxigraphStore
from service.web import create_app
from w3c_manifest import CNT, HT, MF, STATUS, TOKEN, UT

pytestmark = pytest.mark.shared

PROTOCOL = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "protocol"
FORMATS = {"boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
           "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                       "text/tab-separated-values"},
           "RDF": {"text/turtle", "application/n-triples", "application/rdf+xml"}}


def _load_manifest():
    if not (PROTOCOL / "manifest.ttl").exists():
        return Graph(), []
    g = Graph().parse(PROTOCOL / "manifest.ttl", format="turtle", publicID=(PROTOCOL / "manifest.ttl").as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    return g, list(Collection(g, g.value(manifest, MF.entries)))


GRAPH, ENTRIES = _load_manifest()


def _requests(test):
    action = GRAPH.value(test, MF.action)
    for req in Collection(GRAPH, GRAPH.value(action, HT.requests)):
        headers = {}
        if GRAPH.value(req, HT.headers) is not None:
            for h in Collection(GRAPH, GRAPH.value(req, HT.headers)):
                headers[str(GRAPH.value(h, HT.fieldName))] = str(GRAPH.value(h, HT.fieldValue))
        body = GRAPH.value(req, HT.body)
        data = None
        if body is not None:
            data = str(GRAPH.value(body, CNT.chars)).encode(str(GRAPH.value(body, CNT.characterEncoding) or "utf-8"))
        yield (str(GRAPH.value(req, HT.methodName)), str(GRAPH.value(req, HT.absolutePath)), headers, data,
               GRAPH.value(req, HT.resp))


def _check_format(resp, expected: str, boolean):
    assert resp.mimetype in FORMATS[expected], f"{resp.mimetype} is not a {expected} format"
    if expected == "RDF":
        fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
               "application/rdf+xml": ox.RdfFormat.RDF_XML}[resp.mimetype]
        list(ox.parse(resp.data, format=fmt))
        return
    if resp.mimetype.endswith("json"):
        value = json.loads(resp.data)
        assert ("boolean" in value) if expected == "boolean" else ("results" in value)
        answer = value.get("boolean")
    elif resp.mimetype.endswith("xml"):
        root = ElementTree.fromstring(resp.data)
        found = root.find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert (found is not None) if expected == "boolean" else (found is None)
        answer = found is not None and found.text == "true"
    else:
        answer = None
    if boolean is not None:
        assert answer == boolean.toPython()


@pytest.mark.parametrize("test", ENTRIES, ids=[str(e).rsplit("#", 1)[-1] for e in ENTRIES])
def test_w3c_protocol(settings, test):
    store = OxigraphStore.open(None)
    for data in GRAPH.objects(test, UT.graphData):
        graph = ox.NamedNode(str(GRAPH.value(data, RDFS.label)))
        path = Path(str(GRAPH.value(data, UT.graph)).removeprefix("file://"))
        store._store.extend(ox.Quad(t.subject, t.predicate, t.object, graph)
                            for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
    client = create_app(settings.replace(update_token=TOKEN), store=store).test_client()
    for method, path, headers, data, resp_spec in _requests(test):
        headers = dict(headers, Authorization=f"Bearer {TOKEN}")
        assert path.startswith("/sparql/")
        resp = client.open("/sparql" + path[len("/sparql/"):], method=method, headers=headers, data=data)
        allowed = set().union(*(STATUS[s] for s in GRAPH.objects(resp_spec, MF.expectedStatus)))
        assert resp.status_code in allowed, f"{method} {path}: {resp.status_code} {resp.data[:300]!r}"
        expected = GRAPH.value(resp_spec, MF.expectedFormat)
        if expected is not None:
            _check_format(resp, str(expected), GRAPH.value(resp_spec, MF.expectedBoolean))


@pytest.mark.skipif(not ENTRIES, reason="../shared is absent")
def test_w3c_updates_are_refused_without_a_token(settings):
    client = create_app(settings, store=OxigraphStore.open(None)).test_client()
    resp = client.post("/sparql", data=b"CLEAR ALL", content_type="application/sparql-update")
    assert resp.status_code == 403 and resp.get_json()["ok"] is False
    client = create_app(settings.replace(update_token=TOKEN), store=OxigraphStore.open(None)).test_client()
    resp = client.post("/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer wrong"})
    assert resp.status_code == 401
