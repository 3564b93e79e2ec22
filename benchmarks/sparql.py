"""newskg's SPARQL endpoint against a native Oxigraph server, over HTTP, in the same run.

Generates the reference graph with ``../shared/bench/gen_newskg.py`` (680 articles ≈ 100k
triples), loads it into a newskg store (one named graph, queried through newskg's union default
graph) and into an ``oxigraph serve`` store (the same named graph, ``--union-default-graph``),
starts both on 127.0.0.1 (newskg twice: as served, and with its answer cache off, so that the
query path itself is compared too), then runs the six queries of ``../shared/bench/queries.py``:

* latency: each query ``--repeat`` times per engine, interleaved (engine order alternates), one
  request at a time over a keep-alive connection; medians;
* throughput: ``--threads`` concurrent clients for ``--seconds`` per query and engine,
  interleaved; requests per second.

Prints a markdown table; ratios are newskg / Oxigraph (time: lower is better for newskg;
throughput: higher is better). The machine is shared and noisy: trust ratios over absolutes.

    python benchmarks/sparql.py [--articles 680] [--repeat 30] [--seconds 3] [--threads 8]
                                [--server granian|gunicorn] [--no-access-log]

``--server`` and ``--no-access-log`` are passed to ``newskg serve`` (default: granian, access log on,
as ``newskg serve`` runs by default; the log goes to /dev/null).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
GRAPH = "http://example.org/kg/graph"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server for {url} exited with {proc.returncode}")
        try:
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up in {timeout} s")


def stop_servers(procs: list[subprocess.Popen]) -> None:
    """SIGTERM each server, then SIGKILL whatever has not stopped after 10 s."""
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()


def _ask(session: requests.Session, url: str, query: str) -> tuple[float, int]:
    construct = "CONSTRUCT {" in query
    accept = "application/n-triples" if construct else "application/sparql-results+json"
    started = time.perf_counter()
    resp = session.post(url, data=query.encode(), headers={"Content-Type": "application/sparql-query",
                                                           "Accept": accept}, timeout=120)
    body = resp.content
    elapsed = time.perf_counter() - started
    resp.raise_for_status()
    n = len(body.splitlines()) if construct else len(json.loads(body)["results"]["bindings"])
    return elapsed, n


def _throughput(url: str, query: str, seconds: float, threads: int) -> float:
    done = [0] * threads
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        with requests.Session() as s:
            while time.monotonic() < stop:
                _ask(s, url, query)
                done[i] += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    started = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(done) / (time.monotonic() - started)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=680)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--workdir", default=None, help="keep the generated data and stores here")
    ap.add_argument("--server", default="granian", choices=["granian", "gunicorn"], help="newskg serve --server")
    ap.add_argument("--no-access-log", dest="access_log", action="store_false",
                    help="newskg serve --no-access-log")
    args = ap.parse_args()
    if not (BENCH / "gen_newskg.py").exists():
        raise SystemExit(f"{BENCH} is absent")
    spec = importlib.util.spec_from_file_location("bench_queries", BENCH / "queries.py")
    bq = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bq)

    work = Path(args.workdir or tempfile.mkdtemp(prefix="newskg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    prefix = str(work / "kg100k")
    if not Path(prefix + ".nt").exists():
        subprocess.run([sys.executable, str(BENCH / "gen_newskg.py"), "--articles", str(args.articles),
                        "--out", prefix], check=True, stdout=subprocess.DEVNULL)
    params = bq.load_params(prefix)
    queries = bq.queries(params)

    import pyoxigraph as ox

    nk_store, ox_store = work / "newskg-store", work / "oxigraph-store"
    for d in (nk_store, ox_store):
        shutil.rmtree(d, ignore_errors=True)
    t0 = time.perf_counter()
    store = ox.Store(str(nk_store))
    store.bulk_load(path=prefix + ".nt", format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.flush()
    triples = len(store)
    del store
    load_s = time.perf_counter() - t0
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(ox_store), "--file", prefix + ".nt",
                    "--graph", GRAPH], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # newskg three times: as served (answer cache on, queries in worker processes), with the cache
    # off (every request evaluated in a worker process), and with the cache off and the queries
    # evaluated in the server's own threads (what the worker processes cost); each on its own copy
    # of the store; Oxigraph's server as the reference.
    variants = (("newskg", {}), ("no cache", {"NEWSKG_RESULT_CACHE_MB": "0"}),
                ("no cache, in-process", {"NEWSKG_RESULT_CACHE_MB": "0", "NEWSKG_QUERY_WORKERS": "0"}))
    env = dict(os.environ, NEWSKG_MAX_ROWS="1000000", NEWSKG_LINK="false")
    engines: dict[str, str] = {}
    procs = []
    for n, (name, extra) in enumerate(variants):
        location = nk_store if n == 0 else work / f"newskg-store-{n}"
        if n:
            shutil.rmtree(location, ignore_errors=True)
            shutil.copytree(nk_store, location)
        port = _free_port()
        procs.append(subprocess.Popen(
            [str(BIN / "newskg"), "serve", "--store", str(location), "--host", "127.0.0.1", "--port", str(port),
             "--threads", str(args.threads), "--server", args.server,
             "--access-log" if args.access_log else "--no-access-log"],
            env={**env, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        engines[name] = f"http://127.0.0.1:{port}/sparql"
    ox_port = _free_port()
    procs.append(subprocess.Popen([str(BIN / "oxigraph"), "serve", "--location", str(ox_store), "--bind",
                                   f"127.0.0.1:{ox_port}", "--union-default-graph"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    engines["oxigraph"] = f"http://127.0.0.1:{ox_port}/query"
    names = list(engines)
    try:
        for (name, url), proc in zip(engines.items(), procs):
            _wait(url, proc)
        sessions = {name: requests.Session() for name in engines}
        lat: dict = {(q, e): [] for q in queries for e in engines}
        rows: dict = {}
        for name, url in engines.items():  # warm up once each
            for q, text in queries.items():
                rows[(q, name)] = _ask(sessions[name], url, text)[1]
        for i in range(args.repeat):
            order = names[i % len(names):] + names[:i % len(names)]  # rotate who goes first
            for q, text in queries.items():
                for name in order:
                    lat[(q, name)].append(_ask(sessions[name], engines[name], text)[0])
        tput: dict = {}
        for j, (q, text) in enumerate(queries.items()):
            for name in names[j % len(names):] + names[:j % len(names)]:
                tput[(q, name)] = _throughput(engines[name], text, args.seconds, args.threads)
    finally:
        stop_servers(procs)
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)

    print(f"{triples:,} triples ({args.articles} articles), loaded into the newskg store in {load_s:.1f} s; "
          f"{args.repeat} interleaved runs per query, throughput with {args.threads} clients for "
          f"{args.seconds:g} s each, {os.cpu_count()} CPUs; newskg serve --server {args.server}"
          f"{'' if args.access_log else ' --no-access-log'}. Ratios are newskg / Oxigraph.\n")
    ours = [n for n in names if n != "oxigraph"]
    print("| query | rows | Oxigraph median ms | " + " | ".join(f"{n} ms (ratio)" for n in ours)
          + " | Oxigraph req/s | " + " | ".join(f"{n} req/s (ratio)" for n in ours) + " |")
    print("| --- | ---: | ---: | " + " | ".join("---:" for _ in ours * 2) + " | ---: |")
    for q in queries:
        ms = {e: statistics.median(lat[(q, e)]) * 1000 for e in engines}
        ref_ms, ref_t = ms["oxigraph"], tput[(q, "oxigraph")]
        same = all(rows[(q, e)] == rows[(q, "oxigraph")] for e in engines)
        cells = [f"{ms[e]:.1f} ({ms[e] / ref_ms:.2f}×)" for e in ours]
        tcells = [f"{tput[(q, e)]:.0f} ({tput[(q, e)] / ref_t:.2f}×)" for e in ours]
        print(f"| {q} | {rows[(q, 'oxigraph')]}{'' if same else ' (differ!)'} | {ref_ms:.1f} | " + " | ".join(cells)
              + f" | {ref_t:.0f} | " + " | ".join(tcells) + " |")


if __name__ == "__main__":
    main()
