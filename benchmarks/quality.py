"""Extraction quality: the sample article against its gold file, and GUM's attribution relations.

    python benchmarks/quality.py            # both, as markdown tables (needs ../shared)

The sample goes through `newskg extract` and `../shared/eval/score.py` exactly as the README
says. For GUM (24 Wikinews articles, 247 attribution relations), an attribution counts as found
when one of our claims covers at least half of the content words of its reported head clause,
and as found *with its speaker* when, in addition, one of the claim's speakers shares a word with
the annotated source (pronoun sources count when we resolved them to any person). Precision is
the share of our claims that cover some annotated content. GUM's "attribution" is wider than
quotation (it includes perception and belief verbs), so its recall is a lower bound.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

STOP = set("a an the of to in on and or that this is are was were be been it its by for with as at from".split())
PRONOUNS = {"he", "she", "they", "we", "i", "it", "his", "her", "their"}


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[0-9a-z]+", text.lower().replace("’", "'")) if w not in STOP]


def sample() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "seed.trig"
        env = {"NEWSKG_LINK": "0", "PATH": str(ROOT / ".venv/bin") + ":/usr/bin:/bin"}
        with open(out, "wb") as f:
            subprocess.run([sys.executable, "-m", "service", "extract", str(SHARED / "eval/articles/libya-isis-2016-12-09.txt"),
                            "-f", "trig"], stdout=f, check=True, cwd=ROOT, env=env)
        res = subprocess.run([sys.executable, str(SHARED / "eval/score.py"), str(SHARED / "eval/gold/seed-libya-2016.json"),
                              str(out), "--json"], capture_output=True, check=True, text=True)
    return json.loads(res.stdout)


def gum() -> dict:
    from service.nlp import analyse
    from service.reader.text import read_text

    gold = [json.loads(ln) for ln in (SHARED / "corpora/gum-news/attributions.jsonl").read_text().splitlines()]
    by_doc: dict[str, list] = {}
    for g in gold:
        by_doc.setdefault(g["doc"], []).append(g)
    found = found_speaker = n_claims = good_claims = 0
    for doc, rels in sorted(by_doc.items()):
        raw = read_text((SHARED / f"corpora/gum-news/text/{doc}.txt").read_text(encoding="utf-8"))
        article = analyse(raw)
        claims = [(set(words(c.text)), {w for k in c.speakers for w in words(article.entity(k).name)},
                   any(article.entity(k).kind.value == "Person" for k in c.speakers)) for c in article.claims]
        n_claims += len(claims)
        matched_claims = set()
        for rel in rels:
            content = words(rel["content_head_text"])
            if not content:
                continue
            source = set(words(" ".join(s["text"] for s in rel["sources"])))
            hits = [i for i, (cw, _, _) in enumerate(claims) if sum(w in cw for w in content) >= 0.5 * len(content)]
            matched_claims.update(hits)
            if hits:
                found += 1
                pron = bool(source & PRONOUNS) or not (source - PRONOUNS)
                if any(claims[i][1] & source or (pron and claims[i][2]) for i in hits):
                    found_speaker += 1
        good_claims += len(matched_claims)
    n = len(gold)
    p = good_claims / n_claims if n_claims else 0.0
    return {"relations": n, "claims": n_claims, "precision": p, "recall_content": found / n,
            "recall_with_speaker": found_speaker / n,
            "f1_with_speaker": 2 * p * (found_speaker / n) / (p + found_speaker / n) if p else 0.0}


def main() -> None:
    if not SHARED.exists():
        sys.exit("../shared is absent: nothing to score")
    s = sample()
    print("| sample article (score.py) | P | R | F1 |\n| --- | --- | --- | --- |")
    for k in ("entities", "claims", "links"):
        print(f"| {k} | {s[k][0]:.3f} | {s[k][1]:.3f} | {s[k][2]:.3f} |")
    print(f"\nentity duplicates {s['entity_duplicates']}, claim dates {s['claim_dates']}, article metadata "
          f"{s['article_metadata']}, quantities {s['quantities']}, roles {s['roles']}\n")
    g = gum()
    print("| GUM news attributions | value |\n| --- | --- |")
    print(f"| gold relations / our claims | {g['relations']} / {g['claims']} |")
    print(f"| claim precision (covers annotated content) | {g['precision']:.3f} |")
    print(f"| recall, content found | {g['recall_content']:.3f} |")
    print(f"| recall, content and speaker | {g['recall_with_speaker']:.3f} |")
    print(f"| F1, content and speaker | {g['f1_with_speaker']:.3f} |")


if __name__ == "__main__":
    main()
