import pyoxigraph as ox
import pytest

from service.errors import QueryError, StoreError
from service.store import open_store


def _quads(g: str, n: int):
    return [ox.Quad(ox.NamedNode(f"http://x/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(str(i)), ox.NamedNode(g))
            for i in range(n)]


def test_store_put_graph_replaces_instead_of_adding(store):
    store.put_graph("http://x/g", _quads("http://x/g", 5))
    store.put_graph("http://x/g", _quads("http://x/g", 3))
    assert store.count() == 3
    assert store.has_graph("http://x/g")


def test_store_delete_graph(store):
    store.put_graph("http://x/g1", _quads("http://x/g1", 2))
    store.put_graph("http://x/g2", _quads("http://x/g2", 2))
    assert store.delete_graph("http://x/g1") is True
    assert store.delete_graph("http://x/g1") is False
    assert store.count() == 2


def test_store_query_sees_union_of_graphs_and_reports_bad_queries(store):
    store.put_graph("http://x/g", _quads("http://x/g", 2))
    assert len(list(store.query("SELECT ?s WHERE { ?s ?p ?o }"))) == 2
    with pytest.raises(QueryError):
        store.query("SELECT WHERE {")


def test_store_is_opened_by_one_process(settings):
    first = open_store(settings)
    try:
        with pytest.raises(StoreError, match="cannot open the store"):
            open_store(settings)
    finally:
        first.close()


def test_store_close_releases_the_lock(settings):
    first = open_store(settings)
    first.put_graph("http://x/g", _quads("http://x/g", 2))
    first.close()
    again = open_store(settings)
    try:
        assert again.count() == 2
    finally:
        again.close()


def test_store_keeps_what_extract_prints(store):
    """Offsets are xsd:integer, which Oxigraph stores as written (it rewrites derived integer types)."""
    from service.ir import Article, Claim, ClaimKind, Entity, EntityKind, Mention
    from service.mapping import article_triples
    from service.rdfterms import triples_quads

    jane = Entity("person-jane-doe", EntityKind.PERSON, "Jane Doe", (Mention(0, 8, "Jane Doe"),))
    claim = Claim(ClaimKind.INDIRECT, "it rains", 14, 22, ("person-jane-doe",), cue="said")
    name, triples = article_triples(Article(id="a1", text="Jane Doe said it rains.", entities=(jane,),
                                            claims=(claim,)), base="http://newskg.test/")
    quads = triples_quads(triples, str(name))
    store.put_graph(str(name), quads)
    assert set(store.quads(str(name))) == set(quads)


@pytest.fixture
def small_disk(tmp_path):
    """A 24 MB file system of its own (tmpfs), to fill up; skipped where mounting is not allowed."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_store_writes_recover_once_a_full_disk_has_room_again(small_disk):
    from service.config import Settings
    from service.web import create_app

    settings = Settings.load(environ={}, store=str(small_disk / "store"), data_dir=str(small_disk / "data"),
                             link=False, update_token="t")
    store = open_store(settings)
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (14 << 20))
    client = create_app(settings, store=store).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer t"
    try:
        body = "".join(f"<http://x/s{j}> <http://x/p> \"{'x' * 300}{j}\" .\n" for j in range(3000))
        statuses = []
        for i in range(40):  # ~1 MB a graph: the disk fills up
            r = client.put(f"/rdf-graph-store?graph=http://x/g{i}", data=body, content_type="application/n-triples")
            statuses.append(r.status_code)
            if r.status_code != 201 and r.status_code != 204:
                break
        assert statuses[-1] == 503 and "the disk is full" in r.get_json()["message"], (statuses, r.get_json())
        assert "detail" not in r.get_json()  # no file path of the store in the answer
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["writes"]["ok"] is False
        assert health.get_json()["writes"]["last_failure"]["reason"] == "the disk is full"
        kept = store.count()
        filler.unlink()  # room again: the next write reopens the store and goes through
        r = client.put("/rdf-graph-store?graph=http://x/after", data="<http://x/a> <http://x/b> \"1\" .",
                       content_type="application/n-triples")
        assert r.status_code in (201, 204), r.get_json()
        assert store.count() == kept + 1 and store.has_graph("http://x/after")
        health = client.get("/healthz").get_json()
        assert health["ok"] is True and health["writes"]["ok"] is True and health["writes"]["failures"] >= 1
    finally:
        store.close()
