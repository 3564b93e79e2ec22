"""Extraction quality: the sample article against its gold file, GUM's attribution relations and
PolNeAR's dev split.

    python benchmarks/quality.py            # all three, as markdown tables (needs ../shared)

The sample goes through `newskg extract` and `../shared/eval/score.py` exactly as the README
says. For GUM (24 Wikinews articles, 247 attribution relations), an attribution counts as found
when one of our claims covers at least half of the content words of its reported head clause,
and as found *with its speaker* when, in addition, one of the claim's speakers shares a word with
the annotated source (pronoun sources count when we resolved them to any person). Precision is
the share of our claims that cover some annotated content. GUM's "attribution" is wider than
quotation (it includes perception and belief verbs), so its recall is a lower bound.

The facts around claims are scored on our own hand annotation of 15 GUM articles
(`benchmarks/gum-facts/`, roles, amounts and claim dates) with `score.py` itself, and entity
boundaries and types on GUM's linked entity mentions (see :func:`gum_entities`).
PolNeAR dev (84 articles from 7 US outlets, 2,192 attributions) is scored by the shared scorer
`../shared/eval/polnear.py` (its README defines every figure); the articles are extracted in one
process by `benchmarks/polnear_extract.py`. Skipped when ../shared has no PolNeAR.
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


def _score_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("newskg_score", SHARED / "eval/score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gum_facts() -> dict:
    """Roles, quantities and claim dates on ``benchmarks/gum-facts`` (score.py's own matching),
    summed over the 15 articles; ``misses`` lists what was not found, per article."""
    from rdflib import Graph

    from service.mapping import article_dataset
    from service.nlp import analyse
    from service.reader.text import read_text

    score = _score_module()
    totals = {"roles": [0, 0], "quantities": [0, 0], "claim_dates": [0, 0]}
    misses: dict[str, list] = {}
    for path in sorted((ROOT / "benchmarks/gum-facts").glob("GUM_news_*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        raw = read_text((ROOT / gold["article_file"]).read_text(encoding="utf-8"))
        # The article's graph and the graphs of the nodes it names (their names live there).
        graph = Graph()
        for triples in article_dataset(analyse(raw), base="http://127.0.0.1:5000/").values():
            for t in triples:
                graph.add(t)
        res = score.score(gold, graph)
        for key in totals:
            ok, n = res[key].split("/")
            totals[key][0] += int(ok)
            totals[key][1] += int(n)
        wrong = [m for k in ("roles_missed", "quantities_missed") for m in res["misses"].get(k, [])]
        if wrong:
            misses[path.stem] = wrong
    return {"totals": totals, "misses": misses}


KINDS = {"person": "Person", "organization": "Organization", "place": "Place"}


def _gum_mentions(doc: str, text: str) -> tuple[list, list]:
    """GUM's entity mentions of ``doc`` as character spans of ``text``: every annotated mention
    (for precision: a name of ours that overlaps none of them is spurious) and the linked
    person/organisation/place mentions headed by a proper noun (recall: the gold names), each
    with the start of its head token."""
    # Align sentence by sentence: the reader takes the title and date lines out of the body.
    tokens, at, sent_at, sent_first = [], 0, -1, 0
    for line in (SHARED / f"corpora/gum-news/conllu/{doc}.conllu").read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            sent_at = text.find(line[9:], at)
            at = sent_at if sent_at >= 0 else at
            sent_first = len(tokens)
            continue
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue
        head = sent_first + int(cols[6]) - 1 if cols[6] != "0" else -1
        start = text.find(cols[1], at) if sent_at >= 0 else -1
        if start < 0:
            tokens.append((-1, -1, cols[4], cols[9], head))
            continue
        at = start + len(cols[1])
        tokens.append((start, at, cols[4], cols[9], head))
    spans, stack = [], {}
    for i, (_s, _e, _tag, misc, _h) in enumerate(tokens):
        ent = next((f[7:] for f in misc.split("|") if f.startswith("Entity=")), "")
        for m in re.finditer(r"\((\d+)-([a-z]+)([^()]*?)(\)?)(?=\(|\d+\)|$)", ent):
            if m[4]:
                spans.append((i, i, m[2]))
            else:
                stack.setdefault(m[1], []).append((i, m[2]))
        for m in re.finditer(r"(?:^|(?<=\)))(\d+)\)", ent):
            if stack.get(m[1]):
                first, kind = stack[m[1]].pop()
                spans.append((first, i, kind))
    spans = [(a, b, k) for a, b, k in spans if tokens[a][0] >= 0 and tokens[b][0] >= 0]
    every = [(tokens[a][0], tokens[b][1]) for a, b, _k in spans]
    linked = {(r["token_start"] - 1, r["token_end"] - 1) for r in _linked(doc)}
    named = []
    for a, b, kind in spans:
        if (a, b) not in linked or kind not in KINDS:
            continue
        heads = [j for j in range(a, b + 1) if not a <= tokens[j][4] <= b]
        if len(heads) == 1 and tokens[heads[0]][2] in ("NNP", "NNPS"):
            named.append((tokens[a][0], tokens[b][1], KINDS[kind], tokens[heads[0]][0]))
    return every, named


_LINKED: dict[str, list] = {}


def _linked(doc: str) -> list:
    if not _LINKED:
        for ln in (SHARED / "corpora/gum-news/linked_entities.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(ln)
            _LINKED.setdefault(row["doc"], []).append(row)
    return _LINKED.get(doc, [])


def gum_entities() -> dict:
    """Entity mentions against GUM's 1,576 linked mentions (those of people, organisations and
    places headed by a proper noun are the gold names). A mention of ours is right when it lies
    inside a gold name's mention, contains its head word and has its type; ``boundary`` ignores the type. Precision counts the mentions of ours that overlap a
    gold name (right or wrong) or no GUM mention at all (spurious); one that overlaps only a
    mention GUM left unlinked cannot be judged and is not counted."""
    from service.nlp import analyse
    from service.reader.text import read_text

    tp = tp_boundary = n_ours = 0
    n_gold = 0
    found_gold: set = set()
    wrong: list = []
    for path in sorted((SHARED / "corpora/gum-news/text").glob("GUM_news_*.txt")):
        article = analyse(read_text(path.read_text(encoding="utf-8")))
        every, named = _gum_mentions(path.stem, article.text)
        n_gold += len(named)
        for e in article.entities:
            for m in e.mentions:
                hits = [g for g in named if g[0] <= m.start and m.end <= g[1] and m.start <= g[3] < m.end]
                if hits:
                    typed = [g for g in hits if g[2] == e.kind.value]
                    found_gold.update((path.stem, g[0]) for g in typed)
                    tp, tp_boundary = tp + bool(typed), tp_boundary + 1
                    why = None if typed else "type"
                elif any(g[0] < m.end and m.start < g[1] for g in named):
                    why = "boundary"
                elif not any(s < m.end and m.start < e_ for s, e_ in every):
                    why = "no GUM mention"
                else:
                    continue  # inside a mention GUM did not link: no gold name to judge it by
                n_ours += 1
                if why:
                    wrong.append((path.stem, m.text, e.kind.value, why))
    p, pb = tp / n_ours, tp_boundary / n_ours
    r = len(found_gold) / n_gold
    return {"gold": n_gold, "ours": n_ours, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "boundary_precision": pb, "wrong": wrong}


def polnear_dev() -> dict | None:
    """The shared scorer's figures (its --json line) for PolNeAR dev, or None without the data."""
    scorer = SHARED / "eval/polnear.py"
    if not scorer.exists() or not (SHARED / "corpora/polnear").exists():
        return None
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from polnear_extract import extract_dir

    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "in", Path(tmp) / "out"
        subprocess.run([sys.executable, str(scorer), "--write-inputs", str(inputs), "--split", "dev"],
                       check=True, capture_output=True)
        extract_dir(inputs, out)
        res = subprocess.run([sys.executable, str(scorer), "--trig-dir", str(out), "--split", "dev", "--json"],
                             check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


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
    f = gum_facts()["totals"]
    print("\n| GUM facts (15 articles, our annotation) | found |\n| --- | --- |")
    for key, label in (("roles", "roles"), ("quantities", "amounts"), ("claim_dates", "claim dates")):
        ok, n = f[key]
        print(f"| {label} | {ok}/{n} ({ok / n:.2f}) |")
    e = gum_entities()
    print("\n| GUM entity mentions (linked gold names) | value |\n| --- | --- |")
    print(f"| gold names / our mentions | {e['gold']} / {e['ours']} |")
    print(f"| precision / recall / F1 | {e['precision']:.3f} / {e['recall']:.3f} / {e['f1']:.3f} |")
    print(f"| precision, boundaries only | {e['boundary_precision']:.3f} |")
    p = polnear_dev()
    if p is None:
        print("\nPolNeAR is absent from ../shared: its table is skipped")
        return
    cols = ("content_p", "content_r", "content_f1", "speech_recall", "speaker_acc", "cs_f1")
    print("\n| PolNeAR dev | content P | content R | content F1 | speech R | speaker acc | content+speaker F1 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, row in [("**all (micro)**", p["micro"])] + sorted(p["per_publisher"].items()):
        print(f"| {name} | " + " | ".join(f"{row[c]:.3f}" for c in cols) + " |")


if __name__ == "__main__":
    main()
