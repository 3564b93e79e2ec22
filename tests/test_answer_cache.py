"""Repeated SPARQL queries are answered from memory until the next write, and never stale."""

import pyoxigraph as ox
import pytest

from service.web import create_app

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TOKEN = {"Authorization": "Bearer s3cret"}


def _quads(g: str, n: int):
    return [ox.Quad(ox.NamedNode(f"{g}/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(f"v{i}"), ox.NamedNode(g))
            for i in range(n)]


def _count(client, query: str = COUNT, *, form: bool = False) -> int:
    headers = {"Accept": "application/sparql-results+json"}
    if form:  # the Flask protocol path
        resp = client.post("/sparql", data={"query": query}, headers=headers)
    else:  # the lean path
        resp = client.post("/sparql", data=query, content_type="application/sparql-query", headers=headers)
    assert resp.status_code == 200, resp.get_data()
    return int(resp.get_json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture
def app(settings, store):
    settings.values["update_token"] = "s3cret"
    store.put_graph("http://x/g1", _quads("http://x/g1", 3))
    return create_app(settings, store=store)


@pytest.mark.parametrize("form", [False, True])
def test_a_repeated_query_is_answered_from_the_cache(app, form):
    client, answers = app.test_client(), app.extensions["newskg"].answers
    assert _count(client, form=form) == 3 and (answers.hits, answers.misses) == (0, 1)
    assert _count(client, form=form) == 3 and (answers.hits, answers.misses) == (1, 1)
    assert 'newskg_answer_cache_total{result="hit"} 1' in client.get("/metrics").get_data(as_text=True)


@pytest.mark.parametrize("form", [False, True])
def test_every_kind_of_write_moves_the_answers_on(app, store, form):
    client = app.test_client()
    assert _count(client, form=form) == 3
    store.put_graph("http://x/g2", _quads("http://x/g2", 2))  # an ingest
    assert _count(client, form=form) == 5
    resp = client.post("/sparql", data={"update": "INSERT DATA { <http://x/a> <http://x/b> 1 }"}, headers=TOKEN)
    assert resp.status_code == 204
    assert _count(client, form=form) == 6
    resp = client.put("/rdf-graph-store?graph=http://x/g2", data=b"<http://x/a> <http://x/b> \"2\" .",
                      content_type="application/n-triples", headers=TOKEN)
    assert resp.status_code == 204
    assert _count(client, form=form) == 5
    store.delete_graph("http://x/g1")
    assert _count(client, form=form) == 2


def test_answers_that_change_without_a_write_are_not_kept(app):
    client, answers = app.test_client(), app.extensions["newskg"].answers
    for query in ("SELECT (COUNT(*) AS ?n) (NOW() AS ?t) WHERE { ?s ?p ?o }",
                  "SELECT (COUNT(*) AS ?n) (rand () AS ?r) WHERE { ?s ?p ?o }",
                  "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o BIND(struuid() AS ?u) }"):
        _count(client, query)
        _count(client, query)
    assert answers.hits == 0


def test_nothing_is_kept_while_a_write_runs(app, store):
    client, answers = app.test_client(), app.extensions["newskg"].answers
    store._generation += 1  # as inside a write
    try:
        _count(client)
        _count(client)
        assert answers.hits == 0
    finally:
        store._generation += 1
    _count(client)
    assert _count(client) == 3 and answers.hits == 1


def test_the_cache_can_be_turned_off_and_keeps_no_large_answer(settings, store):
    store.put_graph("http://x/g1", _quads("http://x/g1", 3))
    settings.values["result_cache_mb"] = 0
    off = create_app(settings, store=store)
    client = off.test_client()
    _count(client)
    _count(client)
    assert off.extensions["newskg"].answers.hits == 0

    settings.values["result_cache_mb"] = 0.002  # 2 kB: an answer may take 262 bytes
    small = create_app(settings, store=store)
    client = small.test_client()
    everything = "SELECT * WHERE { ?s ?p ?o }"
    for _ in range(2):
        resp = client.post("/sparql", data=everything, content_type="application/sparql-query")
        assert resp.status_code == 200 and len(resp.get_data()) > 262
    _count(client)
    _count(client)
    assert small.extensions["newskg"].answers.hits == 1  # the count, not the larger answer


def test_conditional_get_of_a_query_answers_304_until_a_write(app, store):
    client = app.test_client()
    url = "/sparql?query=" + COUNT.replace(" ", "%20")
    json_accept = {"Accept": "application/sparql-results+json"}
    first = client.get(url, headers=json_accept)  # the lean path
    tag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Vary"] == "Accept" and tag
    again = client.get(url, headers={**json_accept, "If-None-Match": tag})  # Flask's path
    assert again.status_code == 304 and again.get_data() == b"" and again.headers["ETag"] == tag
    # Another representation of the same query is another tag.
    xml = client.get(url, headers={"Accept": "application/sparql-results+xml", "If-None-Match": tag})
    assert xml.status_code == 200 and xml.headers["ETag"] != tag
    store.put_graph("http://x/g2", _quads("http://x/g2", 2))
    after = client.get(url, headers={**json_accept, "If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag
    assert after.get_json()["results"]["bindings"][0]["n"]["value"] == "5"
    # No tag for answers that change without a write, nor for POSTed queries.
    assert "ETag" not in client.get("/sparql?query=" + "SELECT%20(NOW()%20AS%20?t)%20{}").headers
    assert "ETag" not in client.post("/sparql", data=COUNT, content_type="application/sparql-query").headers


def test_conditional_get_of_a_dump(app, store):
    client = app.test_client()
    first = client.get("/dump.nq")
    tag = first.headers["ETag"]
    assert first.status_code == 200 and b"http://x/g1" in first.get_data()
    assert client.get("/dump.nq", headers={"If-None-Match": tag}).status_code == 304
    assert client.get("/dump.ttl", headers={"If-None-Match": tag}).status_code == 200  # another format
    store.delete_graph("http://x/g1")
    changed = client.get("/dump.nq", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag and b"http://x/g1" not in changed.get_data()
