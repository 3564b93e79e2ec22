"""Every canned query's answer on 200 BBC News articles, against counts made independently from
the per-article extraction (the IR, in Python: no SPARQL), with and without Wikidata links.

The answers used to over-count: every article graph repeated an actor's label and type, the
default graph is the union of all graphs, so a join through a label gave one row per repeating
graph (Yukos: 176 claims for 16). Now each shared actor's facts are in one graph of its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict

import pyoxigraph as ox
import pytest

from service.ir import Article, AttributionKind, EntityKind, Link
from service.mapping import article_iri, entity_iri
from service.ingest import Pipeline, ensure_ontology
from service.queries import load_queries

pytestmark = [pytest.mark.shared, pytest.mark.model]

BASE = "http://newskg.test/"
QUERIES = {q.name: q.text for q in load_queries()}


def _linked(articles: list[Article]) -> list[Article]:
    """The same articles as a linker might link them: every place, and every organisation whose name
    has a capital after its first letter, linked to an item named by its name, with the three names
    of one country sharing an item (so names that differ are one node); the rest not linked."""
    country = {"us", "usa", "united states", "america"}

    def qid(name: str) -> str:
        key = "united states" if name.lower().removeprefix("the ") in country else name.lower()
        return "Q" + str(int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) + 1)

    out = []
    for a in articles:
        entities = []
        for e in a.entities:
            if e.named and (e.kind is EntityKind.PLACE or e.kind is EntityKind.ORGANIZATION
                            and any(c.isupper() for c in e.name[1:])):
                score = round(0.5 + (len(a.text) % 50) / 100, 2)  # differs between articles
                e = dataclasses.replace(e, link=Link(qid(e.name), score, "search"))
            entities.append(e)
        out.append(dataclasses.replace(a, entities=tuple(entities)))
    return out


class Expected:
    """What each canned query must answer, computed from the IR alone."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.node: dict[tuple[str, str], str] = {}  # (article id, entity key) -> node IRI
        names: dict[str, set[str]] = defaultdict(set)
        self.kinds: dict[str, set[EntityKind]] = defaultdict(set)
        self.qids: dict[str, set[str]] = defaultdict(set)
        self.scores: dict[str, list[float]] = defaultdict(list)
        for a in articles:
            for e in a.entities:
                n = str(entity_iri(BASE, a.id, e))
                self.node[(a.id, e.key)] = n
                names[n].add(e.name)
                self.kinds[n].add(e.kind)
                if e.link and e.link.qid:
                    self.qids[n].add(e.link.qid)
                    self.scores[n].append(e.link.score)
        # A node shared by several articles is called by its most complete name.
        self.label = {n: max(ns, key=lambda s: (s.count(" "), len(s), s)) for n, ns in names.items()}

    def claims(self, speech_only: bool = False):
        """(claim IRI, article, claim, speaker nodes, about nodes), once per claim node; with
        ``speech_only``, statements only (the canned queries that count speech)."""
        seen = set()
        for a in self.articles:
            art = str(article_iri(BASE, a.id))
            for c in a.claims:
                if speech_only and c.attribution is not AttributionKind.STATEMENT:
                    continue
                iri = f"{art}/claim/{c.start}-{c.end}"
                if iri in seen:
                    continue
                seen.add(iri)
                yield (iri, art, c, {self.node[(a.id, k)] for k in c.speakers},
                       {self.node[(a.id, k)] for k in c.about})

    def most_quoted(self) -> Counter:
        return Counter(s for _iri, _art, _c, speakers, _about in self.claims(speech_only=True) for s in speakers)

    def claims_by_speaker(self) -> Counter:
        return Counter((self.label[s], c.text, c.kind.value, art)
                       for _iri, art, c, speakers, _about in self.claims(speech_only=True) for s in speakers)

    def claims_about_place(self) -> Counter:
        kind = "https://w3id.org/newskg#" + "{}"
        return Counter((self.label[p], self.label[s], c.text, kind.format(c.attribution.value.capitalize())) for _iri, _art, c, speakers, about in self.claims()
                       for p in about if EntityKind.PLACE in self.kinds[p] for s in speakers)

    def schema_org_view(self) -> Counter:
        return Counter((iri, self.label[s], c.text) for iri, _art, c, speakers, _about in self.claims() for s in speakers)

    def roles(self) -> Counter:
        holders, titles, orgs = defaultdict(set), defaultdict(set), defaultdict(set)
        for a in self.articles:
            for r in a.roles:
                role = f"{article_iri(BASE, a.id)}/role/{r.start}-{r.end}"
                holders[role].add(self.node[(a.id, r.person)])
                titles[role].add(r.title)
                if r.organization:
                    orgs[role].add(self.label[self.node[(a.id, r.organization)]])
        return Counter((self.label[p], t, o) for role in holders for p in holders[role] for t in titles[role]
                       for o in (orgs[role] or {None}))

    def wikidata_links(self) -> Counter:
        return Counter((n, self.label[n], "http://www.wikidata.org/entity/" + q, max(self.scores[n]))
                       for n, qs in self.qids.items() for q in qs)


@pytest.fixture(scope="module", params=["offline", "linked"])
def loaded(request, bbc200, tmp_path_factory):
    from service.config import Settings
    from service.store import open_store

    articles = bbc200 if request.param == "offline" else _linked(bbc200)
    settings = Settings.load(environ={}, store=str(tmp_path_factory.mktemp("bbc") / "store"), link=False,
                             base_iri=BASE)
    st = open_store(settings)
    pipeline = Pipeline(settings, link=False)
    ensure_ontology(st)
    for a in articles:  # one transaction per article, as `newskg ingest` writes them
        st.put_graph(pipeline.iri(a), pipeline.quads(a))
    yield st, Expected(articles)
    st.close()


def _rows(st, name: str, **bindings) -> list[tuple]:
    subs = {ox.Variable(k): ox.Literal(v) for k, v in bindings.items()} or None
    result = st.query(QUERIES[name], substitutions=subs)
    names = [v.value for v in result.variables]
    return [tuple(None if r[v] is None else r[v].value for v in names) for r in result]


def test_canned_articles(loaded):
    st, exp = loaded
    rows = _rows(st, "articles")
    assert sorted((r[0], r[1]) for r in rows) == sorted((str(article_iri(BASE, a.id)), a.title) for a in exp.articles)


def test_canned_most_quoted(loaded):
    st, exp = loaded
    want = exp.most_quoted()
    rows = _rows(st, "most-quoted")
    assert len(rows) == min(50, len(want))
    for actor, name, claims in rows:
        assert int(claims) == want[actor] and name == exp.label[actor], (name, claims, want[actor])
    assert sorted((int(c) for *_x, c in rows), reverse=True) == sorted(want.values(), reverse=True)[:len(rows)]
    assert len({actor for actor, *_x in rows}) == len(rows)  # one row per actor


def test_canned_claims_by_speaker(loaded):
    st, exp = loaded
    want = exp.claims_by_speaker()
    rows = _rows(st, "claims-by-speaker")
    assert len(rows) == min(200, sum(want.values()))
    assert not Counter(rows) - want  # every row is a real one, no row more often than it is real
    # ORDER BY ?speaker (the BBC articles have no dates): the first speakers in that order.
    assert [r[0] for r in rows] == sorted(s for s, *_x in want.elements())[:len(rows)]


def test_canned_claims_about_place(loaded):
    st, exp = loaded
    want = exp.claims_about_place()
    rows = _rows(st, "claims-about-place")
    assert len(rows) == min(500, sum(want.values()))
    assert not Counter(rows) - want
    assert [r[0] for r in rows] == sorted(p for p, *_x in want.elements())[:len(rows)]
    # With ?placeName bound, as /queries/claims-about-place?placeName=... runs it: exactly.
    places = Counter(p for p, *_x in want.elements())
    for place, _n in places.most_common(5):
        assert Counter(_rows(st, "claims-about-place", placeName=place)) == Counter(
            {k: v for k, v in want.items() if k[0] == place}), place


def test_canned_schema_org_view(loaded):
    st, exp = loaded
    want = exp.schema_org_view()
    rows = _rows(st, "schema-org-view")
    assert len(rows) == min(100, sum(want.values())) and not Counter(rows) - want


def test_canned_roles(loaded):
    st, exp = loaded
    assert Counter(_rows(st, "roles")) == exp.roles()


def test_canned_wikidata_links(loaded):
    st, exp = loaded
    rows = _rows(st, "wikidata-links")
    assert Counter((e, n, q, float(s)) for e, n, q, s in rows) == exp.wikidata_links()  # one row per entity
    if exp.qids:
        assert len(rows) > 20


def test_no_triple_is_in_two_graphs(loaded):
    st, _exp = loaded
    [row] = st.query("SELECT (COUNT(*) AS ?all) WHERE { GRAPH ?g { ?s ?p ?o } }")
    [distinct] = st.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert int(row[0].value) == int(distinct[0].value)
