"""Benchmark of Wikidata linking: HTTP calls per article with a cold and a warm cache, and time.

Runs the linker on the sample article's entities against the local fake Wikidata API of the
tests (the real API is never called). The entities come from the real language pipeline when
the spaCy model is installed, else from a hand-listed IR of the sample's names and kinds.

    .venv/bin/python benchmarks/linking.py [--runs 3]

Prints a markdown table.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_wikidata import FakeWikidata  # noqa: E402

from service.config import SAMPLE_ARTICLE, Settings  # noqa: E402
from service.ir import Article, Entity, EntityKind, Mention  # noqa: E402
from service.linker import build_linker  # noqa: E402

P, O, L = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE
# The sample's actors and places by hand, for machines without the spaCy model.
HAND_LISTED = [
    (O, "Islamic State"), (L, "Surt"), (L, "Libya"), (L, "Europe"), (O, "Pentagon"),
    (O, "Africa Command"), (P, "Nicholas J. Rasmussen"), (L, "North Africa"), (L, "Syria"),
    (L, "Iraq"), (O, "ISIL"), (O, "National Counter-terrorism Center"), (P, "Jonathan Winer"),
    (P, "Obama"), (O, "Congress"), (O, "Government of National Accord"),
    (O, "American Enterprise Institute"), (L, "Washington"), (O, "Al Qaeda in the Islamic Maghreb"),
    (O, "Al Qaeda"), (L, "Stuttgart"), (L, "Germany"), (L, "Tunisia"), (L, "Morocco"), (L, "Sudan"),
    (L, "Benghazi"), (L, "Tripoli"), (O, "Ansar al-Shariah"), (P, "Frederic Wehrey"),
    (O, "Carnegie Endowment for International Peace"), (L, "Corinthia Hotel"), (O, "United Nations"),
    (L, "Sabratha"), (L, "Misurata"), (L, "United States"), (P, "Faysal Gouia"), (P, "Eric Schmitt"),
    (P, "Declan Walsh"), (L, "Cairo"), (O, "The New York Times"),
]


def hand_listed(text: str) -> Article:
    ents = []
    for kind, name in HAND_LISTED:
        mentions = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text))
        key = f"{kind.value.lower()}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"
        ents.append(Entity(key=key, kind=kind, name=name, mentions=mentions))
    return Article(id="sample", text=text, entities=tuple(ents))


def sample_article() -> tuple[Article, str]:
    try:
        from service.nlp import analyse
        from service.reader import read_path

        return analyse(next(read_path(SAMPLE_ARTICLE))), "language pipeline"
    except Exception as e:  # no model, or the pipeline is not there yet
        print(f"(language pipeline unavailable: {e}; using the hand-listed entities)", file=sys.stderr)
        return hand_listed(SAMPLE_ARTICLE.read_text(encoding="utf-8")), "hand-listed IR"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="warm runs to average")
    args = parser.parse_args()
    article, source = sample_article()
    named = sum(e.named for e in article.entities)
    rows = []
    with FakeWikidata() as fake, tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(environ={}, wikidata_api=fake.url, data_dir=tmp)
        for label, runs in (("cold cache", 1), ("warm cache", args.runs)):
            calls, seconds, linked = 0, 0.0, 0
            for _ in range(runs):
                before = fake.calls()
                linker = build_linker(settings)  # a new run each time: only the cache carries over
                t0 = time.perf_counter()
                out = linker.link(article)
                seconds += time.perf_counter() - t0
                calls += fake.calls() - before
                linked = sum(1 for e in out.entities if e.link and e.link.qid)
                linker.close()
            rows.append((label, calls / runs, seconds / runs, linked))
        searches = fake.calls("wbsearchentities")
        gets = fake.calls("wbgetentities")
    print(f"Linking the sample article ({source}: {len(article.entities)} entities, {named} named) "
          f"against the fake Wikidata API\n")
    print("| cache | HTTP calls per article | seconds per article | entities linked |")
    print("| --- | ---: | ---: | ---: |")
    for label, calls, seconds, linked in rows:
        print(f"| {label} | {calls:g} | {seconds:.3f} | {linked} |")
    print(f"\nCold run: {searches} wbsearchentities + {gets} wbgetentities calls.")


if __name__ == "__main__":
    main()
