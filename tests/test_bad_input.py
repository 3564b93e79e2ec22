"""Bad input, table-driven, through the CLI (a subprocess) and ``POST /articles`` (Flask test client).

Every row is refused with a clear message (CLI: non-zero exit, one line on stderr, no
traceback; HTTP: 4xx JSON ``{"ok": false}``) or handled gracefully; a refused input never
changes the store. Rows that need the spaCy model (the graceful ones) are marked ``model``.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys

import pyoxigraph as ox
import pytest

from service.store import open_store
from service.web import create_app

GOOD = ("The mayor of Springfield, Ann Lee, said on Monday that the old bridge would reopen in May. "
        "\"We have waited long enough,\" she told reporters at City Hall.")
NO_QUOTES = ("Heavy rain fell across the county on Tuesday. Several roads near the river were closed "
             "and the local school opened two hours late. The forecast for the weekend is dry.")
MEDIA = {".txt": "text/plain", ".json": "application/json", ".jsonl": "application/x-ndjson",
         ".html": "text/html", "": "application/octet-stream"}


def _big(n: int) -> bytes:
    sentence = b"The council said the budget would rise again next year. "
    return (sentence * (n // len(sentence) + 1))[:n]


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _json(obj) -> bytes:
    return json.dumps(obj).encode()


# (id, file suffix, content (bytes or a function making them), expected phrase in the message;
#  None = graceful: accepted and analysed, which needs the model)
REFUSED = [
    ("empty", ".txt", b"", "empty"),
    ("whitespace-only", ".txt", b"  \n\t\n   \r\n", "empty"),
    ("png-binary", ".txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("binary-no-suffix", "", bytes(range(256)) * 8, "binary"),
    ("invalid-utf8", ".txt", b"The caf\xe9 owner said the rent had doubled since the spring.", "UTF-8"),
    ("latin1-html", ".html", b"<html><body><p>Le ministre a d\xe9clar\xe9 mardi que</p></body></html>", "UTF-8"),
    ("utf16-no-bom", ".txt", GOOD.encode("utf-16-le"), "UTF-16"),
    ("utf16-bom-odd-bytes", ".txt", codecs.BOM_UTF16_LE + b"a\x00b", "UTF-16"),
    ("50MB-text", ".txt", lambda: _big(50_000_000), "limit"),
    ("6MB-jsonl-line", ".jsonl", lambda: _json({"text": _big(6_000_000).decode()}), "limit"),
    ("1MB-paragraph", ".txt", lambda: _big(1_000_000), "paragraph"),
    ("html-only-scripts", ".html",
     b"<html><head><script>var a=1;</script></head><body>" + b"<script>alert('x')</script>" * 200 +
     b"<style>p{}</style></body></html>", "no article text"),
    ("html-empty-body", ".html", b"<!doctype html><html><body></body></html>", "no article text"),
    ("control-chars", ".txt", bytes(range(1, 9)) * 200 + b"said the mayor", "control characters"),
    ("only-digits-punctuation", ".txt", b"12345 67890 !!! ??? 2024-01-01 $$$ 42%", "almost no words"),
    ("only-emoji", ".txt", "\U0001F600 \U0001F389 \U0001F44D".encode() * 20, "almost no words"),
    ("only-byline-and-furniture", ".txt", b"By Jane Doe\n\nRelated Articles\n\nAdvertisement\n\nShare this",
     "no body text"),
    ("malformed-json", ".json", b'{"text": "The mayor said', "malformed JSON"),
    ("json-array-of-numbers", ".json", b"[1, 2, 3]", "JSON object"),
    ("json-string", ".json", b'"The mayor said the bridge would reopen."', "JSON object"),
    ("json-null", ".json", b"null", "JSON object"),
    ("json-no-text-field", ".json", _json({"title": "Bridge", "published": "2024-05-08"}), '"text"'),
    ("json-text-is-number", ".json", _json({"text": 42}), "must be a string"),
    ("json-text-is-list", ".json", _json({"text": [GOOD]}), "must be a string"),
    ("json-text-blank", ".json", _json({"text": "   "}), '"text"'),
    ("json-authors-wrong-type", ".json", _json({"text": GOOD, "authors": 5}), "authors"),
    ("json-id-is-object", ".json", _json({"text": GOOD, "id": {"a": 1}}), "'id'"),
    ("json-published-not-a-date", ".json", _json({"text": GOOD, "published": "yesterday-ish"}), "not a date"),
    ("json-published-is-number", ".json", _json({"text": GOOD, "published": 2024}), "must be a string"),
    ("json-lone-surrogate", ".json", b'{"text": "The mayor said \\ud800 the bridge would reopen soon."}',
     "surrogate"),
    ("json-deeply-nested", ".json", _nested(200_000), "nested"),
    ("json-extremely-long-id", ".json", _json({"text": GOOD, "id": "x" * 100_000}), "too long"),
    ("json-extremely-long-author", ".json", _json({"text": GOOD, "authors": ["Ann " + "Lee" * 50_000]}),
     "too long"),
    ("json-extremely-long-title", ".json", _json({"text": GOOD, "title": "Bridge " * 20_000}), "too long"),
    ("jsonl-every-line-broken", ".jsonl", b'{"text": \n[1]\n{"title": "x"}\n', "line 1"),
    ("json-published-month-13", ".json", _json({"text": GOOD, "published": "2016-13-05"}), "not a date"),
    ("json-published-bad-day-and-time", ".json", _json({"text": GOOD, "published": "2016-02-30T99:99"}), "not a date"),
    ("json-published-13-45", ".json", _json({"text": GOOD, "published": "2016-13-45"}), "not a date"),
    ("json-id-4301-digit-number", ".json", b'{"id": ' + b"7" * 4301 + b', "text": "' + GOOD.encode() + b'"}', "digits"),
]

GRACEFUL = [
    ("utf16-with-bom", ".txt", codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le")),
    ("utf8-with-bom-json", ".json", codecs.BOM_UTF8 + _json({"text": GOOD, "id": "bom-1"})),
    ("no-quotations", ".txt", NO_QUOTES.encode()),
    ("non-english-german", ".txt",
     "Der Bürgermeister sagte am Montag, dass die alte Brücke im Mai wieder öffnen werde.".encode()),
    ("non-english-chinese", ".txt", "市长周一表示，这座旧桥将于五月重新开放。市民对此表示欢迎。".encode()),
    ("a-few-control-chars", ".txt", GOOD.encode().replace(b" the ", b" the\x07", 1).replace(b"May", b"May\x0b")),
    ("unclosed-html-tags", ".html", f"<html><body><article><p>{GOOD}<p>{NO_QUOTES}<div>".encode()),
]


def _content(c) -> bytes:
    return c() if callable(c) else c


def newskg(*args, env=None):
    env = {**os.environ, "NEWSKG_LINK": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "service", *args], capture_output=True, env=env, timeout=300)


def _seed(path: str) -> int:
    """A store holding one small graph, so 'unchanged' means something; answers its size."""
    st = open_store_at(path)
    g = ox.NamedNode("http://newskg.test/article/seed")
    st.put_graph(g.value, [ox.Quad(ox.NamedNode(f"http://x/s{i}"), ox.NamedNode("http://x/p"), ox.Literal(str(i)), g)
                           for i in range(7)])
    n = st.count()
    st.close()
    return n


def open_store_at(path: str):
    from service.config import Settings

    return open_store(Settings.load(environ={}, store=path, link=False))


def _dump(path: str) -> set[str]:
    st = open_store_at(path)
    try:
        return {str(q) for q in st.quads()}
    finally:
        st.close()


def _one_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# ---------------------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """Every refused row through `extract` (three subprocesses at a time, to keep this fast) and all of
    them through one `ingest` into a seeded store; answers the results and the store before/after."""
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("bad")
    files = {}
    for name, suffix, content, _ in REFUSED:
        files[name] = root / f"{name}{suffix}"
        files[name].write_bytes(_content(content))
    with ThreadPoolExecutor(3) as pool:
        extracts = dict(zip(files, pool.map(lambda f: newskg("extract", str(f)), files.values())))
    store = str(root / "store")
    _seed(store)
    before = _dump(store)
    ingest = newskg("ingest", *map(str, files.values()), "--store", store)
    return {"files": files, "extract": extracts, "ingest": ingest, "before": before, "after": _dump(store)}


@pytest.mark.parametrize("name, suffix, content, phrase", REFUSED, ids=[r[0] for r in REFUSED])
def test_cli_refuses_bad_input_clearly_and_leaves_the_store_alone(cli_runs, name, suffix, content, phrase):
    out = cli_runs["extract"][name]
    assert out.returncode == 1, out.stderr
    line = _one_line(out.stderr)
    assert phrase.lower() in line.lower(), line
    assert out.stdout == b""
    # `ingest` reports this file on its own line, with the same message, and goes on with the rest.
    err = cli_runs["ingest"].stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    mine = [ln for ln in err.splitlines() if str(cli_runs["files"][name]) in ln]
    assert mine and phrase.lower() in " ".join(mine).lower(), err
    assert cli_runs["ingest"].returncode == 1
    assert "ingested 0 article(s)" in err
    assert cli_runs["after"] == cli_runs["before"]


@pytest.mark.model
@pytest.mark.parametrize("name, suffix, content", GRACEFUL, ids=[g[0] for g in GRACEFUL])
def test_cli_accepts_odd_but_valid_input(tmp_path, name, suffix, content):
    odd = tmp_path / f"odd{suffix}"
    odd.write_bytes(content)
    out = newskg("extract", str(odd), "-f", "nq")
    assert out.returncode == 0, out.stderr
    assert b"/article/" in out.stdout and b"Traceback" not in out.stderr


def test_cli_missing_file_and_empty_directory(tmp_path):
    out = newskg("extract", str(tmp_path / "nope.txt"))
    assert out.returncode == 1 and "no such file" in _one_line(out.stderr)
    out = newskg("ingest", str(tmp_path / "nope"), "--store", str(tmp_path / "s"))
    assert out.returncode == 1 and "no such file" in _one_line(out.stderr)


def test_cli_malformed_sparql_update_as_query_and_unknown_formats(tmp_path):
    store = str(tmp_path / "store")
    _seed(store)
    before = _dump(store)
    out = newskg("query", "SELECT ?s WHERE { ?s ?p", "--store", store)
    assert out.returncode == 1 and "does not parse" in _one_line(out.stderr)
    # An update through the query command is refused, not run.
    out = newskg("query", "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", store)
    assert out.returncode != 0 and "Traceback" not in out.stderr.decode()
    assert _dump(store) == before
    for args in (["extract", "x.txt", "-f", "docx"], ["dump", "--store", store, "-f", "docx"],
                 ["query", "ASK {}", "--store", store, "--format", "docx"]):
        out = newskg(*args)
        assert out.returncode == 2 and "docx" in out.stderr.decode() and "Traceback" not in out.stderr.decode()


@pytest.mark.model
def test_cli_jsonl_with_one_broken_line_ingests_the_good_ones(tmp_path):
    lines = [json.dumps({"id": f"good-{i}", "text": f"{GOOD} Story number {i}."}) for i in range(3)]
    lines.insert(2, '{"id": "broken", "text": "The mayor')
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    store = str(tmp_path / "store")
    out = newskg("ingest", str(feed), "--store", store)
    err = out.stderr.decode()
    assert out.returncode == 0 and "line 3" in err and "1 failed" in err and "ingested 3" in err, err
    st = open_store_at(store)
    try:
        assert all(st.has_graph(f"http://127.0.0.1:5000/article/good-{i}") for i in range(3))
    finally:
        st.close()


# ---------------------------------------------------------------------------- HTTP


@pytest.fixture
def app_store(settings, tmp_path):
    store = open_store(settings)
    g = ox.NamedNode("http://newskg.test/article/seed")
    store.put_graph(g.value, [ox.Quad(g, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                      ox.NamedNode("https://w3id.org/newskg#Article"), g)])
    yield create_app(settings, store=store), store
    store.close()


@pytest.mark.parametrize("name, suffix, content, phrase", REFUSED, ids=[r[0] for r in REFUSED])
def test_web_refuses_bad_input_with_json_4xx(app_store, name, suffix, content, phrase):
    app, store = app_store
    before = {str(q) for q in store.quads()}
    app = create_app(app.extensions["newskg"].settings.replace(update_token="t"), store=store)  # writes need it
    resp = app.test_client().post("/articles", data=_content(content), content_type=MEDIA[suffix],
                                  headers={"Authorization": "Bearer t"})
    body = resp.get_json()
    assert 400 <= resp.status_code < 500 and body["ok"] is False, (resp.status_code, resp.data[:300])
    if resp.status_code != 413:  # the body-size limit answers before the reader sees the text
        assert phrase.lower() in body["message"].lower(), body
    assert {str(q) for q in store.quads()} == before


@pytest.mark.model
@pytest.mark.parametrize("name, suffix, content", GRACEFUL, ids=[g[0] for g in GRACEFUL])
def test_web_accepts_odd_but_valid_input(app_store, name, suffix, content):
    app, store = app_store
    app = create_app(app.extensions["newskg"].settings.replace(update_token="t"), store=store)  # writes need it
    resp = app.test_client().post("/articles", data=content, content_type=MEDIA[suffix],
                                  headers={"Authorization": "Bearer t"})
    assert resp.status_code == 201, resp.data[:300]
    assert store.has_graph(resp.get_json()["iri"])


def test_web_jsonl_broken_line_names_it_and_several_articles_are_refused(app_store):
    app, store = app_store
    before = store.count()
    client = create_app(app.extensions["newskg"].settings.replace(update_token="t"), store=store).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer t"
    resp = client.post("/articles", data=b'{"text": "a"}\n{broken\n', content_type="application/x-ndjson")
    assert resp.status_code == 400 and "line 2" in resp.get_json()["message"]
    two = "\n".join(json.dumps({"text": GOOD, "id": f"t{i}"}) for i in range(2)).encode()
    resp = client.post("/articles", data=two, content_type="application/x-ndjson")
    assert resp.status_code == 400 and "one article" in resp.get_json()["message"]
    assert store.count() == before


def test_web_malformed_sparql_and_unknown_formats(app_store):
    client = app_store[0].test_client()
    resp = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s ?p"})
    assert resp.status_code == 400 and resp.get_json()["ok"] is False
    resp = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"},
                      headers={"Accept": "application/x-docx"})
    assert resp.status_code == 406 and resp.get_json()["ok"] is False
    resp = client.get("/dump.docx")
    assert resp.status_code == 404 and resp.get_json()["ok"] is False


# ---------------------------------------------------------------------------- DELETE /articles/<id>


def test_web_delete_article_without_token_configured(app_store):
    app, store = app_store
    resp = app.test_client().delete("/articles/seed")  # no token configured: the service is read-only
    assert resp.status_code == 403 and "read-only" in resp.get_json()["message"] and store.count() == 1
    client = create_app(app.extensions["newskg"].settings.replace(update_token="t"), store=store).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = "Bearer t"
    resp = client.delete("/articles/nope")
    assert resp.status_code == 404 and resp.get_json()["ok"] is False
    resp = client.delete("/articles/seed")
    assert resp.status_code == 200 and resp.get_json() == {"ok": True, "deleted": "http://newskg.test/article/seed"}
    assert store.count() == 0 and not store.has_graph("http://newskg.test/article/seed")
    assert client.delete("/articles/seed").status_code == 404


def test_web_delete_article_needs_the_bearer_token_when_one_is_set(settings):
    store = open_store(settings)
    try:
        g = "http://newskg.test/article/seed"
        store.put_graph(g, [ox.Quad(ox.NamedNode(g), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                    ox.NamedNode("https://w3id.org/newskg#Article"), ox.NamedNode(g))])
        client = create_app(settings.replace(update_token="s3cret"), store=store).test_client()
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
            resp = client.delete("/articles/seed", headers=headers)
            assert resp.status_code == 401 and resp.get_json()["ok"] is False
            assert store.count() == 1
        resp = client.delete("/articles/seed", headers={"Authorization": "Bearer s3cret"})
        assert resp.status_code == 200 and store.count() == 0
    finally:
        store.close()


def test_web_post_article_needs_the_bearer_token_when_one_is_set(settings):
    store = open_store(settings)
    try:
        resp = create_app(settings, store=store).test_client().post(
            "/articles", data=_json({"text": GOOD}), content_type="application/json")
        assert resp.status_code == 403 and resp.get_json()["ok"] is False  # no token configured: read-only
        client = create_app(settings.replace(update_token="s3cret"), store=store).test_client()
        resp = client.post("/articles", data=_json({"text": GOOD}), content_type="application/json")
        assert resp.status_code == 401 and resp.get_json()["ok"] is False and "Bearer" in resp.get_json()["message"]
        # With the token, the request reaches the reader (and bad input is still a 400).
        resp = client.post("/articles", data=b"{broken", content_type="application/json",
                           headers={"Authorization": "Bearer s3cret"})
        assert resp.status_code == 400
        assert store.count() == 0
    finally:
        store.close()


# ---------------------------------------------------------------------------- ids that look alike

LOOKALIKE_IDS = ["Café 1", "Cafü 1", "Caf 1", "Caf-1", "news/2024/05/x", "news-2024-05-x", "日本-1", "中国-1", "1",
                 "..", ".", "a--0123456789abcdef0123"]


def test_lookalike_ids_get_distinct_iris_that_stay_inside_the_article_space():
    from service.mapping import article_iri
    from service.mapping.iris import id_segment

    iris = [str(article_iri("http://newskg.test/", i)) for i in LOOKALIKE_IDS]
    assert len(set(iris)) == len(LOOKALIKE_IDS)
    for i, iri in zip(LOOKALIKE_IDS, iris):
        segment = iri.removeprefix("http://newskg.test/article/")
        assert "/" not in segment and segment not in (".", "..") and "%" not in segment
        assert ox.NamedNode(iri).value == iri  # a valid IRI
        assert segment == id_segment(i)
    # plain ids keep their IRI as before
    assert iris[LOOKALIKE_IDS.index("news-2024-05-x")] == "http://newskg.test/article/news-2024-05-x"


@pytest.mark.model
def test_web_lookalike_ids_are_separate_articles_and_delete_finds_each(settings):
    store = open_store(settings)
    try:
        client = create_app(settings.replace(update_token="t"), store=store).test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = "Bearer t"
        ids = ["Café 1", "Cafü 1", "Caf 1", "news/2024/05/x", "news-2024-05-x", "日本-1", "中国-1", ".."]
        iris = {}
        for i in ids:
            resp = client.post("/articles", json={"id": i, "text": GOOD})
            assert resp.status_code == 201, resp.data
            assert resp.get_json()["id"] == i
            iris[i] = resp.get_json()["iri"]
        assert len(set(iris.values())) == len(ids)
        assert all(store.has_graph(iri) for iri in iris.values())  # none replaced another
        from urllib.parse import quote

        resp = client.delete("/articles/" + quote("news/2024/05/x", safe=""))
        assert resp.status_code == 200 and resp.get_json()["deleted"] == iris["news/2024/05/x"]
        assert store.has_graph(iris["news-2024-05-x"]) and not store.has_graph(iris["news/2024/05/x"])
        resp = client.delete("/articles/" + quote("Café 1"))
        assert resp.status_code == 200 and store.has_graph(iris["Caf 1"])
        resp = client.delete("/articles/foo%20bar")  # an id never posted: 404, not 500
        assert resp.status_code == 404 and resp.get_json()["ok"] is False
        assert client.get("/entity/a%20b").status_code == 404
    finally:
        store.close()


def test_cli_delete_an_id_with_a_space_is_one_line_not_a_traceback(tmp_path):
    store = str(tmp_path / "store")
    _seed(store)
    out = newskg("delete", "foo bar", "--store", store)
    assert out.returncode == 1 and "no article foo bar" in _one_line(out.stderr)


@pytest.mark.model
def test_cli_jsonl_with_a_bad_date_and_a_huge_number_goes_on_with_the_rest(tmp_path):
    lines = [json.dumps({"id": "ok-1", "text": GOOD}),
             json.dumps({"id": "bad-date", "text": GOOD, "published": "2016-13-45"}),
             '{"id": ' + "7" * 4301 + ', "text": "x"}',
             json.dumps({"id": "ok-2", "text": GOOD, "published": "2016-02-29"})]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    for jobs in ("1", "2"):
        store = str(tmp_path / f"store{jobs}")
        out = newskg("ingest", str(feed), "--store", store, "--jobs", jobs)
        err = out.stderr.decode()
        assert out.returncode == 0 and "Traceback" not in err, err
        assert "line 2" in err and "not a date" in err and "line 3" in err and "digits" in err, err
        st = open_store_at(store)
        try:
            assert st.has_graph("http://127.0.0.1:5000/article/ok-1") and st.has_graph("http://127.0.0.1:5000/article/ok-2")
            dates = [r[0].value for r in st.query("SELECT ?d WHERE { ?a <https://w3id.org/newskg#published> ?d }")]
            assert dates == ["2016-02-29"]
        finally:
            st.close()
