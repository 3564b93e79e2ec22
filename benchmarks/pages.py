"""Reading-page latency with 2,000 articles in the store; prints a markdown table.

    python benchmarks/pages.py [--store /tmp/newskg-pages-bench/store] [--n 2000] [--samples 40]

Ingests the first ``--n`` BBC News articles (``newskg ingest --jobs 2 --no-link``, resumable:
a store that already holds them is reused, so a second run only measures), starts ``newskg serve``
on 127.0.0.1 as users run it (granian, queries in worker processes), and requests over HTTP:

* article pages of ``--samples`` articles drawn at random (seeded);
* entity pages of the ``--samples`` most-quoted actors (the biggest pages: most claims, articles
  and co-mentions) and of as many places drawn at random, first page and, for actors, page 2;
* claim pages of ``--samples`` claims drawn at random; the data view of the sampled articles;
* the JSON alternate of each article page.

Each page is asked once after one warm-up request of its kind (cold per page, warm server);
latency is the client's wall clock per request. The target is 200 ms per page.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bbc-news" / "bbc-news.jsonl"
TARGET_MS = 200
NKG = "PREFIX nkg: <https://w3id.org/newskg#> "


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_store(store: Path, n: int, corpus: Path) -> None:
    """The first ``n`` articles of ``corpus`` in ``store`` (only those missing are ingested)."""
    feed = store.parent / f"bbc-{n}.jsonl"
    if not feed.exists():
        with corpus.open(encoding="utf-8") as src:
            feed.write_text("".join(line for _, line in zip(range(n), src)), encoding="utf-8")
    t = time.perf_counter()
    subprocess.run([str(BIN / "newskg"), "ingest", str(feed), "--store", str(store), "--no-link", "--jobs", "2",
                    "--resume"], check=True, env=dict(os.environ, NEWSKG_LINK="0"), cwd=ROOT)
    print(f"store ready in {time.perf_counter() - t:.0f} s", file=sys.stderr)


def serve(store: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([str(BIN / "newskg"), "serve", "--store", str(store), "--host", "127.0.0.1",
                             "--port", str(port), "--no-access-log"],
                            env=dict(os.environ, NEWSKG_LINK="0", NEWSKG_BASE_IRI="http://127.0.0.1:5000/"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    end = time.monotonic() + 120
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"newskg serve exited with {proc.returncode}")
        try:
            if requests.get(url + "/healthz", timeout=5).status_code == 200:
                return proc, url
        except requests.RequestException:
            pass
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit("newskg serve did not come up in 120 s")


def column(url: str, query: str) -> list[str]:
    resp = requests.get(url + "/sparql", params={"query": NKG + query}, headers={"Accept": "text/csv"}, timeout=120)
    resp.raise_for_status()
    return [line.strip() for line in resp.text.splitlines()[1:] if line.strip()]


def path(iri: str) -> str:
    return "/" + iri.split("/", 3)[3]


def samples(url: str, k: int, rng: random.Random) -> dict[str, list[str]]:
    articles = column(url, "SELECT ?a WHERE { ?a a nkg:Article }")
    claims = column(url, "SELECT ?c WHERE { ?c a nkg:Claim }")
    quoted = column(url, f"""SELECT ?who WHERE {{ ?c nkg:claimant ?who FILTER(CONTAINS(STR(?who), "/entity/")) }}
                            GROUP BY ?who ORDER BY DESC(COUNT(?c)) LIMIT {k}""")
    places = column(url, 'SELECT ?p WHERE { ?p a nkg:Location FILTER(CONTAINS(STR(?p), "/entity/")) }')
    arts = rng.sample(articles, min(k, len(articles)))
    return {"article": [path(a) for a in arts],
            "article JSON": [path(a) + "?format=json" for a in arts],
            "article data view": [path(a) + "?view=data" for a in arts],
            "entity, most quoted": [path(w) for w in quoted],
            "entity, most quoted, page 2": [path(w) + "?page=2" for w in quoted],
            "entity, place": [path(p) for p in rng.sample(places, min(k, len(places)))],
            "claim": [path(c) for c in rng.sample(claims, min(k, len(claims)))]}, len(articles), len(claims)


def measure(url: str, paths: list[str]) -> list[float]:
    session = requests.Session()
    session.get(url + paths[0], timeout=60)  # warm-up: a query worker for this kind of page
    out = []
    for p in paths:
        t = time.perf_counter()
        resp = session.get(url + p, timeout=60)
        out.append((time.perf_counter() - t) * 1000)
        if resp.status_code != 200:
            raise SystemExit(f"{p}: {resp.status_code} {resp.text[:200]}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default="/tmp/newskg-pages-bench/store")
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--samples", type=int, default=40)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args()
    store = Path(args.store)
    store.parent.mkdir(parents=True, exist_ok=True)
    ensure_store(store, args.n, Path(args.corpus))
    proc, url = serve(store)
    try:
        kinds, n_articles, n_claims = samples(url, args.samples, random.Random(args.seed))
        results = {kind: measure(url, paths) for kind, paths in kinds.items()}
    finally:
        proc.terminate()
        proc.wait(15)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{n_articles:,} articles, {n_claims:,} claims; {os.cpu_count()} CPUs, load average {load}; each page once "
          f"after a warm-up; target {TARGET_MS} ms\n")
    print("| page | pages | median ms | p95 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for kind, ms in results.items():
        ms = sorted(ms)
        p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
        print(f"| {kind} | {len(ms)} | {statistics.median(ms):.0f} | {p95:.0f} | {ms[-1]:.0f} |")


if __name__ == "__main__":
    main()
