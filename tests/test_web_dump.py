"""Dumps stream the whole store; the on-disk dump cache never serves a stale graph."""

import pyoxigraph as ox
from rdflib import Dataset, Graph

from service.web import create_app


def _quads(g: str, n: int, start: int = 0):
    return [ox.Quad(ox.NamedNode(f"{g}/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(f"v{i}"), ox.NamedNode(g))
            for i in range(start, start + n)]


def _nquads(client) -> Dataset:
    resp = client.get("/dump.nq")
    assert resp.status_code == 200 and resp.mimetype == "application/n-quads"
    ds = Dataset()
    ds.parse(data=resp.get_data(), format="nquads")
    return ds


def test_web_dump_cache_is_refreshed_by_every_write(settings, store):
    store.put_graph("http://x/g1", _quads("http://x/g1", 50))
    client = create_app(settings, store=store).test_client()
    assert len(_nquads(client)) == 50
    assert len(_nquads(client)) == 50  # the second dump may come from the cache
    store.put_graph("http://x/g2", _quads("http://x/g2", 7))
    assert len(_nquads(client)) == 57
    store.delete_graph("http://x/g1")
    ds = _nquads(client)
    assert len(ds) == 7 and {str(g) for _, _, _, g in ds.quads()} == {"http://x/g2"}


def test_web_dump_turtle_is_the_union_of_the_graphs(settings, store):
    store.put_graph("http://x/g1", _quads("http://x/g1", 5))
    store.put_graph("http://x/g2", _quads("http://x/g2", 5))
    client = create_app(settings, store=store).test_client()
    resp = client.get("/dump.ttl")
    assert resp.status_code == 200
    assert len(Graph().parse(data=resp.get_data(), format="turtle")) == 10
