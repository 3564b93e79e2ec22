"""Extraction speed: spaCy's own `nlp.pipe` against newskg's whole extraction, same articles, same run.

    python benchmarks/extraction.py [N]     # first N BBC articles (default 300)

"whole extraction" = reader clean-up + spaCy + newskg components + IR + RDF mapping with the
ontology closure + conversion to store quads (linking off: it is network-bound and cached).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared/corpora/bbc-news/bbc-news.jsonl"


def main(n: int) -> None:
    import spacy

    from service.config import Settings
    from service.nlp.components import resolve_model
    from service.ingest import Pipeline
    from service.reader.jsonl import article_from_json

    records = [json.loads(ln) for ln in CORPUS.read_text(encoding="utf-8").splitlines()[:n]]
    raws = [article_from_json(r) for r in records]
    chars = sum(len(r.text) for r in raws)
    plain = spacy.load(resolve_model("en_core_web_sm"))
    pipeline = Pipeline(Settings.load(link=False))
    list(pipeline.analyse(raws[:5]))  # warm both up
    list(plain.pipe(r.text for r in raws[:5]))
    rounds = []
    for _ in range(2):  # interleaved, to share the machine's noise
        t = time.perf_counter()
        for _doc in plain.pipe((r.text for r in raws), batch_size=32):
            pass
        t_spacy = time.perf_counter() - t
        t = time.perf_counter()
        quads = 0
        for article in pipeline.analyse(raws):
            quads += len(pipeline.quads(article))
        t_all = time.perf_counter() - t
        rounds.append((t_spacy, t_all))
    t_spacy, t_all = min(r[0] for r in rounds), min(r[1] for r in rounds)
    print(f"{len(raws)} BBC articles, {chars / 1e6:.2f} M characters, {quads:,} quads")
    print("| step | articles/s | ratio to spaCy |\n| --- | --- | --- |")
    print(f"| spaCy `nlp.pipe` alone ({resolve_model('en_core_web_sm')}) | {len(raws) / t_spacy:.1f} | 1.00 |")
    print(f"| whole extraction (reader → IR → RDF + closure → quads) | {len(raws) / t_all:.1f} | {t_all / t_spacy:.2f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
