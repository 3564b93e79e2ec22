"""What an anonymous client sends cannot take the service down (issue: a hostile client).

`newskg serve` runs on 127.0.0.1 over a small store, with a short time limit and a small memory
limit for queries. Each test sends what an attacker would and checks the answer, that the server
is still up, and that nothing keeps running or growing afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from servers import descendants, free_port, rss_mb, server_pid, stop, wait_for, wait_until_up, worker_pid

TIMEOUT = 3        # NEWSKG_QUERY_TIMEOUT for these servers
MEMORY_MB = 400    # NEWSKG_QUERY_MEMORY_MB
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"


def _start(store: Path, tmp_path: Path, **env_extra) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_DATA_DIR": str(tmp_path / "data"),
           "NEWSKG_BASE_IRI": "http://newskg.test/", "NEWSKG_QUERY_TIMEOUT": str(TIMEOUT),
           "NEWSKG_QUERY_MEMORY_MB": str(MEMORY_MB), "NEWSKG_RESULT_CACHE_MB": "0", **env_extra}
    env.pop("NEWSKG_SPARQL_ENDPOINT", None)
    proc = subprocess.Popen([sys.executable, "-m", "service", "serve", "--store", str(store), "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(proc, base + "/healthz", name="newskg serve", timeout=60)
    return proc, base


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    import pyoxigraph as ox

    path = tmp_path_factory.mktemp("hostile") / "store"
    st = ox.Store(str(path))
    st.bulk_load("".join(f'<http://ex.org/s{i}> <http://ex.org/p{i % 7}> "value {i:05d} with some padding" '
                         f'<http://ex.org/g{i % 5}> .\n' for i in range(20_000)).encode(), format=ox.RdfFormat.N_QUADS)
    st.flush()
    del st
    return path


@pytest.fixture(scope="module")
def served(store, tmp_path_factory):
    proc, base = _start(store, tmp_path_factory.mktemp("data"))
    yield proc, base
    stop(proc)


def _query(base: str, q: str, timeout: float = 60, **kw):
    return requests.get(base + "/sparql", params={"query": q}, timeout=timeout,
                        headers={"Accept": "application/sparql-results+json"}, **kw)


def _simple(base: str) -> bool:
    r = _query(base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://ex.org/g1> { ?s ?p ?o } }")
    return r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "4000"


@pytest.mark.parametrize("query, phrase", [
    ("SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000 + "LIMIT 1", "nests"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 20000 + "?o" + ")" * 20000 + ") } LIMIT 1", "nests"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(5000)) + ") }", "chains"),
    ("SELECT * WHERE { ?s ?p ?o BIND(" + " + ".join(["1"] * 20000) + " AS ?x) } LIMIT 1", "chains"),
    ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 5000) + " } LIMIT 1", "chains"),
])
def test_too_deep_or_too_long_a_chain_is_a_clear_400_and_the_server_stays_up(served, query, phrase):
    proc, base = served
    r = requests.post(base + "/sparql", data=query.encode(), headers={"Content-Type": "application/sparql-query"},
                      timeout=60)
    assert r.status_code == 400 and phrase in r.json()["message"], r.text[:300]
    assert _simple(base) and proc.poll() is None


def test_a_query_over_the_size_limit_is_refused_before_it_runs(served):
    proc, base = served
    values = ",".join(f'"{i}"' for i in range(100_000))  # ~900 KB
    r = requests.post(base + "/sparql", data=f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o IN ({values})) }}".encode(),
                      headers={"Content-Type": "application/sparql-query"}, timeout=60)
    assert r.status_code == 413 and "NEWSKG_MAX_QUERY_BYTES" in r.json()["message"]
    assert _simple(base)


@pytest.mark.parametrize("query", [
    CARTESIAN,                                                                  # ORDER BY
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",          # COUNT
    "SELECT DISTINCT ?b ?e ?h WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",          # DISTINCT, 343 rows in the end
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?c = ?f && ?f = ?i && ?a != ?d) }",  # matches nothing
])
def test_every_shape_of_query_stops_at_the_time_limit_and_lets_go(served, query):
    proc, base = served
    before = set(descendants(proc.pid))
    started = time.monotonic()
    r = _query(base, query)
    took = time.monotonic() - started
    body = r.json()
    # Stopped by the time limit, or by the memory limit if it grows faster than it runs.
    assert (r.status_code, body["error"]) in ((503, "Query timeout"), (413, "Too large")), r.text[:300]
    assert took < TIMEOUT + 20
    # The worker that ran it is gone: no process of the server is left computing.
    assert wait_for(lambda: not (set(descendants(proc.pid)) - before - _idle_workers(proc)), 10)
    assert _simple(base) and proc.poll() is None


def _idle_workers(proc) -> set[int]:
    return set(descendants(worker_pid(proc)))


def test_a_query_that_needs_too_much_memory_is_stopped(served):
    proc, base = served
    r = _query(base, "SELECT (GROUP_CONCAT(CONCAT(?c, ?f)) AS ?all) WHERE { ?a ?b ?c . ?d ?e ?f }")
    assert r.status_code in (413, 503), r.text[:300]
    health = requests.get(base + "/healthz", timeout=30).json()
    assert health["queries"]["memory"] + health["queries"]["timeouts"] >= 1
    assert _simple(base)


def test_simple_queries_answer_while_eight_hostile_ones_run_and_memory_stays_bounded(served):
    proc, base = served
    hostile = []
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # runs to the time limit

    def attack():
        hostile.append(_query(base, count, timeout=120).status_code)

    threads = [threading.Thread(target=attack) for _ in range(8)]
    for t in threads:
        t.start()

    def busy() -> int:
        q = requests.get(base + "/healthz", timeout=30).json()["queries"]
        return q["workers"] - q["idle"]

    assert wait_for(lambda: busy() >= 8, 30)  # all eight are running in their workers
    peak = rss_mb([proc.pid, *descendants(proc.pid)])
    assert _simple(base)  # ... and a simple query is answered meanwhile
    assert all(t.is_alive() for t in threads), "the hostile queries ended first: the test proves nothing"
    for t in threads:
        t.join()
    assert hostile == [503] * 8
    # every process of the server together stays under one memory limit per query worker, plus the server
    workers = requests.get(base + "/healthz", timeout=30).json()["queries"]["limit"]
    assert peak < (workers + 2) * MEMORY_MB


def test_a_crashed_server_is_started_again_and_healthz_says_so(tmp_path):
    store = tmp_path / "store"
    proc, base = _start(store, tmp_path)
    try:
        # A worker that crashes is started again by the server (granian), twice in a row too.
        for _ in range(2):
            first = worker_pid(proc)
            os.kill(first, signal.SIGSEGV)
            assert wait_for(lambda: _worker_changed(proc, first) and _up(base), 60)
        # A server that dies as a whole (granian gives up after a crash loop) is started again by `serve`.
        for _ in range(2):
            server = server_pid(proc)
            below = descendants(server)
            for pid in (server, *below):  # its worker goes with it (and lets go of the store)
                os.kill(pid, signal.SIGKILL)
            assert wait_for(lambda: _server_changed(proc, server) and _up(base), 90)
        health = requests.get(base + "/healthz", timeout=10).json()
        # (a second worker crash within seconds can itself make granian give up: at least, not exactly)
        assert health["server"]["server_restarts"] >= 2
        assert health["server"]["worker_starts"] >= 5
        assert proc.poll() is None
    finally:
        stop(proc)
    assert proc.returncode == 0


def _worker_changed(proc, old: int) -> bool:
    try:
        return worker_pid(proc) != old
    except (AssertionError, OSError):
        return False


def _server_changed(proc, old: int) -> bool:
    try:
        return server_pid(proc) != old
    except (AssertionError, OSError):
        return False


def _up(base: str) -> bool:
    try:
        return requests.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).ok
    except requests.RequestException:
        return False


def test_sparql_load_is_refused_before_any_connection(tmp_path):
    proc, base = _start(tmp_path / "store", tmp_path, NEWSKG_UPDATE_TOKEN="t")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for target in (f"http://127.0.0.1:{port}/x.ttl", "http://169.254.169.254/latest/meta-data/",
                       f"http://localhost:{port}/x"):
            for update in (f"LOAD <{target}>", f"LOAD SILENT <{target}> INTO GRAPH <http://x/g>",
                           f"INSERT DATA {{ <http://x/s> <http://x/p> 1 }} ;\n load <{target}>"):
                r = requests.post(base + "/sparql", data={"update": update}, headers={"Authorization": "Bearer t"},
                                  timeout=30)
                assert r.status_code == 403 and "LOAD is not allowed" in r.json()["message"], r.text
        with pytest.raises(socket.timeout):
            listener.accept()  # nothing ever connected
        # The refused update changed nothing (not even its INSERT DATA part).
        assert _query(base, "ASK { ?s ?p ?o }").json()["boolean"] is False
    finally:
        listener.close()
        stop(proc)


def test_the_bearer_scheme_is_case_insensitive(tmp_path):
    proc, base = _start(tmp_path / "store", tmp_path, NEWSKG_UPDATE_TOKEN="s3cret")
    try:
        for scheme in ("Bearer", "bearer", "BEARER"):
            r = requests.post(base + "/sparql", data={"update": "INSERT DATA { <http://x/s> <http://x/p> 1 }"},
                              headers={"Authorization": f"{scheme} s3cret"}, timeout=30)
            assert r.status_code == 204, (scheme, r.text)
        r = requests.post(base + "/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": "Basic s3cret"},
                          timeout=30)
        assert r.status_code == 401
    finally:
        stop(proc)


def test_snapshots_of_the_store_are_removed_once_no_query_reads_them(tmp_path):
    proc, base = _start(tmp_path / "store", tmp_path, NEWSKG_UPDATE_TOKEN="t")
    snapshots = Path(str(tmp_path / "store") + ".snapshots")
    try:
        for i in range(5):
            r = requests.post(base + "/sparql", data={"update": f"INSERT DATA {{ <http://x/s> <http://x/p> {i} }}"},
                              headers={"Authorization": "Bearer t"}, timeout=30)
            assert r.status_code == 204
            # read-your-writes: the next query sees the write
            n = _query(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()["results"]["bindings"][0]["n"]
            assert n["value"] == str(i + 1)
        assert wait_for(lambda: len(list(snapshots.iterdir())) == 1, 10), list(snapshots.iterdir())
    finally:
        stop(proc)
    assert not snapshots.exists()  # the server leaves none behind


@pytest.mark.model
@pytest.mark.slow
def test_a_long_article_does_not_hold_up_a_short_one(tmp_path):
    """The long article is analysed chunk by chunk, and the short one goes between two chunks."""
    proc, base = _start(tmp_path / "store", tmp_path, NEWSKG_UPDATE_TOKEN="t")
    long_text = "\n\n".join(f'"We will finish part {i} of the bridge soon," Jane Doe said on Monday. "It matters."'
                            for i in range(2500))  # ~200 KB
    done: dict[str, float] = {}
    codes: dict[str, int] = {}

    def post(name: str, text: str) -> None:
        r = requests.post(base + "/articles", json={"id": name, "text": text}, headers={"Authorization": "Bearer t"},
                          timeout=600)
        codes[name] = r.status_code
        done[name] = time.monotonic()

    try:
        long_post = threading.Thread(target=post, args=("long", long_text))
        long_post.start()
        time.sleep(3)  # the long one is being analysed
        assert long_post.is_alive()
        post("short", "The mayor said on Monday that the old bridge would reopen in May for all traffic.")
        assert long_post.is_alive(), "the long article finished first: the test proves nothing"
        long_post.join()
        assert codes == {"long": 201, "short": 201}
        assert done["short"] < done["long"]
    finally:
        stop(proc)
