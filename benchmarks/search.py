"""Search and the claims list at scale: index build time and size, what keeping it costs a write,
and the latency of ``/search`` and ``/claims`` (with and without facets) through the Flask app.

    python benchmarks/search.py --store /path/to/store        # a store of ingested articles (copied first)
    python benchmarks/search.py --jsonl bbc-2000.jsonl        # ingest these first (newskg ingest --no-link)

The store is copied to a temporary directory, its index removed, and the index rebuilt from the
store (timed). Then every URL is requested ``--repeat`` times through the app's test client (the
same code as a served request, without the network) after one warm-up, and the median and 95th
percentile are printed as a markdown table, with the first request's time (facet counts are
kept per selection until the next write, so the first request of a selection pays for them). Queries are picked from the data: the most frequent
speaker, place, outlet and month, common and rare words.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def _urls(client) -> list[tuple[str, str]]:
    """(what, URL) pairs picked from the data."""
    facets = client.get("/claims?format=json&facet_size=1").get_json()["facets"]
    top = {f: v[0]["value"] for f, v in facets.items() if v}
    speaker_label = facets["speaker"][0]["label"]
    present = [f for f in ("place", "month", "outlet", "organisation", "kind") if f in top]
    pair, three = present[:2], ["speaker", *present[:2]]
    urls = [
        ("search: top speaker's name", "/search?" + urlencode({"q": speaker_label})),
        ("search: a common word", "/search?q=government"),
        ("search: two words", "/search?q=interest+rates"),
        ("search: a phrase", "/search?" + urlencode({"q": '"prime minister"'})),
        ("search: a prefix", "/search?q=econom*"),
        ("search: a rare word", "/search?q=zeppelin"),
        ("search: claims only, page 3", "/search?q=government&what=claims&page=3"),
        ("search: JSON", "/search?q=government&format=json"),
        ("claims: all, page 1", "/claims"),
        ("claims: all, page 20", "/claims?page=20"),
        ("claims: speaker", "/claims?" + urlencode({"speaker": top["speaker"]})),
        ("claims: two facets (" + " + ".join(pair) + ")", "/claims?" + urlencode({f: top[f] for f in pair})),
        ("claims: three facets (" + " + ".join(three) + ")", "/claims?" + urlencode({f: top[f] for f in three})),
        ("claims: words + place", "/claims?" + urlencode({"q": "government", "place": top["place"]})),
        ("claims: JSON, all facets 1000", "/claims?format=json&facet_size=1000"),
        ("claims: CSV", "/claims?format=csv"),
    ]
    return urls


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", help="a store directory to copy")
    ap.add_argument("--jsonl", help="articles to ingest into a new store instead")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    from service.config import Settings
    from service.store.oxigraph import OxigraphStore
    from service.store.search import index_path
    from service.web import create_app

    work = Path(tempfile.mkdtemp(prefix="newskg-search-bench-"))
    store = work / "store"
    try:
        if args.store:
            shutil.copytree(args.store, store)
        else:
            subprocess.run([str(ROOT / ".venv/bin/newskg"), "ingest", args.jsonl, "--store", str(store), "--no-link",
                            "--jobs", "2"], check=True)
        index_path(str(store)).unlink(missing_ok=True)
        st = OxigraphStore.open(store)
        t0 = time.perf_counter()
        ix = st.search_index()
        build = time.perf_counter() - t0
        ix.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {k: ix.db.execute(f"SELECT COUNT(*) FROM {k}").fetchone()[0] for k in ("article", "claim", "entity")}
        print(f"store: {len(st._store):,} quads, {counts['article']:,} articles, {counts['claim']:,} claims, "
              f"{counts['entity']:,} entity rows")
        print(f"index build (from the store): {build:.2f} s; file {_size(index_path(str(store))) / 2**20:.1f} MiB")
        _write_cost(st)
        settings = Settings.load(environ={}, store=str(store), data_dir=str(work / "data"), link=False)
        client = create_app(settings, store=st).test_client()
        print("\n| request | first ms | median ms | p95 ms |\n| --- | ---: | ---: | ---: |")
        for what, url in _urls(client):
            t0 = time.perf_counter()
            resp = client.get(url)
            first = (time.perf_counter() - t0) * 1000
            assert resp.status_code == 200, (url, resp.status_code, resp.get_data()[:300])
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                client.get(url).get_data()
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"| {what} | {first:.1f} | {statistics.median(times):.1f} | {p95:.1f} |")
        st.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _write_cost(st, n: int = 40) -> None:
    """What keeping the index costs a write: ``n`` articles written again as they are (the full
    write path, entity graphs included), timing the index's part of each."""
    from service.store.search import StoreSearch

    graphs = [g for g in st.graphs() if "/article/" in g][:n]
    spent = []
    before, after = StoreSearch.before_write, StoreSearch.after_write

    def timed(fn):
        def run(self, *a):
            t0 = time.perf_counter()
            fn(self, *a)
            spent.append(time.perf_counter() - t0)
        return run

    StoreSearch.before_write, StoreSearch.after_write = timed(before), timed(after)
    try:
        t0 = time.perf_counter()
        for g in graphs:
            st.put_graph(g, list(st.quads(g)))
        total = time.perf_counter() - t0
    finally:
        StoreSearch.before_write, StoreSearch.after_write = before, after
    print(f"re-writing {len(graphs)} articles: {1000 * total / len(graphs):.1f} ms each, of which the index "
          f"{1000 * sum(spent) / len(graphs):.1f} ms")


if __name__ == "__main__":
    main()
