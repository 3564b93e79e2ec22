"""The full-text index beside the store: kept in step with every write, delete and relink, rebuilt
when missing or out of date, and its facet counts equal to counts made another way (SPARQL over the
same store, and the IR the articles were made from)."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from dataclasses import replace

import pytest

from search_corpus import BASE, PLACES, corpus, make_article, put
from service.errors import InputError
from service.ir import EntityKind
from service.mapping.iris import name_slug
from service.store.oxigraph import OxigraphStore
from service.store.search import index_path
from service.store.search.browse import FACETS, Filters, facet_counts, list_claims, search

NKG = "PREFIX nkg: <https://w3id.org/newskg#>\n"


def _snapshot(ix) -> dict:
    """Everything the index holds, without its row ids (which differ between builds)."""
    db = ix.db
    claims = {iri: (kind, text, art, month, outlet) for iri, kind, text, art, month, outlet in
              db.execute("SELECT iri, kind, text, article, month, outlet FROM claim")}
    actors = sorted(db.execute("SELECT c.iri, a.role, a.entity FROM claim_actor a JOIN claim c ON c.id = a.claim"))
    entities = sorted(db.execute("SELECT iri, graph, label, names, person, organisation, place FROM entity"))
    fts = sorted(db.execute("SELECT c.iri, f.text, f.speaker FROM claim_fts f JOIN claim c ON c.id = f.rowid"))
    names = sorted(db.execute("SELECT e.iri, f.names FROM entity_fts f JOIN entity e ON e.id = f.rowid"))
    graphs = dict(db.execute("SELECT name, quads FROM graph"))
    return {"claims": claims, "actors": actors, "entities": entities, "fts": fts, "names": names, "graphs": graphs}


def _rebuilt(store) -> dict:
    """What the index should hold, made another way: every quad of every graph read (not only the
    properties the index reads through the predicate indexes), in a fresh in-memory index."""
    from service.store.search.index import SearchIndex
    from service.store.search.rows import graph_rows

    graphs: dict[str, list] = {}
    for q in store._store:
        graphs.setdefault(q.graph_name.value if hasattr(q.graph_name, "value") else "", []).append(q)
    ix = SearchIndex(None)
    ix.rebuild((g, graph_rows(qs)) for g, qs in graphs.items())
    return _snapshot(ix)


def _assert_in_step(store) -> None:
    ix = store.search_index()
    assert ix.state == "clean"
    assert _snapshot(ix) == _rebuilt(store)
    assert ix.quads() == len(store._store)


@pytest.fixture
def disk(tmp_path):
    st = OxigraphStore.open(tmp_path / "store")
    yield st
    st.close()


def _sparql_counts(store, facet: str, where: str = "") -> dict[str, int]:
    """A facet's counts as a plain SPARQL COUNT over the same store (an independent count)."""
    pattern = {
        "speaker": "?c nkg:claimant ?v .",
        "place": "?c nkg:about ?v . ?v a nkg:Location .",
        "organisation": "?c nkg:about ?v . ?v a nkg:Organization .",
        "outlet": "?c nkg:quotedIn ?a . ?a nkg:publisher ?v .",
        "month": "?c nkg:quotedIn ?a . ?a nkg:published ?d . BIND(SUBSTR(STR(?d), 1, 7) AS ?v)",
        "kind": "{ ?c a nkg:Statement BIND('statement' AS ?v) } UNION { ?c a nkg:Belief BIND('belief' AS ?v) } "
                "UNION { ?c a nkg:Finding BIND('finding' AS ?v) }",
    }[facet]
    q = f"{NKG}SELECT ?v (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a nkg:Claim . {pattern} {where} }} GROUP BY ?v"
    return {r["v"].value: int(r["n"].value) for r in store.query(q)}


def _facets(ix, filters: Filters) -> dict[str, dict[str, int]]:
    return {f: {v["value"]: v["count"] for v in values}
            for f, values in facet_counts(ix, filters, size=1000).items()}


def test_search_index_facet_counts_equal_sparql_counts_and_the_ir(disk):
    articles = corpus(30)
    for a in articles:
        put(disk, a)
    ix = disk.search_index()
    got = _facets(ix, Filters())
    for facet in FACETS:
        assert got[facet] == _sparql_counts(disk, facet), facet
    # and against the IR the articles were made from
    speakers = Counter(name_slug(e.name) for a in articles for c in a.claims
                       for e in a.entities if e.key in c.speakers)
    assert {iri.rsplit("/", 1)[1]: n for iri, n in got["speaker"].items()} == speakers
    kinds = Counter(c.attribution.value for a in articles for c in a.claims)
    assert got["kind"] == kinds
    places = Counter(e.name for a in articles for c in a.claims for e in a.entities
                     if e.key in c.about and e.kind is EntityKind.PLACE)
    assert {ix.db.execute("SELECT label FROM entity WHERE iri = ?", (iri,)).fetchone()[0]: n
            for iri, n in got["place"].items()} == places
    assert sum(got["kind"].values()) == list_claims(ix, Filters())["total"] == sum(len(a.claims) for a in articles)


def test_search_index_facets_combine_and_narrow_like_sparql(disk):
    for a in corpus(30):
        put(disk, a)
    ix = disk.search_index()
    speaker = max(_facets(ix, Filters())["speaker"].items(), key=lambda kv: kv[1])[0]
    place = BASE + "entity/place/" + name_slug(PLACES[0])
    narrowed = Filters(speaker=[speaker], place=[place], kind=["statement"])
    where = f"?c nkg:claimant <{speaker}> ; nkg:about <{place}> ; a nkg:Statement ."
    got = _facets(ix, narrowed)
    for facet in FACETS:
        assert got[facet] == _sparql_counts(disk, facet, where), facet
    result = list_claims(ix, narrowed, per_page=1000)
    expected = {r["c"].value for r in disk.query(f"{NKG}SELECT DISTINCT ?c WHERE {{ ?c a nkg:Claim . {where} }}")}
    assert {c["claim"] for c in result["claims"]} == expected and result["total"] == len(expected) > 0


def test_search_index_pages_are_stable_and_cover_the_list_once(disk):
    for a in corpus(30):
        put(disk, a)
    ix = disk.search_index()
    everything = list_claims(ix, Filters(), per_page=1000)["claims"]
    pages, page = [], 1
    while page:
        result = list_claims(ix, Filters(), page=page, per_page=7)
        pages += result["claims"]
        page = result["next"]
    assert [c["claim"] for c in pages] == [c["claim"] for c in everything]
    assert len({c["claim"] for c in pages}) == len(pages)
    published = [c["published"] for c in everything]
    assert published == sorted(published, reverse=True)


def test_search_index_follows_writes_deletes_and_relabels(disk):
    rng = random.Random(3)
    only = make_article("gone", rng, extra="zanzibarite quarrymen")
    for a in [*corpus(8), only]:
        put(disk, a)
    _assert_in_step(disk)
    assert search(disk.search_index(), "zanzibarite")["claims"]["total"] == 1
    assert disk.delete_graph(BASE + "article/gone")
    _assert_in_step(disk)
    result = search(disk.search_index(), "zanzibarite")
    assert result["claims"]["total"] == 0 and result["claims"]["rows"] == []
    # Re-ingesting the same article changes nothing; a new version replaces the old rows.
    a0 = corpus(8)[0]
    before = _snapshot(disk.search_index())
    put(disk, a0)
    assert _snapshot(disk.search_index()) == before
    # Another article names a speaker more completely: the speaker's label, and the words that
    # find their claims in every article, follow.
    speaker = a0.entities[0]
    fuller = replace(make_article("fuller", random.Random(5)), id="fuller")
    fuller = replace(fuller, entities=tuple(replace(e, aliases=("Dr Quillon",)) if e.key == fuller.claims[0].speakers[0]
                                            else e for e in fuller.entities))
    put(disk, fuller)
    _assert_in_step(disk)
    hit = search(disk.search_index(), "Quillon", what="claims")["claims"]
    alias_owner = fuller.claims[0].speakers[0]
    assert hit["total"] == list_claims(disk.search_index(), Filters(
        speaker=[BASE + "entity/person/" + alias_owner.split("-", 1)[1]]), per_page=1000)["total"] > 0
    assert speaker  # the corpus's first article is still there
    disk.delete_graph(BASE + "article/fuller")
    _assert_in_step(disk)
    assert search(disk.search_index(), "Quillon")["claims"]["total"] == 0


def test_search_index_after_a_sparql_update_that_may_touch_any_graph(disk):
    for a in corpus(5):
        put(disk, a)
    disk.search_index()
    disk.update(f"{NKG}DELETE {{ GRAPH ?g {{ ?c nkg:claimText ?t }} }} WHERE {{ GRAPH ?g {{ ?c nkg:claimText ?t . "
                "FILTER(CONTAINS(?t, 'tunnel')) } }")
    assert disk._search.index.state == "stale"
    _assert_in_step(disk)  # rebuilt before it answers
    assert all("tunnel" not in c["text"] for c in list_claims(disk.search_index(), Filters(), per_page=1000)["claims"])


@pytest.mark.parametrize("damage", ["deleted", "older copy", "left writing"])
def test_search_index_missing_or_stale_file_is_rebuilt(tmp_path, damage):
    path = tmp_path / "store"
    st = OxigraphStore.open(path)
    for a in corpus(6):
        put(st, a)
    st.search_index()
    st.close()
    old = tmp_path / "old.sqlite"
    shutil.copy(index_path(str(path)), old)
    st = OxigraphStore.open(path)
    put(st, make_article("later", random.Random(9), extra="xylophonic"))
    expected = _snapshot(st.search_index())
    st.close()
    ix_file = index_path(str(path))
    for extra in ("-wal", "-shm"):
        (tmp_path / (ix_file.name + extra)).unlink(missing_ok=True)
    if damage == "deleted":
        ix_file.unlink()
    elif damage == "older copy":
        shutil.copy(old, ix_file)
    else:
        import sqlite3

        db = sqlite3.connect(ix_file)
        db.execute("UPDATE meta SET value = 'writing' WHERE key = 'state'")
        db.commit()
        db.close()
    st = OxigraphStore.open(path)
    try:
        assert _snapshot(st.search_index()) == expected
        assert search(st.search_index(), "xylophonic")["claims"]["total"] == 1
        assert st._search.last_rebuild is not None
    finally:
        st.close()
    # A read-only opener of a clean index uses the file as it is.
    ro = OxigraphStore.open(path, read_only=True)
    try:
        assert _snapshot(ro.search_index()) == expected and ro._search.last_rebuild is None
    finally:
        ro.close()


@pytest.mark.parametrize("text", ['"unclosed', "NEAR(", "a AND", "speaker: OR", "*"])
def test_search_index_bad_fts_syntax_is_an_input_error(disk, text):
    put(disk, corpus(1)[0])
    with pytest.raises(InputError, match="does not parse"):
        search(disk.search_index(), text)


def test_search_index_plain_words_with_punctuation_are_quoted_not_parsed(disk):
    put(disk, corpus(1)[0])
    for text in ("O'Brien", "U.S.", "state-run", "50%", "what?"):
        assert search(disk.search_index(), text)["claims"]["total"] == 0
    assert search(disk.search_index(), '"said that" OR velt*')["q"] == '"said that" OR velt*'


def test_search_index_follows_a_relink(disk):
    """Relinking rewrites an article with its actor now linked (a new node, ``entity/Q…``): the
    claims' speaker moves to it, in the index as in SPARQL."""
    from service.ir import Link

    articles = corpus(6)
    for a in articles:
        put(disk, a)
    a0 = articles[0]
    key = a0.claims[0].speakers[0]
    linked = replace(a0, entities=tuple(replace(e, link=Link("Q4242", 0.9, "search")) if e.key == key else e
                                        for e in a0.entities))
    put(disk, linked)
    _assert_in_step(disk)
    got = _facets(disk.search_index(), Filters())
    assert got["speaker"] == _sparql_counts(disk, "speaker")
    assert got["speaker"][BASE + "entity/Q4242"] == sum(1 for c in a0.claims if key in c.speakers)


def test_search_index_cached_facet_counts_follow_a_write(disk):
    articles = corpus(10)
    for a in articles[:8]:
        put(disk, a)
    first = list_claims(disk.search_index(), Filters())["facets"]
    assert list_claims(disk.search_index(), Filters())["facets"] is first  # kept until the index changes
    for a in articles[8:]:
        put(disk, a)
    got = _facets(disk.search_index(), Filters())
    assert got["speaker"] == _sparql_counts(disk, "speaker")
    assert list_claims(disk.search_index(), Filters(), facet_size=1000)["facets"]["kind"] == [
        {"value": k, "label": k, "count": n, "selected": False}
        for k, n in sorted(_sparql_counts(disk, "kind").items(), key=lambda kv: (-kv[1], kv[0]))]


def test_search_index_failure_never_stops_a_write(disk, monkeypatch):
    """Reading the rows back fails: the article is still written, and the index, left stale, is
    rebuilt before it answers."""
    import service.store.search as search_pkg

    articles = corpus(4)
    put(disk, articles[0])

    def broken(*args, **kwargs):
        raise OSError("the disk said no")

    # the rows are read from the store, or made from the quads the store read back for the dump segments
    monkeypatch.setattr(search_pkg, "read_graph", broken)
    monkeypatch.setattr(search_pkg, "graph_rows", broken)
    name = put(disk, articles[1])
    assert disk.has_graph(name)
    assert disk._search.index.state == "stale"
    monkeypatch.undo()
    _assert_in_step(disk)
    assert list_claims(disk.search_index(), Filters())["total"] == len(articles[0].claims) + len(articles[1].claims)
