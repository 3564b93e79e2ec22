"""The SSRF-guarded fetcher against a local http.server on 127.0.0.1 (no network needed)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from service.reader import fetch as fetch_mod
from service.config import Settings
from service.errors import FetchError, TooLarge
from service.reader.fetch import check_url, fetch

PAGE = b"<html><body><article><p>The mayor said the bridge would reopen in May.</p></article></body></html>"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        q = parse_qs(parts.query)
        if parts.path == "/article":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif parts.path == "/redir":
            self.send_response(302)
            self.send_header("Location", q["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif parts.path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif parts.path == "/big":
            self._send(200, b"x" * 2_000_000, "text/plain")
        elif parts.path == "/big-undeclared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"y" * 65536)
        elif parts.path == "/slow":
            time.sleep(3)
            self._send(200, PAGE, "text/html")
        else:
            self._send(404, b"no", "text/plain")

    def _send(self, status, body, ctype):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _settings(**kw):
    base = {"allow_private_urls": False, "fetch_timeout": 2.0, "fetch_max_bytes": 1_000_000}
    return Settings.load(environ={}, **{**base, **kw})


@pytest.fixture
def loopback_is_public(monkeypatch):
    """Let 127.0.0.1 (the test server) pass the address check while every other rule still holds."""
    real = fetch_mod._public
    monkeypatch.setattr(fetch_mod, "_public", lambda ip: str(ip) == "127.0.0.1" or real(ip))


@pytest.mark.parametrize("url, phrase", [
    ("ftp://example.org/a", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("javascript:alert(1)", "only http and https"),
    ("example.org/article", "only http and https"),
    ("", "give the article's URL"),
    ("http://user:pw@127.0.0.1/", "user name or password"),
    ("http:///nohost", "no host"),
    ("http://127.0.0.1:99999/", "invalid port"),
    ("http://localhost/", "non-public"),
    ("http://127.0.0.1/", "non-public"),
    ("http://127.1/", "non-public"),
    ("http://[::1]/", "non-public"),
    ("http://[::ffff:127.0.0.1]/", "non-public"),
    ("http://10.1.2.3/", "non-public"),
    ("http://172.16.0.1/", "non-public"),
    ("http://192.168.1.1/", "non-public"),
    ("http://169.254.169.254/latest/meta-data/", "non-public"),
    ("http://[fe80::1]/", "non-public"),
    ("http://224.0.0.1/", "non-public"),
    ("http://0.0.0.0/", "non-public"),
    ("http://100.64.0.1/", "non-public"),
])
def test_refused_urls(url, phrase):
    with pytest.raises(FetchError, match=phrase):
        check_url(url, _settings())


def test_fetches_a_page_when_private_urls_are_allowed(server):
    got = fetch(f"{server}/article", _settings(allow_private_urls=True))
    assert got.content == PAGE and got.content_type == "text/html" and got.url.endswith("/article")


def test_loopback_server_is_refused_by_default(server):
    with pytest.raises(FetchError, match="non-public"):
        fetch(f"{server}/article", _settings())


def test_every_redirect_is_checked(server, loopback_is_public):
    assert fetch(f"{server}/redir?to=/article", _settings()).content == PAGE
    for target in ("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "file:///etc/passwd",
                   "http://localhost/article"):
        with pytest.raises(FetchError):
            fetch(f"{server}/redir?to={target}", _settings())
    with pytest.raises(FetchError, match="redirects"):
        fetch(f"{server}/loop", _settings())


def test_size_and_time_limits(server):
    s = _settings(allow_private_urls=True, fetch_max_bytes=1_000_000, fetch_timeout=1.0)
    with pytest.raises(TooLarge):
        fetch(f"{server}/big", s)
    with pytest.raises(TooLarge):
        fetch(f"{server}/big-undeclared", s)
    t = time.monotonic()
    with pytest.raises(FetchError, match="timed out|longer"):
        fetch(f"{server}/slow", s)
    assert time.monotonic() - t < 2.5
    with pytest.raises(FetchError, match="404"):
        fetch(f"{server}/missing", s)
