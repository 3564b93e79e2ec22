"""Benchmark of Wikidata linking: precision and recall, no-item cases, and HTTP calls per article.

Everything runs against the local fake Wikidata API of the tests (``tests/fake_wikidata.py``
serving ``tests/data/fake_wikidata.json`` and ``fake_wikidata_gum.json``); the real API is never
called. Needs the spaCy model and ``../shared``; one process, spaCy loaded once.

* GUM: the 24 news documents of ``../shared/corpora/gum-news`` (CC BY) through the language
  pipeline, each linked with a cold cache (a new data directory) and then again warm; links are
  scored against ``tests/data/gum_linking_cases.json`` (``tests/gum_linking.py``): the "dev"
  documents were used to calibrate the linker, the "held-out" ones only measure it.
* Sample: the sample article through the same path as ``newskg extract -f trig`` with
  ``NEWSKG_WIKIDATA_API`` at the fake, scored by ``../shared/eval/score.py``.

    .venv/bin/python benchmarks/linking.py [-v]

Prints markdown tables (``-v`` adds every miss).
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import gum_linking  # noqa: E402
from fake_wikidata import FakeWikidata  # noqa: E402

from service.config import SAMPLE_ARTICLE, Settings  # noqa: E402
from service.formats import graph_format  # noqa: E402
from service.ir import RawArticle  # noqa: E402
from service.linker import build_linker  # noqa: E402
from service.rdfterms import serialize_quads  # noqa: E402

SCORE = ROOT.parent / "shared" / "eval" / "score.py"
GOLD = ROOT.parent / "shared" / "eval" / "gold" / "seed-libya-2016.json"


def count_calls(fake: FakeWikidata, since: int) -> collections.Counter:
    """Requests by kind since the ``since``-th one."""
    kinds = collections.Counter()
    for r in fake.requests[since:]:
        p = r["params"]
        kinds["fulltext" if p.get("list") == "search" else p.get("action", "?")] += 1
    return kinds


def link_cold_and_warm(fake: FakeWikidata, article, tmp: Path):
    """The article linked with an empty cache, then again by a new linker on the same cache."""
    settings = Settings.load(environ={}, wikidata_api=fake.url, data_dir=str(tmp))
    out = []
    for _ in ("cold", "warm"):
        before = len(fake.requests)
        with build_linker(settings) as linker:
            t0 = time.perf_counter()
            linked = linker.link(article)
            seconds = time.perf_counter() - t0
        out.append((linked, count_calls(fake, before), seconds))
    return out


def gum(fake: FakeWikidata, verbose: bool) -> list[str]:
    from service.nlp import analyse_many

    cases = gum_linking.cases()
    by_doc = collections.defaultdict(list)
    for c in cases:
        by_doc[c.doc].append(c)
    docs = {name: gum_linking.load(name) for name in gum_linking.documents()}
    raws = [RawArticle(text=d.text, id=name, title=d.title, published=d.date) for name, d in docs.items()]
    tallies = {"dev": gum_linking.Tally(), "held-out": gum_linking.Tally()}
    found = collections.Counter()
    cold, warm, seconds = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for article in analyse_many(raws):
            (linked, calls, secs), (_, warm_calls, _) = link_cold_and_warm(fake, article, Path(tmp) / article.id)
            cold.append(sum(calls.values()))
            warm.append(sum(warm_calls.values()))
            seconds.append(secs)
            doc_cases = by_doc.get(article.id, [])
            if not doc_cases:
                continue
            doc = docs[article.id]
            split = doc_cases[0].split
            tallies[split].add(gum_linking.score(doc, doc_cases, linked))
            groups = gum_linking.groups_of(doc, linked)
            found[split] += sum(1 for c in doc_cases if c.qid and doc.group(c.ref).id in groups)
    lines = ["| GUM fixture | cases with an item | P | R | R where the extractor found the entity "
             "| no-item cases left unlinked |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    total = gum_linking.Tally()
    for split, t in tallies.items():
        total.add(t)
    for split, t in [*tallies.items(), ("all", total)]:
        n_found = sum(found.values()) if split == "all" else found[split]
        lines.append(f"| {split} | {t.with_item} | {t.precision:.3f} | {t.recall:.3f} | "
                     f"{t.right / n_found if n_found else 0:.3f} ({t.right}/{n_found}) | "
                     f"{t.no_item_unlinked} of {t.no_item} |")
    lines.append("")
    lines.append(f"GUM: {len(cold)} articles; HTTP calls per article cold {sum(cold) / len(cold):.1f} "
                 f"(max {max(cold)}), warm {max(warm)}; {sum(seconds) / len(seconds):.2f} s per article cold.")
    if verbose:
        for split, t in tallies.items():
            lines += [f"- {split}: {m}" for m in t.misses]
    return lines


def sample(fake: FakeWikidata) -> list[str]:
    from service.ingest import Pipeline
    from service.reader import read_path

    raw = next(read_path(SAMPLE_ARTICLE))
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(environ={}, wikidata_api=fake.url, data_dir=tmp)
        rows = []
        for label in ("cold", "warm"):
            before = len(fake.requests)
            pipeline = Pipeline(settings)  # a new linker: only the cache carries over
            t0 = time.perf_counter()
            _article, quads = pipeline.extract(raw)
            seconds = time.perf_counter() - t0
            pipeline.linker.close()
            rows.append((label, count_calls(fake, before), seconds))
        trig = Path(tmp) / "sample.trig"
        trig.write_bytes(serialize_quads(quads, graph_format("trig")))
        scored = json.loads(subprocess.run([sys.executable, str(SCORE), str(GOLD), str(trig), "--json"],
                                           check=True, capture_output=True, text=True).stdout)
    p, r, f1 = scored["links"]
    lines += [f"Sample article through `newskg extract` and `score.py`: links P {p:.3f}, R {r:.3f} "
              f"(entities P/R {scored['entities'][0]:.3f}/{scored['entities'][1]:.3f}).", "",
              "| sample article | HTTP calls | wbsearchentities | full-text search | wbgetentities "
              "| seconds (with analysis) |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for label, calls, seconds in rows:
        lines.append(f"| {label} cache | {sum(calls.values())} | {calls['wbsearchentities']} | "
                     f"{calls['fulltext']} | {calls['wbgetentities']} | {seconds:.2f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    if not gum_linking.available() or not SCORE.exists():
        sys.exit("../shared (GUM and the sample's gold) is needed")
    with FakeWikidata() as fake:
        print("\n".join(sample(fake)))
        print()
        print("\n".join(gum(fake, args.verbose)))


if __name__ == "__main__":
    main()
