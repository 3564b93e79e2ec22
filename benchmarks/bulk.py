"""Parallel-ingest benchmark on the BBC News corpus; prints markdown tables.

    python benchmarks/bulk.py [--sizes 50 400 2225] [--repeat 3] [--table]
                              [--corpus ../shared/corpora/bbc-news/bbc-news.jsonl]
    python benchmarks/bulk.py --sizes --writer 400 [--graphs first-400.nq]

Every run is ``newskg ingest`` as a user runs it: a fresh process and a fresh store, linking off,
timed on the wall clock from start to exit (Python start-up, loading spaCy, reading, analysis,
writing and the final compaction all included). For each size in ``--sizes``, ``--jobs 1`` and
``--jobs 2`` run ``--repeat`` times, interleaved (1, 2, 1, 2, …) so that a change in the machine's
load hits both alike; the speed-up is the ratio of their medians. ``--table`` adds the full corpus
with ``--jobs 1``, ``--jobs 2`` and ``--engine dask --jobs 2`` (a local Dask cluster of 2 worker
processes): time, articles per second, peak memory and store size.

Peak memory is the largest sum, over the ingest process and all its descendants (workers, Dask's
scheduler and nannies), of their proportional set size (PSS: a page shared by k processes counts
1/k in each, so forked workers sharing the model are not counted twice), sampled every 0.1 s.
The load average is printed before and after: speed figures mean something on a quiet machine.
Each run's CPU time (user and system, all its processes) is reported with its wall time: whether
``--jobs 2`` did more work than ``--jobs 1``, and how many cores it kept busy (CPU / wall), vary
less with the machine's speed of the moment than the wall-clock ratio does. So does the steal time
over each run (``psutil``: the time the virtual machine's host gave our cores to someone else while
they had work), in cores: what the host took from a run is time neither worker had.

The last column measures the machine rather than newskg: two ``--jobs 1`` runs, each on half the
articles into a store of its own, started together (nothing shared, nothing to coordinate), against
one ``--jobs 1`` run on all of them. Each half pays the whole start-up, so at small sizes ``--jobs 2``
(one start-up) beats it; at large sizes, where start-up is a small part, it is what two cores gave
two copies of this workload at that moment, a ceiling ``--jobs 2`` cannot be expected to pass by much.

``--writer N`` measures the single writer alone, which does not depend on the machine's load the
way wall-clock ratios do: the first N articles' graphs are extracted once (``newskg ingest
--nquads``, or ``--graphs FILE`` from an earlier run), then a fresh process writes them through
``ingest.writer.Writer`` into a fresh store, as a bulk run's results arrive (8 at a time), once
with one SPARQL update per transaction of 16 (``put_graphs``, as every write was before) and once
through the bulk loader (``put_graphs_bulk``). It reports the process's CPU seconds per article (all
its threads: RocksDB's background work included), the final compaction's apart, and how far the
writes raise the process's peak resident memory above what it held with the graphs read in.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def run_ingest(feed: Path, store: Path, *args: str) -> dict:
    """One ``newskg ingest`` run: wall time, peak PSS of its process tree, store size, its last line."""
    env = {**os.environ, "NEWSKG_LINK": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    steal_before = psutil.cpu_times().steal
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "service", "ingest", str(feed), "--store", str(store), "--no-link",
                             *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _descendants(proc.pid)))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _out, err = proc.communicate(timeout=7200)
    elapsed = time.perf_counter() - t
    sampler.join()
    # user + system time of the run's whole process tree (each process is counted once it has
    # been waited for: the workers by the ingest process, the ingest process by us)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # time the virtual machine's host ran something else on our cores while they wanted to run
    # (machine-wide): in cores, over the run
    stolen = (psutil.cpu_times().steal - steal_before) / elapsed
    err = err.decode()
    if proc.returncode != 0:
        raise SystemExit(f"ingest {' '.join(args)} failed:\n{err[-2000:]}")
    size = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
    return {"seconds": elapsed, "cpu": cpu, "stolen": stolen, "peak_mb": peak[0] / 1024, "store_mb": size / 1e6,
            "line": err.strip().splitlines()[-1]}


def run_halves(feeds: tuple[Path, Path], stores: tuple[Path, Path]) -> dict:
    """Two ``--jobs 1`` runs at once, one on each half of the articles: wall time until both end."""
    results: list[dict] = []
    t = time.perf_counter()
    threads = [threading.Thread(target=lambda f=f, st=st: results.append(run_ingest(f, st, "--jobs", "1")))
               for f, st in zip(feeds, stores)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if len(results) != 2:
        raise SystemExit("a half run failed")
    return {"seconds": time.perf_counter() - t}


def replay(graphs: str, mode: str) -> None:
    """Write the article graphs of an N-Quads file through the Writer into a fresh store (``--replay``)."""
    import pyoxigraph as ox

    sys.path.insert(0, str(ROOT))
    from service.ingest.report import IngestReport
    from service.ingest.workers import Extracted
    from service.ingest.writer import Writer
    from service.store.oxigraph import OxigraphStore

    by_graph: dict[str, list] = {}
    for q in ox.parse(path=graphs, format=ox.RdfFormat.N_QUADS):
        if "/article/" in q.graph_name.value:
            by_graph.setdefault(q.graph_name.value, []).append(q)
    # as a worker sends them: N-Quads bytes
    results = [Extracted("", g, g, 0, 0, ox.serialize(qs, format=ox.RdfFormat.N_QUADS)) for g, qs in by_graph.items()]
    del by_graph
    gc.collect()
    base = _status_kb("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) from here: the writes', not the input's
    scratch = Path(tempfile.mkdtemp(prefix="newskg-writer-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    store = OxigraphStore.open(scratch / "store")
    writer = Writer(IngestReport(), store=store)
    if mode == "bulk":
        writer.start_bulk(len(results))
    start = time.process_time()
    for i in range(0, len(results), 8):
        writer.take(results[i:i + 8])
    writer.flush()
    writes = time.process_time() - start
    writer.finish()  # the compaction, after 200 articles or more
    total = time.process_time() - start
    store.close()
    print(f"{len(results)} {writes} {total - writes} {(_status_kb('VmHWM') - base) / 1024}")


def _status_kb(field: str) -> int:
    return next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith(field + ":"))


def writer_table(n: int, graphs: str | None, corpus: str) -> None:
    """The writer's CPU per article and peak memory, transactions against the bulk loader."""
    if graphs is None:
        tmp = _scratch()
        feed = tmp / f"first-{n}.jsonl"
        feed.write_text("\n".join(Path(corpus).read_text(encoding="utf-8").splitlines()[:n]) + "\n", encoding="utf-8")
        graphs = str(tmp / f"first-{n}.nq")
        subprocess.run([sys.executable, "-m", "service", "ingest", str(feed), "--no-link", "--nquads", graphs],
                       cwd=ROOT, env={**os.environ, "NEWSKG_LINK": "0"}, check=True, stderr=subprocess.DEVNULL)
    print(f"\n| writer alone, {n:,} BBC article graphs | CPU per article (writes) | final compaction | "
          "memory the writes add (peak RSS) |\n|---|---:|---:|---:|")
    for mode, name in (("transactions", "one SPARQL update per 16 articles"),
                       ("bulk", "bulk loader + one derivation update per write")):
        out = subprocess.run([sys.executable, __file__, "--replay", graphs, mode], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()
        count, writes, compaction, peak = int(out[0]), float(out[1]), float(out[2]), float(out[3])
        print(f"| {name} | {writes / count * 1000:.1f} ms | {compaction:.1f} s | {peak:,.0f} MB |", flush=True)


def _scratch() -> Path:
    """A scratch folder for the runs' feeds and stores, removed when the benchmark exits (a run
    leaves about a gigabyte of stores behind)."""
    tmp = Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    return tmp


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _ingested(line: str) -> int:
    return int(line.split("ingested ", 1)[1].split()[0])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpora/bbc-news/bbc-news.jsonl"))
    ap.add_argument("--sizes", type=int, nargs="*", default=[50, 400])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--table", action="store_true", help="also the full-corpus table (jobs 1, jobs 2, dask)")
    ap.add_argument("--writer", type=int, default=0, help="also the writer alone on the first N articles")
    ap.add_argument("--graphs", help="with --writer: the N-Quads of an earlier `newskg ingest --nquads`")
    ap.add_argument("--replay", nargs=2, metavar=("GRAPHS", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.replay:
        replay(*args.replay)
        return
    lines = Path(args.corpus).read_text(encoding="utf-8").splitlines()
    tmp = _scratch()
    print(f"{_load()} at the start; {os.cpu_count()} cores", flush=True)

    rows = []
    for n in args.sizes:
        feed = tmp / f"first-{n}.jsonl"
        feed.write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
        halves = (tmp / f"first-{n}-a.jsonl", tmp / f"first-{n}-b.jsonl")
        halves[0].write_text("\n".join(lines[:n][0::2]) + "\n", encoding="utf-8")  # alternate lines: alike halves
        halves[1].write_text("\n".join(lines[:n][1::2]) + "\n", encoding="utf-8")
        both: list[float] = []
        times: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float]] = {1: [], 2: []}
        stolen: dict[int, list[float]] = {1: [], 2: []}
        for r in range(args.repeat):
            for jobs in (1, 2):
                res = run_ingest(feed, tmp / f"s-{n}-{jobs}-{r}", "--jobs", str(jobs))
                times[jobs].append(res["seconds"])
                cpus[jobs].append(res["cpu"])
                stolen[jobs].append(res["stolen"])
                print(f"  {n} articles, --jobs {jobs}: {res['seconds']:.1f} s, {res['cpu']:.1f} s of CPU, "
                      f"{res['stolen']:.2f} cores stolen by the host "
                      f"({res['line']}; {_load()})", flush=True)
            res = run_halves(halves, (tmp / f"h-{n}-a-{r}", tmp / f"h-{n}-b-{r}"))
            both.append(res["seconds"])
            print(f"  {n} articles as two halves at once, --jobs 1 each: {res['seconds']:.1f} s ({_load()})", flush=True)
        med = {j: (statistics.median(times[j]), statistics.median(cpus[j]), statistics.median(stolen[j]))
               for j in (1, 2)}
        rows.append((n, med[1], med[2], statistics.median(both)))
    if rows:
        # CPU time shows whether --jobs 2 did more work than --jobs 1, and cores busy (CPU / wall)
        # how well it kept both cores at it: both depend less on the machine's speed of the moment
        # than the wall-clock times do.
        # Steal time is the host's: cores our processes wanted but the hypervisor gave elsewhere.
        # What two cores gave two independent serial runs of the same articles, at the same moment.
        print("\n| articles | `--jobs 1` wall (CPU) | `--jobs 2` wall (CPU) | cores busy, `--jobs 2` | "
              "cores stolen, `--jobs 1` / `--jobs 2` | speed-up | two `--jobs 1` halves at once |"
              "\n|---:|---:|---:|---:|---:|---:|---:|")
        for n, (one, cpu1, st1), (two, cpu2, st2), halves_s in rows:
            print(f"| {n:,} | {one:.1f} s ({cpu1:.1f} s) | {two:.1f} s ({cpu2:.1f} s) | {cpu2 / two:.2f} | "
                  f"{st1:.2f} / {st2:.2f} | {one / two:.2f}x | {halves_s:.1f} s: {one / halves_s:.2f}x |")

    if args.table:
        feed = Path(args.corpus)
        table = []
        for name, extra in (("`--jobs 1`", ["--jobs", "1"]), ("`--jobs 2`", ["--jobs", "2"]),
                            ("`--engine dask --jobs 2`", ["--engine", "dask", "--jobs", "2"])):
            res = run_ingest(feed, tmp / f"full-{len(table)}", *extra)
            n = _ingested(res["line"])
            print(f"  full corpus, {name}: {res['seconds']:.0f} s ({res['line']}; {_load()})", flush=True)
            table.append((name, res, n))
        print(f"\n| full BBC corpus ({len(lines):,} articles) | time | articles/s | peak memory | store size |"
              "\n|---|---:|---:|---:|---:|")
        for name, res, n in table:
            print(f"| {name} | {res['seconds']:.0f} s | {n / res['seconds']:.1f} | {res['peak_mb']:,.0f} MB | "
                  f"{res['store_mb']:,.0f} MB |")
        print(f"\nspeed-up of --jobs 2 on the full corpus (one run each): "
              f"{table[0][1]['seconds'] / table[1][1]['seconds']:.2f}x")
    if args.writer:
        writer_table(args.writer, args.graphs, args.corpus)
    print(f"\n{_load()} at the end")


if __name__ == "__main__":
    main()
