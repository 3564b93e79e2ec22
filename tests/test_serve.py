"""`newskg serve` as a subprocess on 127.0.0.1, under granian (the default) and gunicorn: what the
app relies on from its HTTP server — streamed dumps whose generator is closed when the client goes
away, request bodies (Content-Length, chunked, over the limit), HEAD and CORS preflight, the app's
JSON 500 with the server staying up, and SIGTERM releasing the store's lock."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from servers import free_port, server_pid, stop, wait_for, wait_until_up, worker_pid

MAX_ARTICLE = 100_000  # the app's body limit is this + 64 KiB
LIMIT = MAX_ARTICLE + 65536
THREADS = 4  # newskg serve --threads
QUADS = 200_000  # ~20 MB of N-Quads: far more than socket buffers and the dump's queue hold

# Run the CLI with one extra route that raises, to see the app's own 500 under the real server.
# The route is added by wrapping create_app before the server starts: gunicorn builds the app in
# this process, granian's worker is forked from it and imports the same (patched) module.
# /endless streams without end and writes NEWSKG_TEST_MARK when its iterable's close() is called.
LAUNCH = """
import os, sys
from flask import Response
import service.web as web
class Endless:
    def __iter__(self):
        return self
    def __next__(self):
        return b"x" * 65536
    def close(self):
        with open(os.environ["NEWSKG_TEST_MARK"], "a") as f:
            f.write("closed\\n")
_create = web.create_app
def create_app(*a, **k):
    app = _create(*a, **k)
    def boom():
        raise RuntimeError("boom")
    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/endless", "endless", lambda: Response(Endless(), content_type="application/octet-stream"))
    return app
web.create_app = create_app
from service.cli import main
sys.argv = ["newskg", *sys.argv[1:]]
main()
"""


def _start(store: Path, server: str, tmp_path: Path, port: int | None = None):
    port = port or free_port()
    env = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_DATA_DIR": str(tmp_path / "data"),
           "NEWSKG_MAX_ARTICLE_BYTES": str(MAX_ARTICLE), "NEWSKG_BASE_IRI": "http://newskg.test/",
           "NEWSKG_TEST_MARK": str(tmp_path / "closed.txt")}
    env.pop("NEWSKG_SPARQL_ENDPOINT", None)
    proc = subprocess.Popen([sys.executable, "-c", LAUNCH, "serve", "--store", str(store), "--host", "127.0.0.1",
                             "--port", str(port), "--threads", str(THREADS), "--server", server],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(proc, base + "/healthz", name=f"newskg serve --server {server}", timeout=60)
    return proc, base


@pytest.fixture(scope="module")
def big_store(tmp_path_factory) -> Path:
    import pyoxigraph as ox

    path = tmp_path_factory.mktemp("serve") / "store"
    st = ox.Store(str(path))
    st.bulk_load("".join(f'<http://ex.org/s{i}> <http://ex.org/p{i % 7}> "value {i} with some padding text" '
                         f'<http://ex.org/g{i % 5}> .\n' for i in range(QUADS)).encode(),
                 format=ox.RdfFormat.N_QUADS)
    st.flush()
    del st
    return path


@pytest.fixture(scope="module", params=["granian", "gunicorn"])
def served(request, big_store, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("data")
    proc, base = _start(big_store, request.param, tmp_path)
    proc.mark = tmp_path / "closed.txt"
    yield request.param, proc, base
    stop(proc)


def _threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no Threads line")


def _opens(pid: int, path: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    for fd in fds.iterdir():
        try:
            if os.readlink(fd).startswith(str(path) + "/"):
                return True
        except OSError:
            continue
    return False


def test_only_the_worker_opens_the_store(served, big_store):
    server, proc, base = served
    worker = worker_pid(proc)
    assert _opens(worker, big_store)
    if server == "granian":
        assert not _opens(server_pid(proc), big_store)  # the main process only binds and supervises
    assert not _opens(proc.pid, big_store)  # nor does `newskg serve`, which restarts the server


def _leave_after_first_chunk(base: str, path: str) -> None:
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        first = s.recv(65536)
        assert first.startswith(b"HTTP/1.1 200"), first[:200]
        time.sleep(0.3)


def test_client_leaving_closes_the_response_iterable(served):
    """The server calls close() on the app's iterable when the client goes away (a dump's writer
    thread stops on close); without it the iterable would be left to the garbage collector."""
    server, proc, base = served
    proc.mark.unlink(missing_ok=True)
    _leave_after_first_chunk(base, "/endless")
    # A generous wait: on a loaded machine the server's thread may take a while to hit the closed
    # socket (it failed once at the default 15 s while other test runs shared the two cores).
    assert wait_for(lambda: proc.mark.exists(), 60), "close() was not called after the client left"
    assert proc.mark.read_text() == "closed\n"
    assert requests.get(base + "/healthz", timeout=10).ok


def test_client_leaving_a_dump(served):
    server, proc, base = served
    worker = worker_pid(proc)
    # granian starts request threads on demand (up to --threads): occupy all of them at once so the
    # pool is full before the baseline is taken, and any later growth is a thread left behind.
    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(lambda _: _leave_after_first_chunk(base, "/endless"), range(THREADS)))
    time.sleep(1)
    baseline = _threads(worker)
    _leave_after_first_chunk(base, "/dump.nq")
    # Whatever threads the dump started are gone once the client is (no writer left blocked).
    assert wait_for(lambda: _threads(worker) <= baseline), (_threads(worker), baseline)
    assert proc.poll() is None
    assert requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10).json()["boolean"] is True
    # A whole dump still works afterwards.
    r = requests.get(base + "/dump.nq", timeout=120)
    assert r.status_code == 200 and r.content.count(b"\n") == QUADS
    assert wait_for(lambda: _threads(worker) <= baseline), (_threads(worker), baseline)


def test_request_bodies(served):
    server, proc, base = served
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    accept = {"Accept": "application/sparql-results+json"}
    # Content-Length: a direct query body, and a form (the Flask path).
    r = requests.post(base + "/sparql", data=q.encode(), headers={"Content-Type": "application/sparql-query", **accept},
                      timeout=30)
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == str(QUADS)
    r = requests.post(base + "/sparql", data={"query": q}, headers=accept, timeout=30)
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == str(QUADS)
    # Transfer-Encoding: chunked (requests chunks a generator body).
    r = requests.post(base + "/sparql", data=(p.encode() for p in (q[:20], q[20:])),
                      headers={"Content-Type": "application/sparql-query", **accept}, timeout=30)
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == str(QUADS)
    # Over the limit, with Content-Length or chunked: the app's JSON 413, never a query cut short.
    big = b"#" + b"x" * (LIMIT + 10) + b"\nASK {}"
    r = requests.post(base + "/sparql", data=big, headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 413 and r.json()["status"] == 413
    r = requests.post(base + "/sparql", data=(big[i:i + 65536] for i in range(0, len(big), 65536)),
                      headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 413 and r.json()["status"] == 413
    # Exactly at the limit, chunked: accepted (it is a comment, then a query).
    exact = b"#" + b"x" * (LIMIT - 8) + b"\nASK {}"
    assert len(exact) == LIMIT
    r = requests.post(base + "/sparql", data=(exact[i:i + 65536] for i in range(0, len(exact), 65536)),
                      headers={"Content-Type": "application/sparql-query", **accept}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert requests.get(base + "/healthz", timeout=10).ok


def test_head_and_cors_preflight(served):
    server, proc, base = served
    r = requests.head(base + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"},
                      timeout=10)
    assert r.status_code == 200 and r.content == b""
    assert r.headers["Content-Type"].startswith("application/sparql-results+json")
    r = requests.head(base + "/dump.nq", timeout=30)
    assert r.status_code == 200 and r.content == b"" and r.headers["Content-Type"].startswith("application/n-quads")
    r = requests.options(base + "/sparql", headers={"Origin": "http://elsewhere.test",
                                                    "Access-Control-Request-Method": "POST",
                                                    "Access-Control-Request-Headers": "Content-Type"}, timeout=10)
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in r.headers["Access-Control-Allow-Headers"]
    assert requests.get(base + "/healthz", timeout=10).ok  # the keep-alive pool is still usable


def test_app_exception_is_the_apps_json_500(served):
    server, proc, base = served
    for _ in range(3):
        r = requests.get(base + "/boom", timeout=10)
        assert r.status_code == 500
        assert r.json() == {"ok": False, "status": 500, "error": "Internal error",
                            "message": "an unexpected error happened; it has been logged"}
    assert proc.poll() is None
    assert requests.get(base + "/healthz", timeout=10).ok


@pytest.mark.parametrize("server", ["granian", "gunicorn"])
def test_sigterm_releases_the_store(server, tmp_path):
    store = tmp_path / "store"
    proc, base = _start(store, server, tmp_path)
    assert requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=10).ok
    proc.terminate()
    proc.wait(30)
    err = proc.stderr.read().decode()
    assert "Traceback" not in err, err[-2000:]
    # The lock is released: a second server on the same store (and the same port) starts and answers.
    port = int(base.rsplit(":", 1)[1])
    proc2, base2 = _start(store, server, tmp_path, port=port)
    try:
        assert requests.get(base2 + "/sparql", params={"query": "ASK {}"}, timeout=10).json()["boolean"] is True
    finally:
        stop(proc2)


def test_locked_store_is_one_line_and_exit_1(tmp_path):
    """granian opens the store in its worker: a store another process holds still fails in one line."""
    import pyoxigraph as ox

    store = tmp_path / "store"
    holder = ox.Store(str(store))
    try:
        env = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_DATA_DIR": str(tmp_path / "data")}
        env.pop("NEWSKG_SPARQL_ENDPOINT", None)
        res = subprocess.run([sys.executable, "-m", "service", "serve", "--store", str(store), "--port",
                              str(free_port())], env=env, capture_output=True, timeout=60)
    finally:
        del holder
    err = res.stderr.decode()
    assert res.returncode != 0
    assert "newskg: error:" in err and "Traceback" not in err, err[-2000:]


def test_settings_reach_the_worker(tmp_path):
    """The CLI's settings (options and NEWSKG_* variables) are exactly the worker's."""
    from service.config import Settings
    from service.web.wsgi import export_settings

    settings = Settings.load({"NEWSKG_MAX_ROWS": "7", "NEWSKG_LINK": "no", "NEWSKG_UPDATE_TOKEN": " spaced "},
                             store=str(tmp_path / "s"), sparql_endpoint="")
    environ: dict[str, str] = {}
    export_settings(settings, environ)
    assert Settings.load(environ).values == settings.values
    json.dumps(environ)  # plain strings only


def test_granian_respawns_a_dead_worker(tmp_path):
    """As gunicorn's master did: a worker that dies is started again and the store reopened."""
    import signal

    proc, base = _start(tmp_path / "store", "granian", tmp_path)
    try:
        first = worker_pid(proc)
        os.kill(first, signal.SIGKILL)

        def back() -> bool:
            try:
                return (worker_pid(proc) != first
                        and requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok)
            except (AssertionError, OSError, requests.RequestException):
                return False

        assert wait_for(back, 30)
        assert proc.poll() is None
    finally:
        stop(proc)


@pytest.mark.parametrize("server", ["granian", "gunicorn"])
def test_serve_files_dump_segments_for_graphs_other_tools_wrote(server, tmp_path):
    import sqlite3

    import pyoxigraph as ox

    from service.store.segments import index_path

    path = tmp_path / "store"
    raw = ox.Store(str(path))  # as `oxigraph load` would: no segments
    raw.bulk_load("".join(f'<http://ex.org/s{i}> <http://ex.org/p> "v{i}" <http://ex.org/g{i % 3}> .\n'
                          for i in range(3000)).encode(), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    del raw
    proc, base = _start(path, server, tmp_path)
    try:
        def filed() -> set:
            try:
                with sqlite3.connect(f"file:{index_path(str(path))}?mode=ro", uri=True) as db:
                    return set(db.execute("SELECT graph, format, quads FROM segment"))
            except sqlite3.Error:
                return set()

        want = {(f"<http://ex.org/g{g}>", fmt, 1000) for g in range(3) for fmt in ("ttl", "nq")}
        assert wait_for(lambda: filed() == want, 60), filed()
        r = requests.get(base + "/dump.nq", timeout=60)
        assert r.status_code == 200 and r.content.count(b"\n") == 3000
    finally:
        stop(proc)
