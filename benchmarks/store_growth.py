"""Store-growth benchmark on the BBC News corpus; prints a markdown table.

    python benchmarks/store_growth.py [--n 40] [--corpus ../shared/corpora/bbc-news/bbc-news.jsonl]

Measures, on the first ``--n`` articles (linking off), in one process:
``nlp.pipe`` alone against the whole pipeline (reader → spaCy → IR → RDF);
the cost of storing one article when the store already holds 100 or 2,000 articles (the
filler graphs are copies of real article graphs under new IRIs, so no 2,000-article
extraction is needed); peak memory (``resource.getrusage``) and the store's size on disk.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.config import Settings  # noqa: E402
from service.store import open_store  # noqa: E402


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _settings(store: Path) -> Settings:
    return Settings.load(environ={}, store=str(store), link=False, data_dir=str(store.parent / "data"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpora/bbc-news/bbc-news.jsonl"))
    ap.add_argument("--n", type=int, default=40)
    args = ap.parse_args()
    lines = Path(args.corpus).read_text(encoding="utf-8").splitlines()
    subset = lines[: args.n]
    tmp = Path(tempfile.mkdtemp(prefix="newskg-bench-"))
    feed = tmp / "subset.jsonl"
    feed.write_text("\n".join(subset) + "\n", encoding="utf-8")
    rows: list[tuple[str, str]] = [("corpus", f"{Path(args.corpus).name}, first {len(subset)} of {len(lines)} "
                                               f"articles, {sum(len(json.loads(x)['text']) for x in subset) // len(subset):,} "
                                               "characters each on average")]

    # ---- in one process: spaCy alone vs the whole pipeline
    from service import reader
    from service.nlp import build_nlp
    from service.ingest import Pipeline

    settings = _settings(tmp / "mem")
    raws = [r for r in reader.read_path(feed) if not isinstance(r, Exception)]
    nlp = build_nlp(settings.model)
    list(nlp.pipe([raws[0].text]))  # warm up
    t = time.perf_counter()
    for _ in nlp.pipe([r.text for r in raws], batch_size=8):
        pass
    spacy_rate = len(raws) / (time.perf_counter() - t)
    pipeline = Pipeline(settings, link=False)
    for article in pipeline.analyse(raws[:3]):  # warm up (the OWL closure is cached per vocabulary)
        pipeline.quads(article)
    t = time.perf_counter()
    graphs = {}
    for article in pipeline.analyse(raws):
        graphs[pipeline.iri(article)] = pipeline.quads(article)
    whole_rate = len(raws) / (time.perf_counter() - t)
    rows.append(("spaCy `nlp.pipe` alone (in-process, model loaded)", f"{spacy_rate:.1f} articles/s"))
    rows.append(("whole pipeline, no store (reader → spaCy → IR → RDF)", f"{whole_rate:.1f} articles/s"))
    quads_per_article = sum(len(q) for q in graphs.values()) / len(graphs)
    rows.append(("quads per article graph", f"{quads_per_article:.0f}"))

    # ---- the cost of storing one article as the store grows
    from pyoxigraph import NamedNode, Quad

    def copy(quads, old: str, new: str):
        out = []
        for q in quads:
            s = NamedNode(q.subject.value.replace(old, new)) if isinstance(q.subject, NamedNode) else q.subject
            o = NamedNode(q.object.value.replace(old, new)) if isinstance(q.object, NamedNode) else q.object
            out.append(Quad(s, q.predicate, o, NamedNode(new)))
        return out

    store_dir = tmp / "growing"
    st = open_store(_settings(store_dir))
    items = list(graphs.items())
    filled = 0
    for target in (100, 2000):
        while filled < target:
            batch = {}
            for _ in range(min(50, target - filled)):
                old, quads = items[filled % len(items)]
                new = f"{old}-copy{filled}"
                batch[new] = copy(quads, old, new)
                filled += 1
            st.put_graphs(batch)
        st.optimize()  # as `newskg ingest` does after a bulk run
        t = time.perf_counter()
        for old, quads in items:
            st.put_graph(old, quads)  # a real article, replaced in its own transaction
        per = (time.perf_counter() - t) / len(items) * 1000
        t = time.perf_counter()
        for old, _ in items:
            st.has_graph(old)
        resume = (time.perf_counter() - t) / len(items) * 1e6
        t = time.perf_counter()
        for raw in raws:
            article, quads = pipeline.extract(raw)  # the whole per-article cost: analysis + mapping + write
            st.put_graph(pipeline.iri(article), quads)
        whole = (time.perf_counter() - t) / len(raws) * 1000
        rows.append((f"store holding {target:,} articles: ingest one article (analysis + write) / "
                     "write alone / resume check",
                     f"{whole:.0f} ms / {per:.1f} ms / {resume:.0f} µs"))
    st.close()
    # RocksDB keeps write-ahead logs until the store is reopened and compacted: measure after that.
    st = open_store(_settings(store_dir))
    st.optimize()
    st.close()
    rows.append(("store size on disk, 2,000 articles (compacted)", f"{_size(store_dir) / 1e6:.0f} MB "
                                                        f"({_size(store_dir) / 2000 / 1e3:.0f} kB per article)"))
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory (max RSS)", f"this benchmark process {me:.0f} MB (holds the 2,000-article store)"))

    print("| measure | value |\n|---|---|")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    main()
