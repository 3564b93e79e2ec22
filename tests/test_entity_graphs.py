"""The data's shape in a real store, on both backends: a shared actor's facts are in one graph of
its own, derived from every article that names it; re-ingest is idempotent; delete removes exactly
what only that article asserted; no triple is in two graphs, so joins through labels count right."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from service.ir import Article, Claim, ClaimKind, Entity, EntityKind, Link, Mention
from service.mapping import article_iri, article_triples
from service.mapping.entities import derive
from service.ingest import Pipeline, delete_article, ingest
from service.queries import load_queries
from service.rdfterms import quads_triples, triples_quads
from service.vocab import ONTOLOGY_IRI, RDFS, SKOS

BASE = "http://newskg.test/"
JANE = BASE + "entity/person/jane-doe"
TOWN = BASE + "entity/Q1001"


def _entity(key, kind, name, text, *, link=None, distinctive=True):
    at = text.index(name)
    return Entity(key, kind, name, (Mention(at, at + len(name), name),), link=link, distinctive=distinctive)


def _article(aid: str, speaker: str, town: str | None, *, bob: bool = True, says: str = "the bridge is safe") -> Article:
    """``speaker`` says something about ``town`` (linked to the same item whatever its name);
    "Bob" (a bare given name) says something too."""
    text = f"{speaker} said {says} in {town or 'the city'}. Bob said it was not."
    entities = [_entity("person-speaker", EntityKind.PERSON, speaker, text)]
    about = ()
    if town:
        entities.append(_entity("place-town", EntityKind.PLACE, town, text, link=Link("Q1001", 0.9, "search")))
        about = ("place-town",)
    claims = [Claim(ClaimKind.INDIRECT, says, text.index(says), text.index(says) + len(says), ("person-speaker",),
                    cue="said", about=about)]
    if bob:
        entities.append(_entity("person-bob", EntityKind.PERSON, "Bob", text, distinctive=False))
        start = text.index("it was not")
        claims.append(Claim(ClaimKind.INDIRECT, "it was not", start, start + 10, ("person-bob",), cue="said"))
    return Article(id=aid, text=text, entities=tuple(entities), claims=tuple(claims))


def _put(st, article: Article) -> str:
    name, triples = article_triples(article, base=BASE)
    st.put_graph(str(name), triples_quads(triples, str(name)))
    return str(name)


def _graphs(st) -> dict[str, set]:
    out: dict[str, set] = {}
    for q in st.quads():
        out.setdefault(q.graph_name.value, set()).add(q)
    return out


def _check_derived(st) -> dict[str, set]:
    """The store's entity graphs are exactly what ``mapping.entities.derive`` gives from its article
    graphs (two implementations, SPARQL in the store and Python, of one rule), and no triple is in
    two graphs. Answers the graphs."""
    graphs = _graphs(st)
    articles = {g: qs for g, qs in graphs.items() if "/article/" in g}
    expected = {str(node): triples for node, triples in
                derive(set().union(*(quads_triples(qs) for qs in articles.values()))).items()}
    stored = {g: quads_triples(qs) for g, qs in graphs.items() if g.startswith(BASE + "entity/")}
    assert stored == expected
    assert set(graphs) == set(articles) | set(stored) | ({str(ONTOLOGY_IRI)} & set(graphs))
    triples = [q.triple for qs in graphs.values() for q in qs]
    assert len(triples) == len(set(triples)), "a triple is in two graphs"
    return graphs


def _most_quoted(st) -> list[tuple[str, int]]:
    q = next(q for q in load_queries() if q.name == "most-quoted")
    return sorted((r["name"].value, int(r["claims"].value)) for r in st.query(q.text))


def test_entity_graphs_follow_ingest_reingest_and_delete(backend):
    settings, st = backend
    a1 = _put(st, _article("a1", "Jane Doe", "Springfield"))
    a2 = _put(st, _article("a2", "JANE DOE", "Springfield, Illinois", says="the road is closed"))
    graphs = _check_derived(st)
    jane = quads_triples(graphs[JANE])
    assert (URIRef(JANE), RDFS.label, Literal("Jane Doe")) in jane  # one label: the most complete name
    assert (URIRef(JANE), SKOS.altLabel, Literal("JANE DOE")) in jane
    town = quads_triples(graphs[TOWN])
    assert (URIRef(TOWN), RDFS.label, Literal("Springfield, Illinois")) in town
    # One row per actor, with the count of its claims: two Bobs, each in its own article.
    assert _most_quoted(st) == [("Bob", 1), ("Bob", 1), ("Jane Doe", 2)]

    # Ingesting the same article again changes nothing.
    before = {str(q) for q in st.quads()}
    _put(st, _article("a2", "JANE DOE", "Springfield, Illinois", says="the road is closed"))
    assert {str(q) for q in st.quads()} == before

    # a2 again, without Jane and without the town: a1 alone gives their graphs now.
    _put(st, _article("a2", "Ann Roe", None, says="the road is closed"))
    graphs = _check_derived(st)
    assert (URIRef(TOWN), RDFS.label, Literal("Springfield")) in quads_triples(graphs[TOWN])
    assert not any(p == SKOS.altLabel for _s, p, _o in quads_triples(graphs[JANE]))

    # Deleting a1 removes what only it asserted: Jane's and the town's graphs go, Ann's stays.
    assert st.delete_graph(a1) is True
    graphs = _check_derived(st)
    assert JANE not in graphs and TOWN not in graphs and BASE + "entity/person/ann-roe" in graphs
    assert st.delete_graph(a2) is True
    assert _graphs(st) == {}


def test_entity_graphs_batch_writes_are_one_update(backend):
    """put_graphs (bulk ingest's 16 articles per transaction) derives the same graphs as one by one."""
    settings, st = backend
    articles = [_article(f"b{i}", name, town) for i, (name, town) in
                enumerate([("Jane Doe", "Springfield"), ("Jane Doe", None), ("Ann Roe", "Springfield")])]
    batch = {}
    for a in articles:
        name, triples = article_triples(a, base=BASE)
        batch[str(name)] = triples_quads(triples, str(name))
    st.put_graphs(batch)
    graphs = _check_derived(st)
    assert {JANE, TOWN, BASE + "entity/person/ann-roe"} <= set(graphs)
    st.put_graphs({g: qs for g, qs in batch.items() if not g.endswith("b0")})  # b1 and b2 again
    assert {str(q) for qs in _check_derived(st).values() for q in qs} == {str(q) for qs in graphs.values() for q in qs}


def test_delete_article_refuses_what_is_not_an_article(backend):
    settings, st = backend
    settings = settings.replace(base_iri=BASE)
    _put(st, _article("a1", "Jane Doe", "Springfield"))
    assert delete_article(st, settings, JANE) is None and st.has_graph(JANE)  # an entity graph is derived data
    assert delete_article(st, settings, "nope") is None
    assert delete_article(st, settings, "a1") == str(article_iri(BASE, "a1"))
    assert _graphs(st) == {}


def test_dump_segments_stay_right_for_entity_graphs(settings, tmp_path):
    """The embedded store's per-graph dump segments follow the entity graphs that writes of other
    graphs change (a dump is a concatenation of segments)."""
    from service.formats import graph_format
    from service.store.oxigraph import OxigraphStore

    st = OxigraphStore.open(tmp_path / "store")
    try:
        def dumped(fmt: str) -> set[str]:
            body = b"".join(st.dump_chunks(graph_format(fmt)))
            rdf = ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TRIG
            return {str(q) for q in ox.parse(body, format=rdf)}

        a1 = _put(st, _article("a1", "Jane Doe", "Springfield"))
        assert dumped("nq") == dumped("trig") == {str(q) for q in st.quads()}  # files the segments
        _put(st, _article("a2", "JANE DOE", "Springfield, Illinois"))
        assert dumped("nq") == dumped("trig") == {str(q) for q in st.quads()}
        st.delete_graph(a1)
        assert dumped("nq") == dumped("trig") == {str(q) for q in st.quads()}
        assert JANE in {q.graph_name.value for q in st.quads()}  # a2 still names Jane
    finally:
        st.close()


@pytest.mark.model
def test_entity_graphs_through_the_pipeline_and_the_cli_extract(settings, store):
    """What `newskg extract` prints is what an empty store holds after ingesting the article."""
    from service.config import SAMPLE_ARTICLE
    from service.reader import read_path

    pipeline = Pipeline(settings, link=False)
    _article_, alone = pipeline.extract(next(read_path(SAMPLE_ARTICLE)), alone=True)
    report = ingest([SAMPLE_ARTICLE], store, settings, pipeline=pipeline)
    assert len(report.ingested) == 1 and not report.failed
    stored = {str(q) for q in store.quads() if q.graph_name.value != str(ONTOLOGY_IRI)}
    mem = ox.Store()
    mem.extend(alone)  # the same terms as the store writes them
    assert stored == {str(q) for q in mem}
    _check_derived(store)


@pytest.mark.parametrize("seed", [7, 11, 23])
def test_entity_graphs_equal_the_derivation_over_random_writes_and_deletes(backend, seed):
    """Random puts (single and batched, batches also through the bulk loader), re-puts and deletes
    of articles that name overlapping actors with varying names, aliases, kinds and links: after every
    step the store's entity graphs are exactly ``mapping.entities.derive`` over its article graphs."""
    import random

    settings, st = backend
    rnd = random.Random(seed)
    names = ["Jane Doe", "JANE DOE", "Jane  Doe", "Ann Roe", "Acme Holdings", "Acme Holdings Ltd"]
    qids = [None, None, "Q1", "Q2"]
    stored: set[str] = set()

    def random_article(aid: str) -> Article:
        entities, text = [], ""
        for i in range(rnd.randint(1, 4)):
            name = rnd.choice(names)
            kind = rnd.choice([EntityKind.PERSON, EntityKind.ORGANIZATION])
            qid = rnd.choice(qids)
            start = len(text)
            text += name + " spoke. "
            aliases = tuple(rnd.sample(["Doe", "Acme", "the firm"], rnd.randint(0, 2)))
            entities.append(Entity(f"e{i}", kind, name, (Mention(start, start + len(name), name),), aliases=aliases,
                                   link=Link(qid, 0.5, "search") if qid else None))
        return Article(id=aid, text=text, entities=tuple(entities))

    for step in range(60):
        action = rnd.random()
        if action < 0.25 and stored:
            victim = rnd.choice(sorted(stored))
            assert st.delete_graph(victim) is True
            stored.discard(victim)
        elif action < 0.45:
            batch = {}
            for _ in range(rnd.randint(2, 4)):
                name, triples = article_triples(random_article(f"r{rnd.randint(0, 7)}"), base=BASE)
                batch[str(name)] = triples_quads(triples, str(name))
            # the embedded store's bulk write (a bulk ingest's) must give what put_graphs gives
            bulk = getattr(st, "put_graphs_bulk", None)
            (bulk if bulk is not None and rnd.random() < 0.5 else st.put_graphs)(batch)
            stored |= set(batch)
        else:
            stored.add(_put(st, random_article(f"r{rnd.randint(0, 7)}")))
        _check_derived(st)
    assert stored
