"""What deriving the actors' graphs adds to an article write.

    python benchmarks/writes.py [--n 200]

The first N BBC articles are extracted once (linking off); their article graphs are then written,
in turn, into two on-disk stores: one with the update newskg sends (drop, insert, and the
operations that derive the graphs of the actors the article names: ``service/store/entities.py``),
one with only the drop and insert of the same article graph. Each is written fresh, then every
article is written again (a re-ingest). The table gives the CPU time of the updates per article.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BASE = "http://newskg.test/"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    import pyoxigraph as ox

    from service.mapping import article_triples
    from service.nlp import analyse_many
    from service.rdfterms import triples_quads
    from service.reader import read_path
    from service.store.updates import replace_graphs

    raws = list(islice(read_path(ROOT.parent / "shared/corpora/bbc-news/bbc-news.jsonl"), args.n))
    graphs = []
    for article in analyse_many(raws):
        name, triples = article_triples(article, base=BASE)
        graphs.append((str(name), triples_quads(triples, str(name))))

    def alone(g: str, quads) -> str:
        lines = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        return f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ {lines} }} }}"

    def derived(g: str, quads) -> str:
        return replace_graphs({g: quads})

    tmp = Path(tempfile.mkdtemp(prefix="newskg-writes-"))
    stores = {"article graph alone": (ox.Store(str(tmp / "alone")), alone),
              "with the actors' graphs": (ox.Store(str(tmp / "derived")), derived)}
    rows = {name: [] for name in stores}
    for phase in ("new article", "re-ingested article"):
        cpu = dict.fromkeys(stores, 0.0)
        for g, quads in graphs:
            for name, (st, update) in stores.items():  # in turn: the machine's load hits both alike
                text = update(g, quads)
                t = time.process_time()
                st.update(text)
                cpu[name] += time.process_time() - t
        for name in stores:
            rows[name].append(f"{cpu[name] / len(graphs) * 1000:.1f} ms")
    print(f"| CPU per article write ({len(graphs)} BBC articles) | new article | re-ingested article |")
    print("| --- | ---: | ---: |")
    for name, cells in rows.items():
        print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
