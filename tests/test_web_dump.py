"""Dumps stream the whole store, from the per-graph segments kept beside it, and never a stale graph."""

import sqlite3
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from service.formats import graph_format
from service.store.oxigraph import OxigraphStore
from service.store.segments import index_path
from service.web import create_app

XSD = "http://www.w3.org/2001/XMLSchema#"


def _quads(g: str, n: int, start: int = 0, text: str = "v"):
    node = ox.NamedNode(g)
    out = [ox.Quad(ox.NamedNode(f"{g}/s{i}"), ox.NamedNode("https://w3id.org/newskg#quote"),
                   ox.Literal(f"{text}{i}\nsecond line . \" <{g}> ."), node) for i in range(start, start + n)]
    # A blank node and a literal the store writes in canonical form ("1.50" is stored as 1.5).
    out.append(ox.Quad(ox.BlankNode(), ox.NamedNode("https://schema.org/amount"),
                       ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")), node))
    return out


def _dump(client_or_store, ext: str) -> bytes:
    if isinstance(client_or_store, OxigraphStore):
        return b"".join(client_or_store.dump_chunks(graph_format(ext)))
    resp = client_or_store.get(f"/dump.{ext}")
    assert resp.status_code == 200 and resp.mimetype == graph_format(ext).media_type
    return resp.get_data()


def _parsed(data: bytes, ext: str) -> set:
    """What a dump says, as a set of quads (triple formats: in the default graph), blank nodes
    replaced by one marker so that dumps and store contents compare."""
    out = set()
    for q in ox.parse(data, format=graph_format(ext).rdf):
        s = "_" if isinstance(q.subject, ox.BlankNode) else str(q.subject)
        out.add((s, str(q.predicate), str(q.object), str(q.graph_name)))
    return out


def _held(store: OxigraphStore, *, union: bool) -> set:
    out = set()
    for q in store._store:
        s = "_" if isinstance(q.subject, ox.BlankNode) else str(q.subject)
        out.add((s, str(q.predicate), str(q.object), str(ox.DefaultGraph()) if union else str(q.graph_name)))
    return out


def _check_all_formats(store: OxigraphStore) -> None:
    for ext in ("nq", "trig"):
        assert _parsed(_dump(store, ext), ext) == _held(store, union=False), ext
    for ext in ("ttl", "nt"):
        assert _parsed(_dump(store, ext), ext) == _held(store, union=True), ext


def _filed(store: OxigraphStore, fmt: str = "nq") -> dict[str, int]:
    return store._segments.counts(fmt)


def test_every_format_is_exactly_what_the_store_holds(store):
    store.put_graphs({"http://x/g1": _quads("http://x/g1", 5), "http://x/g2": _quads("http://x/g2", 3)})
    store._store.add(ox.Quad(ox.NamedNode("http://x/d"), ox.NamedNode("http://x/p"), ox.Literal("in the default graph")))
    store._store.add(ox.Quad(ox.NamedNode("http://x/b"), ox.NamedNode("http://x/p"), ox.Literal("in a blank-node graph"),
                             ox.BlankNode("g0")))
    assert _filed(store) == {"<http://x/g1>": 6, "<http://x/g2>": 4}
    _check_all_formats(store)  # the default graph, written directly, is read from the store
    assert _filed(store) == {"<http://x/g1>": 6, "<http://x/g2>": 4, "": 1, "_:g0": 1}  # ... and filed by the dump
    _check_all_formats(store)
    assert b'"1.5"^^' in _dump(store, "nq")  # the canonical form the store holds, not the "1.50" written


def test_turtle_dump_declares_prefixes_once(store):
    store.put_graphs({"http://x/g1": _quads("http://x/g1", 2), "http://x/g2": _quads("http://x/g2", 2)})
    ttl = _dump(store, "ttl").decode()
    assert ttl.count("@prefix nkg: ") == 1 and "nkg:quote" in ttl
    trig = _dump(store, "trig").decode()
    assert "<http://x/g1> {" in trig and "<http://x/g2> {" in trig and trig.count("@prefix nkg: ") == 1


def test_writes_refresh_segments_and_deletes_remove_them(settings, store):
    client = create_app(settings, store=store).test_client()
    store.put_graph("http://x/g1", _quads("http://x/g1", 50))
    assert len(_parsed(_dump(client, "nq"), "nq")) == 51
    store.put_graph("http://x/g1", _quads("http://x/g1", 2, text="changed"))  # replaced, smaller
    assert {o for _, _, o, _ in _parsed(_dump(client, "nq"), "nq") if "changed" in o} and \
        len(_parsed(_dump(client, "nq"), "nq")) == 3
    store.put_graph("http://x/g2", _quads("http://x/g2", 7))
    store.delete_graph("http://x/g1")
    assert _filed(store) == {"<http://x/g2>": 8}
    assert {g for *_, g in _parsed(_dump(client, "nq"), "nq")} == {"<http://x/g2>"}


def test_a_sparql_update_never_leaves_a_stale_segment(store):
    store.put_graphs({"http://x/g1": _quads("http://x/g1", 3), "http://x/g2": _quads("http://x/g2", 3)})
    # Same number of quads afterwards: only the content changes.
    store.update('DELETE { GRAPH ?g { ?s ?p "v0\\nsecond line . \\" <http://x/g1> ." } } '
                 'INSERT { GRAPH ?g { ?s ?p "edited" } } '
                 'WHERE { GRAPH ?g { ?s ?p "v0\\nsecond line . \\" <http://x/g1> ." } }')
    assert '"edited"' in _dump(store, "nq").decode()
    _check_all_formats(store)


def test_graph_store_writes_forget_only_their_graph(settings, store):
    settings.values["update_token"] = "t0ken"
    client = create_app(settings, store=store).test_client()
    store.put_graphs({"http://x/g1": _quads("http://x/g1", 3), "http://x/g2": _quads("http://x/g2", 3)})
    resp = client.put("/rdf-graph-store?graph=http://x/g2", data=b'<http://x/a> <http://x/b> "put" .',
                      content_type="application/n-triples", headers={"Authorization": "Bearer t0ken"})
    assert resp.status_code == 204
    assert "<http://x/g1>" in _filed(store) and _filed(store)["<http://x/g2>"] == 1
    assert '"put"' in _dump(client, "nq").decode()
    _check_all_formats(store)


def test_graphs_changed_by_other_tools_are_read_from_the_store(settings, store):
    store.put_graphs({"http://x/g1": _quads("http://x/g1", 3), "http://x/g2": _quads("http://x/g2", 3)})
    _dump(store, "nq")
    path = settings.store
    store.close()
    # Another tool (pyoxigraph itself, as `oxigraph load` would) adds a graph and grows another.
    raw = ox.Store(path)
    raw.add(ox.Quad(ox.NamedNode("http://x/new"), ox.NamedNode("http://x/p"), ox.Literal("loaded"),
                    ox.NamedNode("http://x/g3")))
    raw.add(ox.Quad(ox.NamedNode("http://x/more"), ox.NamedNode("http://x/p"), ox.Literal("grown"),
                    ox.NamedNode("http://x/g1")))
    raw.flush()
    del raw
    reopened = OxigraphStore.open(path)
    try:
        nq = _dump(reopened, "nq").decode()
        assert '"loaded"' in nq and '"grown"' in nq
        _check_all_formats(reopened)
        assert _filed(reopened)["<http://x/g1>"] == 5 and _filed(reopened)["<http://x/g3>"] == 1
    finally:
        reopened.close()


def test_a_large_graph_without_segment_streams_and_is_not_filed(settings, monkeypatch):
    import service.store.dumping as dumping

    monkeypatch.setattr(dumping, "SEGMENT_MAX_QUADS", 10)
    raw = ox.Store(settings.store)
    raw.extend(_quads("http://x/big", 40))
    raw.flush()
    del raw
    store = OxigraphStore.open(settings.store)
    try:
        _check_all_formats(store)
        assert "<http://x/big>" not in _filed(store)
    finally:
        store.close()


def test_a_dump_racing_a_write_never_files_what_the_write_replaced(store, monkeypatch):
    """A dump that serialises a graph from the store while a write replaces it must not keep it."""
    import service.store.dumping as dumping

    store.put_graph("http://x/g1", _quads("http://x/g1", 2))
    store._segments.forget(None)  # as after a crash: no segment, the dump reads the store
    entered, release = threading.Event(), threading.Event()
    real = dumping._serialise_graph

    def slow(ox_store, key, base):
        body = real(ox_store, key, base)
        entered.set()
        release.wait(10)
        return body

    monkeypatch.setattr(dumping, "_serialise_graph", slow)
    old = []
    reader = threading.Thread(target=lambda: old.append(_dump(store, "nq")))
    reader.start()
    assert entered.wait(10)
    # While the dump holds the old body, an update that could change any graph (so it files none),
    # and keeps the graph's size (so only the generation check can tell).
    store.update('DELETE { GRAPH ?g { <http://x/g1/s0> ?p ?o } } INSERT { GRAPH ?g { <http://x/g1/s0> ?p "new0" } } '
                 'WHERE { GRAPH ?g { <http://x/g1/s0> ?p ?o } }')
    release.set()
    reader.join(10)
    assert b'"v0' in old[0]  # the racing dump saw the old graph ...
    monkeypatch.setattr(dumping, "_serialise_graph", real)
    now = _dump(store, "nq")
    assert b'"new0' in now and b'"v0' not in now  # ... but did not file it


def test_a_broken_index_is_dropped_and_dumps_read_the_store(settings, store):
    store.put_graph("http://x/g1", _quads("http://x/g1", 2))
    store._segments._db.close()  # any SQLite failure from here on
    store.put_graph("http://x/g2", _quads("http://x/g2", 2))  # the write itself succeeds
    assert store._segments is None and not index_path(settings.store).exists()
    _check_all_formats(store)


def test_segments_from_other_prefixes_are_not_reused(settings, store):
    store.put_graph("http://x/g1", _quads("http://x/g1", 2))
    store.close()
    db = sqlite3.connect(index_path(settings.store))
    db.execute("UPDATE meta SET value = 'older layout' WHERE key = 'layout'")
    db.commit()
    db.close()
    reopened = OxigraphStore.open(settings.store)
    try:
        assert _filed(reopened) == {}
        _check_all_formats(reopened)
    finally:
        reopened.close()


@pytest.mark.parametrize("ext", ["ttl", "trig", "nq", "nt"])
def test_web_dump_of_an_empty_store_parses(settings, store, ext):
    client = create_app(settings, store=store).test_client()
    assert _parsed(_dump(client, ext), ext) == set()


def test_fill_segments_files_what_other_tools_wrote(settings):
    raw = ox.Store(settings.store)
    raw.extend(_quads("http://x/g1", 3) + _quads("http://x/g2", 2))
    raw.flush()
    del raw
    store = OxigraphStore.open(settings.store)
    try:
        assert _filed(store) == {}
        assert store.fill_segments() == 4  # two graphs, two formats
        assert _filed(store, "nq") == _filed(store, "ttl") == {"<http://x/g1>": 4, "<http://x/g2>": 3}
        assert store.fill_segments() == 0
        _check_all_formats(store)
        assert store.fill_segments(stop=lambda: True) == 0
    finally:
        store.close()


def test_the_former_whole_dump_cache_is_removed(settings):
    old = Path(settings.store + ".dumps")
    old.mkdir(parents=True)
    (old / "newskg.ttl").write_bytes(b"x")
    (old / "newskg.ttl.json").write_text("[]")
    OxigraphStore.open(settings.store).close()
    assert not old.exists()
