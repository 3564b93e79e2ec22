"""``/dump.<ext>`` throughput and server memory on a large store, over HTTP.

Generates the reference graph with ``../shared/bench/gen_newskg.py`` (6,800 articles ≈ 1M
triples) unless it exists, loads it into a newskg store (spread over ``--graphs`` named graphs by
subject, as newskg keeps one graph per article) through newskg's own store writes, or with
``--external`` through pyoxigraph's bulk loader as another tool would, starts ``newskg serve`` on
127.0.0.1 and downloads each dump ``--repeat`` times, reading it in 1 MiB pieces and throwing it
away. Reports MB/s (10^6 bytes) and the server's resident memory before and at its peak
(``VmHWM``) during the dumps.

    python benchmarks/dump.py [--articles 6800] [--formats ttl,nq] [--repeat 2] [--external] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))

from sparql import _free_port, _wait, stop_servers  # noqa: E402


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the server's worker process is a child of its main process)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _status(pid: int) -> dict[str, int]:
    """Resident memory summed over the server's processes: now (VmRSS) and each one's peak (VmHWM)."""
    out = {"VmRSS": 0, "VmHWM": 0}
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith(("VmRSS", "VmHWM")):
                        k, v = line.split(":")
                        out[k] += int(v.split()[0]) * 1024
        except OSError:
            pass
    return out


def load(nt: str, store_dir: Path, graphs: int, *, external: bool = False) -> int:
    """Load ``nt`` into ``store_dir``, the triples of each subject into one of ``graphs`` graphs.

    Through newskg's store (``put_graphs``, 200 graphs per transaction, as ``newskg ingest`` writes),
    which files each graph's dump segments; or, with ``external``, with pyoxigraph's bulk loader
    directly, as ``oxigraph load`` would: no segments, so the first dump reads the store."""
    import pyoxigraph as ox

    from service.store.oxigraph import OxigraphStore

    names = [ox.NamedNode(f"http://example.org/kg/graph/{i}") for i in range(graphs)]
    by_graph: dict[str, list] = {}
    for t in ox.parse(path=nt, format=ox.RdfFormat.N_TRIPLES):
        g = names[hash(t.subject.value) % graphs]
        by_graph.setdefault(g.value, []).append(ox.Quad(t.subject, t.predicate, t.object, g))
    if external:
        store = ox.Store(str(store_dir))
        store.bulk_extend(q for quads in by_graph.values() for q in quads)
        store.flush()
        n = len(store)
        del store
        return n
    store = OxigraphStore.open(store_dir)
    items = list(by_graph.items())
    for i in range(0, len(items), 200):
        store.put_graphs(dict(items[i:i + 200]))
    n = store.count()
    store.close()
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=6800)
    ap.add_argument("--graphs", type=int, default=6800, help="named graphs to spread the triples over")
    ap.add_argument("--formats", default="ttl,nq")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--workdir", default=None, help="keep the generated data and store here")
    ap.add_argument("--external", action="store_true",
                    help="load with pyoxigraph's bulk loader (no dump segments), as `oxigraph load` would")
    args = ap.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="newskg-dump-"))
    work.mkdir(parents=True, exist_ok=True)
    prefix = str(work / f"kg{args.articles}")
    if not Path(prefix + ".nt").exists():
        subprocess.run([sys.executable, str(BENCH / "gen_newskg.py"), "--articles", str(args.articles),
                        "--out", prefix], check=True, stdout=subprocess.DEVNULL)
    store_dir = work / f"dump-store-{args.articles}-{args.graphs}{'-external' if args.external else ''}"
    if not store_dir.exists():
        t0 = time.perf_counter()
        triples = load(prefix + ".nt", store_dir, args.graphs, external=args.external)
        print(f"loaded {triples:,} quads into {args.graphs} graphs in {time.perf_counter() - t0:.1f} s")
    port = _free_port()
    env = dict(os.environ, NEWSKG_LINK="false")
    proc = subprocess.Popen([str(BIN / "newskg"), "serve", "--store", str(store_dir), "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        _wait(f"http://127.0.0.1:{port}/sparql", proc)
        before = _status(proc.pid)["VmRSS"]
        peak = [before]
        stop = threading.Event()

        def sample() -> None:  # VmHWM is the peak since start; also sample VmRSS for the record
            while not stop.is_set():
                peak[0] = max(peak[0], _status(proc.pid)["VmRSS"])
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        for ext in args.formats.split(","):
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                size = 0
                with requests.get(f"http://127.0.0.1:{port}/dump.{ext}", stream=True, timeout=600) as resp:
                    resp.raise_for_status()
                    for piece in resp.iter_content(1 << 20):
                        size += len(piece)
                elapsed = time.perf_counter() - t0
                results.append((ext, size, elapsed, _status(proc.pid)["VmHWM"]))
        stop.set()
        sampler.join()
    finally:
        stop_servers([proc])
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(f"server RSS before the dumps {before / 1e6:.0f} MB; sampled peak during them {peak[0] / 1e6:.0f} MB\n")
    print("| dump | MB | seconds | MB/s | server peak RSS (VmHWM) MB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for ext, size, elapsed, hwm in results:
        print(f"| /dump.{ext} | {size / 1e6:.1f} | {elapsed:.2f} | {size / 1e6 / elapsed:.1f} | {hwm / 1e6:.0f} |")


if __name__ == "__main__":
    main()
