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
