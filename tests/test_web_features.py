"""The web layer on a small hand-written graph (no spaCy model): safe defaults, CORS, Service
Description, VoID, canned queries, entity pages and metrics."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef

from service.store.oxigraph import OxigraphStore
from service.web import create_app

B = "http://newskg.test/"
TRIG = """
@prefix nkg: <https://w3id.org/newskg#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://newskg.test/article/a1> {
  <http://newskg.test/article/a1> a nkg:Article ; rdfs:label "Moldova talks stall" .
  <http://newskg.test/entity/person/jana-novak> a nkg:Actor ; rdfs:label "Jana Novak" ;
      skos:exactMatch <http://www.wikidata.org/entity/Q4115189> .
  <http://newskg.test/entity/place/moldova> a nkg:Location ; rdfs:label "Moldova" .
  <http://newskg.test/entity/place/chisinau> a nkg:Location ; rdfs:label "Chisinau" .
  <http://newskg.test/article/a1/claim/10-52> a nkg:Claim, nkg:Statement ; nkg:claimText "The country is deeply divided." ;
      nkg:claimant <http://newskg.test/entity/person/jana-novak> ;
      nkg:about <http://newskg.test/entity/place/moldova> ; nkg:quotedIn <http://newskg.test/article/a1> .
  <http://newskg.test/article/a1/claim/60-90> a nkg:Claim, nkg:Belief ; nkg:claimText "Talks resume in Chisinau." ;
      nkg:claimant <http://newskg.test/entity/person/jana-novak> ;
      nkg:about <http://newskg.test/entity/place/chisinau> ; nkg:quotedIn <http://newskg.test/article/a1> .
}
<http://newskg.test/article/a2> {
  <http://newskg.test/article/a2> a nkg:Article ; rdfs:label "Second story" .
}
"""


def make_store() -> OxigraphStore:
    store = OxigraphStore.open(None)
    store._store.load(TRIG.encode(), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture
def client(settings):
    return create_app(settings, store=make_store()).test_client()


def test_web_updates_are_refused_unless_a_token_is_set(client):
    resp = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert resp.status_code == 403 and "read-only" in resp.get_json()["message"]
    assert client.get("/healthz").get_json()["quads"] > 0


def test_web_query_timeout_is_a_json_503(settings):
    client = create_app(settings.replace(query_timeout=0.000001), store=make_store()).test_client()
    resp = client.get("/sparql", query_string={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    body = resp.get_json()
    assert resp.status_code == 503 and body["ok"] is False and "time limit" in body["message"]


def test_web_row_cap_is_a_json_413(settings):
    client = create_app(settings.replace(max_rows=5), store=make_store()).test_client()
    resp = client.get("/sparql", query_string={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f }"})
    assert resp.status_code == 413 and "LIMIT" in resp.get_json()["message"]
    assert client.get("/sparql", query_string={"query": "SELECT * { ?a ?b ?c } LIMIT 5"}).status_code == 200


@pytest.mark.parametrize("endpoint", ["<http://evil.example/sparql>", "?endpoint",
                                      "<http://query.wikidata.org.evil.example/sparql>"])
def test_web_service_clause_refused_unless_host_is_allowed(client, endpoint):
    query = f"SELECT * {{ SERVICE {endpoint} {{ ?s ?p ?o }} }}"
    resp = client.get("/sparql", query_string={"query": query})
    assert resp.status_code == 400 and "SERVICE" in resp.get_json()["message"]
    # The word inside a string is not a SERVICE clause.
    ok = client.get("/sparql", query_string={"query": 'ASK { FILTER("SERVICE <http://evil.example/>" != "") }'})
    assert ok.status_code == 200


def test_web_cors_headers_and_preflight(client):
    for path in ("/sparql?query=ASK%7B%7D", "/dump.ttl"):
        assert client.get(path).headers["Access-Control-Allow-Origin"] == "*"
    pre = client.options("/sparql", headers={"Origin": "http://x.example", "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 200 and pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in pre.headers["Access-Control-Allow-Methods"]


def test_web_service_description(client):
    resp = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    g = Graph().parse(data=resp.data, format="turtle")
    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    svc = next(g.subjects(SD.endpoint, URIRef(B + "sparql")))
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (svc, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
    resp = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert resp.status_code == 200 and len(Graph().parse(data=resp.data, format="json-ld")) == len(g)


def test_web_void_counts(client):
    g = Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    VOID = Namespace("http://rdfs.org/ns/void#")
    ds = URIRef(B + ".well-known/void#dataset")
    assert int(g.value(ds, VOID.triples)) == 23
    assert int(g.value(ds, VOID.entities)) == 7
    parts = {str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities)) for p in g.objects(ds, VOID.classPartition)}
    assert parts["https://w3id.org/newskg#Claim"] == 2 and parts["https://w3id.org/newskg#Location"] == 2
    assert parts["https://w3id.org/newskg#Statement"] == 1 and parts["https://w3id.org/newskg#Belief"] == 1
    props = {str(g.value(p, VOID.property)): int(g.value(p, VOID.triples)) for p in g.objects(ds, VOID.propertyPartition)}
    assert props["https://w3id.org/newskg#claimText"] == 2
    subsets = list(g.objects(ds, VOID.subset))
    assert sorted(int(g.value(s, VOID.triples)) for s in subsets) == [2, 21]


def test_web_canned_query_html_json_csv_and_bound_parameter(client):
    html = client.get("/queries/claims-about-place?placeName=Moldova")
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert "The country is deeply divided." in html.data.decode() and "Talks resume" not in html.data.decode()
    rows = json.loads(client.get("/queries/claims-about-place.json").data)["results"]["bindings"]
    assert {r["placeName"]["value"] for r in rows} == {"Moldova", "Chisinau"}
    by_accept = client.get("/queries/claims-about-place", headers={"Accept": "text/csv"})
    assert list(csv.reader(io.StringIO(by_accept.data.decode())))[0] == ["placeName", "speaker", "text", "class"]
    injected = client.get("/queries/claims-about-place.csv", query_string={"placeName": 'Moldova" } #'})
    assert injected.status_code == 200 and len(injected.data.decode().splitlines()) == 1
    bad = client.get("/queries/claims-about-place?nope=1")
    assert bad.status_code == 400 and "?nope" in bad.get_json()["message"]
    assert client.get("/queries/no-such-query").status_code == 404
    # ?claim is in the query but not projected: it cannot be bound, and that is a 400, not a 500.
    assert client.get("/queries/claims-about-place?claim=x").status_code == 400


def test_web_entity_pages_dereference(client):
    page = client.get("/entity/person/jana-novak", headers={"Accept": "text/html"})
    text = page.data.decode()
    assert page.status_code == 200 and "Jana Novak" in text
    assert "The country is deeply divided." in text and "https://www.wikidata.org/wiki/Q4115189" in text
    ttl = client.get("/entity/person/jana-novak", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=ttl.data, format="turtle")
    me = URIRef(B + "entity/person/jana-novak")
    assert len(list(g.triples((me, None, None)))) == 3 and len(list(g.triples((None, None, me)))) == 2
    jsonld = client.get("/article/a1/claim/10-52", headers={"Accept": "application/ld+json"})
    assert jsonld.status_code == 200 and len(Graph().parse(data=jsonld.data, format="json-ld")) == 6
    place = client.get("/entity/place/moldova").data.decode()
    assert "Claims about Moldova" in place and "Jana Novak" in place
    missing = client.get("/entity/person/nobody")
    assert missing.status_code == 404 and missing.get_json()["ok"] is False


def test_web_metrics_count_requests(client):
    client.get("/sparql", query_string={"query": "ASK {}"})
    client.get("/sparql", query_string={"query": "ASK {"})
    text = client.get("/metrics").data.decode()
    assert 'newskg_http_requests_total{route="/sparql",method="GET",status="200"} 1' in text
    assert 'newskg_http_requests_total{route="/sparql",method="GET",status="400"} 1' in text
    assert 'newskg_http_request_duration_seconds_count{route="/sparql"} 2' in text
    assert "newskg_articles 2" in text and "newskg_quads 23" in text


@pytest.mark.parametrize("method, path, kwargs", [
    ("POST", "/articles", {"data": b"Text.", "content_type": "text/plain"}),
    ("DELETE", "/articles/a1", {}),
    ("POST", "/sparql", {"data": b"CLEAR ALL", "content_type": "application/sparql-update"}),
    ("PUT", "/rdf-graph-store?default", {"data": b"<a:s> <a:p> <a:o> .", "content_type": "text/turtle"}),
    ("DELETE", "/rdf-graph-store?graph=http://newskg.test/article/a1", {}),
])
def test_web_every_write_needs_the_token(settings, method, path, kwargs):
    store = make_store()
    before = len(store._store)
    resp = create_app(settings, store=store).test_client().open(path, method=method, **kwargs)
    assert resp.status_code == 403 and "read-only" in resp.get_json()["message"]
    client = create_app(settings.replace(update_token="s3cret"), store=store).test_client()
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        resp = client.open(path, method=method, headers=headers, **kwargs)
        assert resp.status_code == 401 and resp.get_json()["ok"] is False
    assert len(store._store) == before
    assert "DELETE" in client.options("/articles/a1").headers["Access-Control-Allow-Methods"]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/tab-separated-values", "text/csv"])
def test_web_row_cap_is_exact_with_the_native_writers(settings, accept):
    store = OxigraphStore.open(None)
    store._store.update('INSERT DATA { <http://x/a> <http://x/p> "a,{}b[{}c,{\\"d\\n" , "e" }')
    query = "SELECT ?o WHERE { ?s ?p ?o }"
    ok = create_app(settings.replace(max_rows=2), store=store).test_client()
    resp = ok.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert resp.status_code == 200 and "e" in resp.data.decode()
    capped = create_app(settings.replace(max_rows=1), store=store).test_client()
    resp = capped.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert resp.status_code == 413


def test_web_a_failing_service_endpoint_is_a_400_that_does_not_echo_its_answer(settings):
    """An allowed SERVICE host that is down or answers an error: the query's problem (4xx), and
    what the remote endpoint sent back is never shown (it may be an internal service's page)."""
    import http.server
    import threading

    class Secretive(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"INTERNAL-SECRET stack trace")

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Secretive)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # a port nothing listens on once this socket closes
    client = create_app(settings.replace(service_allow="127.0.0.1"), store=make_store()).test_client()
    try:
        for url in (f"http://127.0.0.1:{port}/sparql", f"http://127.0.0.1:{closed}/sparql"):
            resp = client.get("/sparql", query_string={"query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
            body = resp.get_json()
            assert resp.status_code == 400 and "SERVICE" in body["message"], body
            assert "INTERNAL-SECRET" not in resp.get_data(as_text=True)
    finally:
        server.shutdown()
