"""A hostile client against `newskg serve`, measured: what each attack costs and what it leaves.

    python benchmarks/hostile.py [--articles 680] [--timeout 10] [--rounds 3] [--round-seconds 45]

Serves a synthetic news KG (../shared/bench/gen_newskg.py; ~145 triples an article) with the
default settings except NEWSKG_QUERY_TIMEOUT, on 127.0.0.1, and measures:

1. each kind of hostile query alone: its answer and how long it took, and the server's memory
   (every process of it, the query workers included) before and after;
2. eight `ORDER BY` queries over a cartesian product at once, while a simple query is asked
   again and again: the simple query's latency, and the server's peak memory;
3. load rounds of ordinary queries (the six reference queries of ../shared/bench, 8 clients):
   the serving process's memory after each round (did anything grow?).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
BENCH = ROOT.parent / "shared" / "bench"

from servers import descendants, free_port, rss_mb, stop, wait_until_up, worker_pid  # noqa: E402

HOSTILE = {
    "nested 3,000 groups (12 KB)": "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000 + "LIMIT 1",
    "FILTER nested 20,000 deep": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 20000 + "?o" + ")" * 20000 + ") }",
    "IN list of 100,000 values (900 KB)":
        "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ",".join(f'"{i}"' for i in range(100_000)) + ")) }",
    "IN list of 20,000 values (170 KB)":
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?c IN (" + ",".join(f'"{i}"' for i in range(20_000)) + ")) }",
    "ORDER BY over a cartesian product": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
    "COUNT over a cartesian product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "DISTINCT over a cartesian product": "SELECT DISTINCT ?b ?e ?h WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "a join that matches nothing": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?c = ?f && ?f = ?i && ?a != ?d) }",
    "GROUP_CONCAT of a cartesian product": "SELECT (GROUP_CONCAT(CONCAT(?c, ?f)) AS ?x) WHERE { ?a ?b ?c . ?d ?e ?f }",
}
SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"


def build_store(articles: int, where: Path) -> Path:
    import pyoxigraph as ox

    store = where / "store"
    if (BENCH / "gen_newskg.py").exists():
        subprocess.run([sys.executable, str(BENCH / "gen_newskg.py"), "--articles", str(articles), "--out",
                        str(where / "kg")], check=True, capture_output=True)
        data = (where / "kg.nt").read_bytes()
        st = ox.Store(str(store))
        st.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("http://example.org/kg"))
    else:
        st = ox.Store(str(store))
        st.bulk_load("".join(f'<http://ex.org/s{i}> a <http://ex.org/T{i % 9}> ; <http://ex.org/p> "v{i}" .\n'
                             for i in range(articles * 70)).encode(), format=ox.RdfFormat.TURTLE,
                     to_graph=ox.NamedNode("http://example.org/kg"))
    st.flush()
    del st
    return store


def serve(store: Path, tmp: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_DATA_DIR": str(tmp / "data"),
           "NEWSKG_QUERY_TIMEOUT": str(timeout), "NEWSKG_RESULT_CACHE_MB": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "service", "serve", "--store", str(store), "--port", str(port),
                             "--no-access-log"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(proc, base + "/healthz", name="newskg serve", timeout=120)
    return proc, base


def memory(proc) -> float:
    return rss_mb([proc.pid, *descendants(proc.pid)])


def ask(base: str, q: str, timeout: float = 300) -> tuple[int, float, str]:
    t = time.monotonic()
    r = requests.post(base + "/sparql", data=q.encode(), timeout=timeout,
                      headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    took = time.monotonic() - t
    text = r.json().get("message", "") if r.status_code != 200 else ""
    return r.status_code, took, text


def alone(proc, base: str) -> None:
    print("\n| hostile query | answer | seconds | server MB before → after |")
    print("| --- | --- | ---: | ---: |")
    for name, q in HOSTILE.items():
        time.sleep(1)
        before = memory(proc)
        code, took, message = ask(base, q)
        time.sleep(1)
        after = memory(proc)
        answer = f"{code} {message[:70]}" if code != 200 else "200"
        print(f"| {name} | {answer} | {took:.1f} | {before:.0f} → {after:.0f} |", flush=True)
        assert ask(base, SIMPLE)[0] == 200, "the server stopped answering"


def eight_at_once(proc, base: str) -> None:
    codes, lat, peak = [], [], 0.0
    q = HOSTILE["ORDER BY over a cartesian product"]
    threads = [threading.Thread(target=lambda: codes.append(ask(base, q)[0])) for _ in range(8)]
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(0.5)
    while any(t.is_alive() for t in threads):
        code, took, _ = ask(base, SIMPLE)
        assert code == 200
        lat.append(took)
        peak = max(peak, memory(proc))
        time.sleep(0.1)
    for t in threads:
        t.join()
    lat.sort()
    print(f"\nEight hostile ORDER BY queries at once: answers {sorted(set(codes))} after "
          f"{time.monotonic() - started:.1f} s; meanwhile {len(lat)} simple queries, median "
          f"{statistics.median(lat) * 1000:.0f} ms, 95th percentile {lat[int(len(lat) * 0.95)] * 1000:.0f} ms, "
          f"slowest {lat[-1] * 1000:.0f} ms; server memory at most {peak:.0f} MB.")


def rounds(proc, base: str, n: int, seconds: float) -> None:
    queries = [SIMPLE]
    if (BENCH / "queries.py").exists() and getattr(proc, "args_params", None):
        import importlib.util

        spec = importlib.util.spec_from_file_location("bench_queries", BENCH / "queries.py")
        bench = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench)  # the six reference queries
        queries = list(bench.queries(json.loads(Path(proc.args_params).read_text())).values())
    print("\n| load round | requests | serving process MB | all processes MB |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| before | 0 | {rss_mb([worker_pid(proc)]):.0f} | {memory(proc):.0f} |")
    for r in range(1, n + 1):
        stop_at = time.monotonic() + seconds
        count = [0]

        def client(i: int) -> None:
            session = requests.Session()
            k = i
            while time.monotonic() < stop_at:
                q = queries[k % len(queries)] + f"\n# {k}"  # every request a new text: no answer cache
                session.post(base + "/sparql", data=q.encode(), timeout=60,
                             headers={"Content-Type": "application/sparql-query"})
                count[0] += 1
                k += 8

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(client, range(8)))
        time.sleep(2)
        print(f"| {r} | {count[0]:,} | {rss_mb([worker_pid(proc)]):.0f} | {memory(proc):.0f} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=680)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--round-seconds", type=float, default=45.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        store = build_store(args.articles, tmp)
        proc, base = serve(store, tmp, args.timeout)
        proc.args_params = str(tmp / "kg.params.json") if (tmp / "kg.params.json").exists() else None
        try:
            print(f"newskg serve, {args.articles} synthetic articles, NEWSKG_QUERY_TIMEOUT={args.timeout:g} s, "
                  "other settings at their defaults")
            alone(proc, base)
            eight_at_once(proc, base)
            rounds(proc, base, args.rounds, args.round_seconds)
            print("\n/healthz:", json.dumps(requests.get(base + "/healthz", timeout=30).json()["queries"]))
        finally:
            stop(proc)


if __name__ == "__main__":
    main()
