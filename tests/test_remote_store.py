"""The same service tests on both backends: the embedded pyoxigraph store and an external SPARQL
1.1 store (a real ``oxigraph serve`` started here on 127.0.0.1, spoken to by ``RemoteStore``)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Dataset

from service.config import SAMPLE_ARTICLE
from service.errors import QueryError, StoreError
from service.formats import graph_format
from service.ingest import Pipeline, ensure_ontology, ingest
from service.reader import read_path
from service.store import open_store
from service.store.remote import RemoteStore, update_url
from service.vocab import ONTOLOGY_IRI
from service.web import create_app
from servers import free_port

AUTH = {"Authorization": "Bearer t"}
CLAIMS = """PREFIX nkg: <https://w3id.org/newskg#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?speaker ?text WHERE { ?c a nkg:Claim ; nkg:claimant ?w ; nkg:claimText ?text . ?w rdfs:label ?speaker }"""


@pytest.fixture(scope="module")
def sample_quads():
    from service.config import Settings

    settings = Settings.load(environ={}, link=False, base_iri="http://newskg.test/")
    pipeline = Pipeline(settings, link=False)
    article, quads = pipeline.extract(next(read_path(SAMPLE_ARTICLE)))
    return pipeline.iri(article), quads


def _load(st, sample_quads):
    iri, quads = sample_quads
    ensure_ontology(st)
    st.put_graph(iri, quads)
    return iri


# ---------------------------------------------------------------- both backends, no model needed

def test_put_graph_replaces_and_delete_removes(backend):
    settings, st = backend
    g = "http://newskg.test/article/x"
    a, b = ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/b")
    quads = [ox.Quad(a, b, ox.Literal(f"v{i}"), ox.NamedNode(g)) for i in range(3)]
    st.put_graph(g, quads)
    assert st.has_graph(g) and st.count() == 3 and st.graphs() == [g]
    st.put_graph(g, quads[:2] + [ox.Quad(a, b, ox.Literal("\"quoted\" \\ é\n"), ox.NamedNode(g))])
    assert st.count() == 3
    assert {q.object.value for q in st.quads(g)} == {"v0", "v1", "\"quoted\" \\ é\n"}
    st.put_graphs({g: quads[:1], g + "2": quads[1:]})
    assert st.count() == 3 and sorted(st.graphs()) == [g, g + "2"]
    assert st.delete_graph(g) is True and st.delete_graph(g) is False
    assert not st.has_graph(g) and st.count() == 2


def test_query_forms_options_and_errors(backend):
    settings, st = backend
    g1, g2 = "http://newskg.test/g1", "http://newskg.test/g2"
    p = ox.NamedNode("http://ex/p")
    st.put_graph(g1, [ox.Quad(ox.NamedNode("http://ex/s1"), p, ox.Literal("one", language="en"), ox.NamedNode(g1))])
    st.put_graph(g2, [ox.Quad(ox.NamedNode("http://ex/s2"), p, ox.Literal("2", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), ox.NamedNode(g2))])
    rows = st.query("SELECT ?s ?o WHERE { ?s <http://ex/p> ?o } ORDER BY ?s")  # default graph = union
    assert isinstance(rows, ox.QuerySolutions)
    assert [(r["s"].value, r["o"]) for r in rows] == [
        ("http://ex/s1", ox.Literal("one", language="en")),
        ("http://ex/s2", ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))]
    assert bool(st.query("ASK { ?s ?p 'one'@en }")) is True
    triples = st.query("CONSTRUCT WHERE { ?s <http://ex/p> ?o }")
    assert isinstance(triples, ox.QueryTriples) and len(list(triples)) == 2
    only = st.query("SELECT ?s WHERE { ?s ?p ?o }", default_graph=[ox.NamedNode(g2)])
    assert [r["s"].value for r in only] == ["http://ex/s2"]
    named = st.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[ox.NamedNode(g1)])
    assert [r["g"].value for r in named] == [g1]
    subs = st.query("SELECT ?s ?o WHERE { ?s <http://ex/p> ?o }",
                    substitutions={ox.Variable("s"): ox.NamedNode("http://ex/s1")})
    assert [r["o"].value for r in subs] == ["one"]
    with pytest.raises(QueryError):
        st.query("SELECT WHERE {")
    with pytest.raises(QueryError):
        st.update("INSERT DATA {")
    out = io.BytesIO()
    st.dump(out, graph_format("nq"))
    assert len(list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))) == st.count() == 2


# ---------------------------------------------------------------- both backends, through the pipeline

@pytest.mark.model
def test_ingest_sample_reingest_replaces_and_delete(backend):
    settings, st = backend
    pipeline = Pipeline(settings, link=False)
    [iri] = ingest([SAMPLE_ARTICLE], st, settings, pipeline=pipeline).ingested
    assert st.has_graph(iri) and st.has_graph(str(ONTOLOGY_IRI))
    n = st.count()
    claims = list(st.query(CLAIMS))
    assert len(claims) >= 15
    ingest([SAMPLE_ARTICLE], st, settings, pipeline=pipeline)
    assert st.count() == n  # replaced, no duplicates
    ontology = len(list(st.quads(str(ONTOLOGY_IRI))))
    assert st.delete_graph(iri) is True and not st.has_graph(iri)
    assert st.count() == ontology and list(st.query(CLAIMS)) == []


@pytest.mark.model
def test_web_sparql_json_dump_and_rejected_input(backend, sample_quads):
    settings, st = backend
    _load(st, sample_quads)
    client = create_app(settings.replace(update_token="t"), store=st).test_client()
    resp = client.get("/sparql", query_string={"query": CLAIMS}, headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 200 and resp.mimetype == "application/sparql-results+json"
    rows = json.loads(resp.data)["results"]["bindings"]
    assert len(rows) >= 15 and any(r["speaker"]["value"] == "Frederic Wehrey" for r in rows)
    ask = client.get("/sparql", query_string={"query": "ASK { ?s a <https://schema.org/Claim> }"})
    assert json.loads(ask.data) == {"head": {}, "boolean": True}
    bad = client.get("/sparql", query_string={"query": "SELECT WHERE {"})
    assert bad.status_code == 400 and "parse" in bad.get_json()["message"]

    ds = Dataset()
    ds.parse(data=client.get("/dump.trig").data, format="trig")
    assert len(ds) == st.count()

    before = st.count()
    for data, ctype in [(b"", "text/plain"), (b"{broken", "application/json"), (b"\x00\x01\x02", "text/plain"),
                        (json.dumps({"url": "http://127.0.0.1:9/x"}).encode(), "application/json")]:
        rejected = client.post("/articles", data=data, content_type=ctype, headers=AUTH)
        assert 400 <= rejected.status_code < 500 and rejected.get_json()["ok"] is False
    assert st.count() == before
    assert client.get("/healthz").get_json()["articles"] == 1


# ---------------------------------------------------------------- the external store only

def test_unreachable_endpoint_is_a_clear_store_error(settings):
    port = free_port()  # nothing listens there
    st = open_store(settings.replace(sparql_endpoint=f"http://127.0.0.1:{port}/query"))
    with pytest.raises(StoreError, match="unreachable"):
        st.count()
    with pytest.raises(StoreError, match="unreachable"):
        st.put_graph("http://newskg.test/g", [])  # an empty graph still sends the DROP
    client = create_app(settings.replace(sparql_endpoint=f"http://127.0.0.1:{port}/query"), store=st).test_client()
    resp = client.get("/sparql", query_string={"query": "ASK {}"})
    assert resp.status_code == 503 and "unreachable" in resp.get_json()["message"]
    assert update_url("http://h/ds/query") == "http://h/ds/update"
    assert update_url("http://h/sparql") == "http://h/sparql"
    assert update_url("http://h/query", "http://h/u") == "http://h/u"


@pytest.mark.model
def test_cli_sparql_endpoint_ingest_query_dump_delete(oxigraph_server, tmp_path):
    requests.post(oxigraph_server + "/update", data="DROP ALL", headers={"Content-Type": "application/sparql-update"},
                  timeout=10).raise_for_status()
    env = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_BASE_IRI": "http://newskg.test/",
           "NEWSKG_DATA_DIR": str(tmp_path / "data"), "NEWSKG_STORE": str(tmp_path / "unused")}
    ep = ["--sparql-endpoint", oxigraph_server + "/query"]

    def run(*args):
        return subprocess.run([sys.executable, "-m", "service", *args], env=env, capture_output=True, timeout=120)

    ingested = run("ingest", str(SAMPLE_ARTICLE), *ep)
    assert ingested.returncode == 0, ingested.stderr
    assert not (tmp_path / "unused").exists()  # the embedded store was never opened
    counted = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/newskg#Claim> }",
                  "--format", "json", *ep)
    assert counted.returncode == 0 and int(json.loads(counted.stdout)["results"]["bindings"][0]["n"]["value"]) >= 15
    dumped = run("dump", "-f", "nq", *ep)
    assert dumped.returncode == 0 and len(list(ox.parse(dumped.stdout, format=ox.RdfFormat.N_QUADS))) > 100
    st = RemoteStore(oxigraph_server + "/query")
    article = next(row["g"].value for row in st.query("SELECT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/newskg#Article> } }"))
    named = {row["e"].value for row in st.query(f"SELECT ?e WHERE {{ GRAPH <{article}> {{ ?r <https://w3id.org/newskg#refersTo> ?e }} }}")}
    assert named and named <= set(st.graphs())  # the sample's actors and places have graphs of their own
    st.close()
    deleted = run("delete", article, *ep)
    assert deleted.returncode == 0, deleted.stderr
    gone = run("query", "ASK { ?c a <https://w3id.org/newskg#Claim> }", "--format", "json", *ep)
    assert json.loads(gone.stdout)["boolean"] is False
    st = RemoteStore(oxigraph_server + "/query")
    assert set(st.graphs()) == {str(ONTOLOGY_IRI)}  # the entity graphs went with their only article
    st.close()
    again = run("delete", article, *ep)
    assert again.returncode == 1 and b"no article" in again.stderr
    down = run("dump", "--sparql-endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert down.returncode == 1 and len(down.stderr.decode().strip().splitlines()) == 1
    assert b"unreachable" in down.stderr


def test_docker_compose_has_an_oxigraph_profile():
    import yaml

    compose = yaml.safe_load((Path(__file__).resolve().parents[1] / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "profiles" not in services["newskg"]  # `docker compose up` is unchanged
    on_oxigraph = [name for name, s in services.items() if "oxigraph" in s.get("profiles", [])]
    assert set(on_oxigraph) == {"oxigraph", "newskg-oxigraph"}
    assert "--union-default-graph" in services["oxigraph"]["command"]
    env = services["newskg-oxigraph"]["environment"]
    assert env["NEWSKG_SPARQL_ENDPOINT"] == "http://oxigraph:7878/query"
    assert set(compose["volumes"]) >= {"newskg-data", "oxigraph-data"}
