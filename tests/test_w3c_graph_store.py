"""The W3C Graph Store HTTP Protocol tests (../shared/w3c/graph-store/manifest-{direct,indirect}.ttl),
run against the Flask app through its test client. Each test starts from an empty store. The
manifest's ``/gsp`` prefix is mapped to ``/rdf-graph-store``; ``/gsp/person/1.ttl`` (direct
identification) becomes ``/rdf-graph-store/person/1.ttl``."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from service.store.oxigraph import OxigraphStore
from service.web import create_app
from w3c_manifest import CNT, HT, MF, STATUS, TOKEN

pytestmark = pytest.mark.shared

GSP = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "graph-store"
# Every feature the manifests name is supported.
SUPPORTED = {MF.DirectGraphIdentification, MF.IndirectGraphIdentification, MF.POSTGraphCreation}


def _load():
    entries = []
    for name in ("manifest-direct.ttl", "manifest-indirect.ttl"):
        path = GSP / name
        if not path.exists():
            continue
        g = Graph().parse(path, format="turtle", publicID=path.as_uri())
        manifest = next(g.subjects(RDF.type, MF.Manifest))
        entries += [(g, t) for t in Collection(g, g.value(manifest, MF.entries))]
    return entries


ENTRIES = _load()


def _headers(g, node) -> dict[str, str]:
    if g.value(node, HT.headers) is None:
        return {}
    return {str(g.value(h, HT.fieldName)).lower(): str(g.value(h, HT.fieldValue))
            for h in Collection(g, g.value(node, HT.headers))}


def _chars(g, node) -> str | None:
    body = g.value(node, HT.body)
    return None if body is None else str(g.value(body, CNT.chars))


@pytest.mark.parametrize("entry", ENTRIES, ids=[str(t).rsplit("#", 1)[-1] for _, t in ENTRIES])
def test_w3c_graph_store(settings, entry):
    g, test = entry
    assert set(g.objects(test, MF.requires)) <= SUPPORTED
    client = create_app(settings.replace(update_token=TOKEN), store=OxigraphStore.open(None)).test_client()
    subst: dict[str, str] = {}
    for req in Collection(g, g.value(g.value(test, MF.action), HT.requests)):
        method, path = str(g.value(req, HT.methodName)), str(g.value(req, HT.absolutePath))
        for k, v in subst.items():
            path = path.replace(k, v)
        assert path.startswith("/gsp")
        path = "/rdf-graph-store" + path[len("/gsp"):]
        headers = dict(_headers(g, req), authorization=f"Bearer {TOKEN}")
        body = _chars(g, req)
        resp = client.open(path, method=method, headers=headers,
                           data=None if body is None else body.encode("utf-8"))
        spec = g.value(req, HT.resp)
        allowed = set().union(*(STATUS[s] for s in g.objects(spec, MF.expectedStatus)))
        assert resp.status_code in allowed, f"{method} {path}: {resp.status_code} {resp.data[:300]!r}"
        for name, value in _headers(g, spec).items():
            assert resp.headers.get(name, "").lower() == value.lower(), f"{method} {path}: {name}"
        expected = _chars(g, spec)
        if expected is not None:
            assert isomorphic(Graph().parse(data=resp.data.decode(), format="turtle"),
                              Graph().parse(data=expected, format="turtle")), resp.data.decode()
        if method == "HEAD":
            assert resp.data == b""
        location = g.value(spec, MF.expectedLocation)
        if location is not None:
            assert resp.headers.get("Location"), "no Location header"
            subst[str(location)] = resp.headers["Location"]


@pytest.mark.skipif(not ENTRIES, reason="../shared is absent")
def test_w3c_graph_store_listed_in_the_service_description_and_read_only_without_token(settings):
    client = create_app(settings, store=OxigraphStore.open(None)).test_client()
    sd = client.get("/sparql", headers={"Accept": "text/turtle"}).data.decode()
    assert "http://newskg.test/rdf-graph-store" in sd
    resp = client.put("/rdf-graph-store?default", data=b"<a:s> <a:p> <a:o> .", content_type="text/turtle")
    assert resp.status_code == 403
    assert client.get("/rdf-graph-store?graph=http://x/none").status_code == 404
    assert client.get("/rdf-graph-store?default").status_code == 200
