"""The Flask app through its test client, on a store holding the sample article."""

import csv
import io
import json

import pytest
from rdflib import Dataset, Graph

from service.ingest import Pipeline, ingest
from service.config import SAMPLE_ARTICLE
from service.web import create_app

pytestmark = pytest.mark.model
AUTH = {"Authorization": "Bearer t"}

CLAIMS = """PREFIX nkg: <https://w3id.org/newskg#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?speaker ?text WHERE { ?c a nkg:Claim ; nkg:claimant ?w ; nkg:claimText ?text . ?w rdfs:label ?speaker }"""


@pytest.fixture
def client(settings, store):
    ingest([SAMPLE_ARTICLE], store, settings, pipeline=Pipeline(settings))
    app = create_app(settings.replace(update_token="t"), store=store)
    return app.test_client()


def test_web_sparql_get_answers_sparql_json_with_claims(client):
    resp = client.get("/sparql", query_string={"query": CLAIMS}, headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 200 and resp.mimetype == "application/sparql-results+json"
    rows = json.loads(resp.data)["results"]["bindings"]
    assert len(rows) >= 15
    assert any(r["speaker"]["value"] == "Frederic Wehrey" for r in rows)


@pytest.mark.parametrize("accept, mimetype", [
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml", "application/sparql-results+xml")])
def test_web_sparql_post_form_negotiates_result_formats(client, accept, mimetype):
    resp = client.post("/sparql", data={"query": CLAIMS}, headers={"Accept": accept})
    assert resp.status_code == 200 and resp.mimetype == mimetype
    if mimetype == "text/csv":
        rows = list(csv.reader(io.StringIO(resp.data.decode())))
        assert rows[0] == ["speaker", "text"] and len(rows) > 15


def test_web_sparql_construct_as_turtle_and_ask(client):
    resp = client.post("/sparql", data="CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 5",
                       content_type="application/sparql-query", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200 and resp.mimetype == "text/turtle"
    assert len(Graph().parse(data=resp.data, format="turtle")) == 5
    resp = client.get("/sparql", query_string={"query": "ASK { ?s a <https://schema.org/Claim> }"})
    assert json.loads(resp.data) == {"head": {}, "boolean": True}


def test_web_sparql_bad_query_is_a_json_400(client):
    resp = client.get("/sparql", query_string={"query": "SELECT WHERE {"})
    assert resp.status_code == 400
    body = resp.get_json()
    assert body["ok"] is False and body["status"] == 400 and "parse" in body["message"]


def test_web_dump_holds_the_same_triples_as_the_store(client, store):
    resp = client.get("/dump.trig")
    assert resp.status_code == 200
    ds = Dataset()
    ds.parse(data=resp.data, format="trig")
    assert len(ds) == store.count()
    g = Graph().parse(data=client.get("/dump.ttl").data, format="turtle")
    assert len(g) >= store.count() * 0.9


def test_web_post_article_then_rejects_bad_input_without_changing_the_store(client, store):
    body = {"text": "The minister said on Tuesday that the new hospital in Lyon would open next year.",
            "id": "hosp-1", "published": "2021-04-09"}
    resp = client.post("/articles", data=json.dumps(body), content_type="application/json", headers=AUTH)
    assert resp.status_code == 201
    assert resp.get_json()["iri"].endswith("/article/hosp-1")
    # The Location works on whatever host and port serve the request: relative to /articles.
    assert resp.headers["Location"] == "article/hosp-1"
    assert client.get("/article/hosp-1", headers={"Accept": "text/turtle"}).status_code == 200
    before = store.count()
    for data, ctype in [(b"", "text/plain"), (b"{broken", "application/json"), (b"\x00\x01\x02", "text/plain")]:
        bad = client.post("/articles", data=data, content_type=ctype, headers=AUTH)
        assert bad.status_code == 400 and bad.get_json()["ok"] is False
    assert store.count() == before
    # Re-posting the same article replaces it: no duplicate triples.
    client.post("/articles", data=json.dumps(body), content_type="application/json", headers=AUTH)
    assert store.count() == before


def test_web_index_lists_holdings_and_canned_queries(client):
    resp = client.get("/")
    html = resp.data.decode()
    assert resp.status_code == 200 and "Most quoted actors" in html and 'href="sparql?query=' in html
    assert client.get("/healthz").get_json()["articles"] == 1
