"""Ingesting an article by URL: `newskg ingest http://…` and `POST /articles {"url": …}` against a
local http.server on 127.0.0.1. Loopback is allowed only with ``allow_private_urls``; refusals
are one stderr line / a 4xx JSON answer and leave the store unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from service.store import open_store
from service.web import create_app

pytestmark = pytest.mark.model
AUTH = {"Authorization": "Bearer t"}

PAGE = """<!doctype html><html><head><title>Harbour bridge to reopen in May</title>
<meta property="og:site_name" content="Coast Herald"></head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Harbour bridge to reopen in May</h1>
<p>The harbour bridge in Portsmouth will reopen to traffic in May after eight months of repairs,
the city council said on Tuesday.</p>
<p>"The work is on schedule and within the budget of 12 million pounds," said Jane Holloway, the
council's head of transport. She added that cyclists would get a separate lane.</p>
<p>According to the Portsmouth Chamber of Commerce, local shops lost a fifth of their trade while the
bridge was closed.</p></article>
<footer>Copyright Coast Herald</footer></body></html>""".encode()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/news/bridge"):
            body, status = PAGE, 200
        else:
            body, status = b"not here", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _cli(args, tmp_path, **env):
    full = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_BASE_IRI": "http://newskg.test/",
            "NEWSKG_DATA_DIR": str(tmp_path / "data"), **env}
    full.pop("NEWSKG_SPARQL_ENDPOINT", None)
    return subprocess.run([sys.executable, "-m", "service", *args], env=full, capture_output=True, text=True,
                          timeout=120)


def _articles(store_dir, settings):
    st = open_store(settings.replace(store=str(store_dir)))
    try:
        return {row["g"].value: row["body"].value for row in st.query(
            "SELECT ?g ?body WHERE { GRAPH ?g { ?g a <https://w3id.org/newskg#Article> ; "
            "<https://w3id.org/newskg#articleBody> ?body } }")}
    finally:
        st.close()


def test_cli_ingests_a_url_and_refuses_loopback_without_the_setting(site, tmp_path, settings):
    store = tmp_path / "cli-store"
    url = site + "/news/bridge"
    refused = _cli(["ingest", url, "--store", str(store)], tmp_path)
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newskg: error:") and "127.0.0.1" in lines[0], refused.stderr
    assert not store.exists() or _articles(store, settings) == {}

    ok = _cli(["ingest", url, "--store", str(store)], tmp_path, NEWSKG_ALLOW_PRIVATE_URLS="1")
    assert ok.returncode == 0, ok.stderr
    articles = _articles(store, settings)
    assert len(articles) == 1
    body = next(iter(articles.values()))
    assert "Jane Holloway" in body and "Home" not in body and "Copyright" not in body  # main text only

    missing = _cli(["ingest", site + "/nope", "--store", str(store)], tmp_path, NEWSKG_ALLOW_PRIVATE_URLS="1")
    assert missing.returncode == 1 and "404" in missing.stderr
    assert _articles(store, settings) == articles


def test_post_articles_url_fetches_the_page_and_refuses_loopback(site, settings, store):
    url = site + "/news/bridge"
    refusing = create_app(settings.replace(update_token="t"), store=store).test_client()
    before = store.count()
    for body in ({"url": url}, {"url": "file:///etc/passwd"}, {"url": "http://169.254.169.254/latest/meta-data/"},
                 {"url": 42}):
        resp = refusing.post("/articles", data=json.dumps(body), content_type="application/json", headers=AUTH)
        assert 400 <= resp.status_code < 500, (body, resp.status_code)
        assert resp.get_json()["ok"] is False and resp.get_json()["message"]
    assert store.count() == before

    client = create_app(settings.replace(update_token="t", allow_private_urls=True), store=store).test_client()
    resp = client.post("/articles", data=json.dumps({"url": url, "id": "bridge-1"}), content_type="application/json",
                       headers=AUTH)
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["iri"] == "http://newskg.test/article/bridge-1"
    assert resp.get_json()["claims"] >= 1
    assert store.has_graph("http://newskg.test/article/bridge-1")
    after = store.count()
    # Re-fetching replaces; a missing page is a 4xx and changes nothing; no token, no fetch.
    assert client.post("/articles", data=json.dumps({"url": url, "id": "bridge-1"}),
                       content_type="application/json", headers=AUTH).status_code == 201
    assert store.count() == after
    resp = client.post("/articles", data=json.dumps({"url": site + "/nope"}), content_type="application/json",
                       headers=AUTH)
    assert resp.status_code == 400 and "404" in resp.get_json()["message"]
    assert client.post("/articles", data=json.dumps({"url": url}), content_type="application/json").status_code == 401
    assert store.count() == after
