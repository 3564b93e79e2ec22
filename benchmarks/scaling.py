"""Analysis time against article length: the cost per KB must not grow with the article.

    python benchmarks/scaling.py [--sizes 5,50,500]

Two kinds of long article, each cut to 5, 50 and 500 KB:
* real prose: BBC articles (../shared/corpora/bbc-news) joined as paragraphs of one article;
* short quotations: invented paragraphs of the form '"We will finish part N soon," Jane Doe
  said. "It matters."', the shape that made attribution quadratic.

Each is extracted by the whole pipeline (reader → spaCy → newskg components → IR → RDF,
linking off) and by spaCy's own pipeline for comparison (best of three up to 50 KB, once at 500 KB,
after a warm-up); the table gives seconds per KB and
the ratio of the largest to the smallest cost per KB.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BBC = ROOT.parent / "shared/corpora/bbc-news/raw"
NAMES = ["Jane Doe", "John Roe", "Maria Lopez", "Ahmed Karim", "Li Wei"]
VERBS = ["said", "told reporters", "added", "insisted"]


def quotations(size: int) -> str:
    rnd = random.Random(1)
    paras, n, total = [], 0, 0
    while total < size:
        n += 1
        p = f'"We will finish part {n} soon," {rnd.choice(NAMES)} {rnd.choice(VERBS)}. "It matters."'
        paras.append(p)
        total += len(p) + 2
    return "\n\n".join(paras)


def prose(size: int) -> str | None:
    if not BBC.is_dir():
        return None
    paras, total = [], 0
    for f in sorted(BBC.rglob("*.txt")):
        for p in f.read_text(encoding="utf-8", errors="replace").split("\n"):
            p = p.strip()
            if p:
                paras.append(p)
                total += len(p) + 2
        if total >= size:
            break
    return "\n\n".join(paras)[:size].rsplit("\n\n", 1)[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5,50,500", help="KB, comma-separated")
    args = ap.parse_args()
    sizes = [int(s) * 1000 for s in args.sizes.split(",")]

    from service.config import Settings
    from service.ir import RawArticle
    from service.nlp.components import build_nlp
    from service.ingest import Pipeline

    settings = Settings.load(link=False)
    pipeline = Pipeline(settings)
    nlp = build_nlp(settings.model)
    for warm in (quotations(3000), prose(3000)):  # first-use costs (model caches, date parsing)
        if warm:
            pipeline.extract(RawArticle(text=warm, title="Warm-up"))
    print("| text | KB | whole pipeline s | s per KB | spaCy alone s per KB |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, make in (("BBC prose", prose), ("short quotations", quotations)):
        per_kb = []
        for size in sizes:
            text = make(size)
            if text is None:
                print(f"| {label} | skipped: ../shared absent | | | |")
                break
            kb = len(text.encode("utf-8")) / 1000
            whole = alone = float("inf")
            for _ in range(3 if size <= 50_000 else 1):  # best of three where it is cheap: a noisy machine
                t = time.perf_counter()
                pipeline.extract(RawArticle(text=text, title="A long article"))
                whole = min(whole, time.perf_counter() - t)
                t = time.perf_counter()
                # spaCy's own components only, on the same text
                with nlp.select_pipes(enable=[n for n in nlp.pipe_names if not n.startswith("newskg_")]):
                    nlp(text)
                alone = min(alone, time.perf_counter() - t)
            per_kb.append(whole / kb)
            print(f"| {label} | {kb:,.0f} | {whole:.1f} | {whole / kb * 1000:.1f} ms | {alone / kb * 1000:.1f} ms |",
                  flush=True)
        if len(per_kb) > 1:
            print(f"| {label}: largest / smallest cost per KB | | | {max(per_kb) / min(per_kb):.2f} | |")


if __name__ == "__main__":
    main()
