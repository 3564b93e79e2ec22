"""The W3C SPARQL 1.1 query-evaluation tests (../shared/w3c/query/<category>/manifest.ttl, 220
tests) against the HTTP endpoint (Flask test client). Each test gets a fresh in-memory store:
``qt:data`` goes into a graph passed as ``default-graph-uri`` (so that the store's union default
graph does not mix in the named graphs), each ``qt:graphData`` into a named graph passed as
``named-graph-uri``. Queries go out with ``Accept: application/sparql-results+json`` (CONSTRUCT
answers Turtle); solutions are compared as multisets with blank nodes renamed (in order only
under ORDER BY), graphs by isomorphism, CSV/TSV against the expected files; negative syntax
tests must get a 4xx. Known failures are xfail with their reason, one by one (``XFAIL``)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Graph, Namespace
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.query import Result

from service.store.oxigraph import OxigraphStore
from service.web import create_app

pytestmark = pytest.mark.shared

QUERY = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "query"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
DEFAULT = "urn:x-newskg-test:default-graph"
RDF_FORMATS = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
# Known failures (21 of 220 at the last run: 199 pass), each with what was observed.
XFAIL: dict[str, str] = {
    'aggregates/agg-groupconcat-04': 'GROUP_CONCAT over language-tagged values: the ASK answers false (the concatenation does not equal the plain "1 2"); cause not yet investigated',
    'aggregates/agg-groupconcat-06': 'GROUP_CONCAT result differs from the expected file; cause not yet investigated',
    'aggregates/agg-avg-02': 'AVG over mixed numeric types: values/lexical forms differ from the expected file (this runner compares terms lexically)',
    'aggregates/agg-min-01': 'MIN over mixed numerics answers "1"^^xsd:decimal; lexical form or type differs from the expected file',
    'aggregates/agg-min-02': 'MIN over mixed numerics: lexical forms differ from the expected file (this runner compares terms lexically)',
    'aggregates/agg-err-02': 'AVG with an error in a group: answer differs from the expected file; cause not yet investigated',
    'aggregates/agg-min-distinct': 'MIN(DISTINCT) over mixed numerics: lexical forms differ from the expected file',
    'aggregates/agg-empty-group-count-graph': 'GRAPH ?g { sub-SELECT COUNT } with the named graphs given as named-graph-uri: rows differ; cause not yet investigated',
    'csv-tsv-res/tsv01': 'TSV cells differ from the expected file in term spelling; cause not yet investigated',
    'csv-tsv-res/tsv02': 'TSV cells differ from the expected file in term spelling; cause not yet investigated',
    'csv-tsv-res/tsv03': 'TSV numeric cells are written in full N-Triples form, the expected file uses the Turtle short form',
    'csv-tsv-res/csv03': 'CSV cells differ from the expected file in numeric spelling; cause not yet investigated',
    'functions/plus-1-corrected': "'+' on mixed/plain literals: error handling differs from the expected file; cause not yet investigated",
    'functions/plus-2-corrected': "'+' on mixed/plain literals: error handling differs from the expected file; cause not yet investigated",
    'functions/bnode01': 'BNODE(str) identity across rows: blank-node pattern differs from the expected file; cause not yet investigated',
    'functions/coalesce01': 'COALESCE with errors: answer differs from the expected file; cause not yet investigated',
    'negation/graph-minus': 'GRAPH ?g { … MINUS … } with named-graph-uri answers no rows; cause not yet investigated',
    'property-path/zero_or_more_set_start': 'zero-length path with a constant end on an empty default graph answers no row (the test expects the constant)',
    'property-path/zero_or_more_set_end': 'zero-length path with a constant start on an empty default graph answers no row',
    'property-path/zero_or_one_set_start': 'zero-length path with a constant end on an empty default graph answers no row',
    'property-path/zero_or_one_set_end': 'zero-length path with a constant start on an empty default graph answers no row',
}


def _load():
    tests = []
    if not QUERY.exists():
        return tests
    for manifest in sorted(QUERY.glob("*/manifest.ttl")):
        g = Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        root = next(g.subjects(RDF.type, MF.Manifest))
        for t in Collection(g, g.value(root, MF.entries)):
            tests.append((f"{manifest.parent.name}/{str(t).rsplit('#', 1)[-1]}", g, t))
    return tests


TESTS = {name: (g, t) for name, g, t in _load()}


def _path(node) -> Path:
    return Path(str(node).removeprefix("file://"))


def _store(g, action) -> tuple[OxigraphStore, list[str]]:
    store = OxigraphStore.open(None)
    quads = []
    for data in g.objects(action, QT.data):
        p = _path(data)
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(DEFAULT))
                  for t in ox.parse(path=str(p), format=RDF_FORMATS[p.suffix[1:]], base_iri=str(data))]
    named = []
    for data in g.objects(action, QT.graphData):
        p = _path(data)
        named.append(str(data))
        quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(str(data)))
                  for t in ox.parse(path=str(p), format=RDF_FORMATS[p.suffix[1:]], base_iri=str(data))]
    store._store.extend(quads)
    store._store.add_graph(ox.NamedNode(DEFAULT))  # exists even when the data is empty
    return store, named


def _match(expected: list[dict], actual: list[dict], ordered: bool) -> bool:
    """Do the two solution sequences agree, up to a consistent renaming of blank nodes?"""
    if len(expected) != len(actual):
        return False
    if not any(isinstance(v, BNode) for row in expected + actual for v in row.values()):
        key = [frozenset(r.items()) for r in expected], [frozenset(r.items()) for r in actual]
        return key[0] == key[1] if ordered else Counter(key[0]) == Counter(key[1])

    def same_row(e: dict, a: dict, m: dict) -> dict | None:
        if set(e) != set(a):
            return None
        m = dict(m)
        for k, ev in e.items():
            av = a[k]
            if isinstance(ev, BNode) and isinstance(av, BNode):
                if m.setdefault(("e", ev), av) != av or m.setdefault(("a", av), ev) != ev:
                    return None
            elif ev != av:
                return None
        return m

    def search(i: int, used: set, m: dict) -> bool:
        if i == len(expected):
            return True
        candidates = [i] if ordered else range(len(actual))
        for j in candidates:
            if j in used:
                continue
            m2 = same_row(expected[i], actual[j], m)
            if m2 is not None and search(i + 1, used | {j}, m2):
                return True
        return False

    return search(0, set(), {})


def _rows(result: Result) -> list[dict]:
    return [{str(k): v for k, v in row.items() if v is not None} for row in result.bindings]


def _table(text: str, delimiter: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter)) if delimiter == "," else \
        [line.split("\t") for line in text.splitlines()]
    out = []
    for row in rows:
        out.append([re.sub(r"^_:.*", "_:b", c) for c in row])  # blank node labels are arbitrary
    return out


@pytest.mark.parametrize("name", list(TESTS))
def test_w3c_query(settings, name):
    g, test = TESTS[name]
    if name in XFAIL:
        pytest.xfail(XFAIL[name])
    kind = g.value(test, RDF.type)
    action = g.value(test, MF.action)
    if kind == MF.NegativeSyntaxTest11:
        client = create_app(settings, store=OxigraphStore.open(None)).test_client()
        resp = client.get("/sparql", query_string={"query": _path(action).read_text()})
        assert 400 <= resp.status_code < 500, resp.data[:300]
        return
    query_file = g.value(action, QT.query)
    text = _path(query_file).read_text()
    if not re.search(r"^\s*BASE\s", text, re.I | re.M):
        text = f"BASE <{query_file}>\n" + text
    store, named = _store(g, action)
    client = create_app(settings, store=store).test_client()
    params = {"query": text}
    if not re.search(r"\bFROM\b", text, re.I):
        params.update({"default-graph-uri": DEFAULT, "named-graph-uri": named})
    expected_file = _path(g.value(test, MF.result))
    suffix = expected_file.suffix[1:]
    accept = {"csv": "text/csv", "tsv": "text/tab-separated-values"}.get(suffix, ACCEPT)
    resp = client.post("/sparql", data=params, headers={"Accept": accept})
    assert resp.status_code == 200, resp.data[:500]
    if suffix in ("csv", "tsv"):
        sep = "," if suffix == "csv" else "\t"
        got, want = _table(resp.data.decode(), sep), _table(expected_file.read_text(), sep)
        if sorted(got[0]) == sorted(want[0]):  # SELECT * may order its columns either way
            order = [got[0].index(v) for v in want[0]]
            got = [[row[i] if i < len(row) else "" for i in order] for row in got]
        assert got[0] == want[0], (got, want)
        assert sorted(got[1:]) == sorted(want[1:]), (got, want)
        return
    if suffix == "ttl":
        assert resp.mimetype == "text/turtle"
        want = Graph().parse(expected_file, format="turtle", publicID=str(g.value(test, MF.result)))
        got = Graph().parse(data=resp.data.decode(), format="turtle")
        assert isomorphic(got, want), resp.data.decode()
        return
    want = Result.parse(expected_file.open("rb"), format={"srx": "xml", "srj": "json"}[suffix])
    got = Result.parse(io.BytesIO(resp.data), format="json")
    if want.type == "ASK":
        assert got.askAnswer == want.askAnswer
        return
    ordered = bool(re.search(r"\bORDER\s+BY\b", text, re.I))
    assert _match(_rows(want), _rows(got), ordered), resp.data.decode()[:2000]


@pytest.mark.skipif(not TESTS, reason="../shared is absent")
def test_w3c_query_pass_rate_is_recorded():
    print(f"W3C query evaluation: {len(TESTS) - len(XFAIL)}/{len(TESTS)} expected to pass")
    assert len(TESTS) == 220 and len(XFAIL) <= 21
