"""Merging across articles: how often two articles' actors are one node, and whether they should be.

    python benchmarks/merging.py             # GUM and the corpora, as markdown tables (needs ../shared)
    python benchmarks/merging.py --list      # also the merged nodes of the corpora, to judge by reading

Two policies are compared on the same extraction (linking off: no Wikidata here):

* *by name* (newskg before): every named actor or place is a node of its kind and name;
* *on evidence* (``mapping.iris.entity_iri``): the same Wikidata item, or the same distinctive name
  and kind; bare given names, surnames and generic names stay in their article.

**GUM** (24 Wikinews articles, every mention of an entity that has a Wikipedia page marked with
it): each of our mentions takes the title of the gold mention it matches best (overlap over union
at least one half), each entity the title most of its mentions take; over all
pairs of aligned entities from *different* articles, a pair is a true merge when both have the same
title. Precision = true merges / merges made, recall = true merges / pairs with the same title.

**The corpora** have no identity annotation. The BBC set holds 133 verbatim copies of other
records under other ids: the entities of two copies are the same actors by construction, which
measures recall (pairs of copies' entities merged / pairs). Beyond that, the nodes several articles
share are counted by kind of name, and ``--list`` prints them with the articles' sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GUM = SHARED / "corpora" / "gum-news"
BASE = "http://newskg.test/"
sys.path.insert(0, str(ROOT))


def by_name(article, entity) -> str:
    """The node newskg gave an entity before: its kind and key for any named entity."""
    from service.mapping.iris import article_iri

    kind = entity.kind.value.lower()
    slug = entity.key.split("-", 1)[1] if entity.key.startswith(kind + "-") else entity.key
    if entity.named:
        return f"{BASE}entity/{kind}/{slug}"
    return f"{article_iri(BASE, article.id)}/actor/{entity.key}"


def on_evidence(article, entity) -> str:
    from service.mapping.iris import entity_iri

    return str(entity_iri(BASE, article.id, entity))


POLICIES = {"by name": by_name, "on evidence": on_evidence}


# ---------------------------------------------------------------- GUM


def _token_spans(doc: str, text: str) -> dict[int, tuple[int, int]]:
    """1-based document token number → character span in the text file."""
    spans, n, cursor = {}, 0, 0
    for line in (GUM / "conllu" / f"{doc}.conllu").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not cols[0].isdigit():  # multi-word token ranges and empty nodes
            continue
        n += 1
        at = text.find(cols[1], cursor)
        if at >= 0 and at - cursor < 200:
            spans[n] = (at, at + len(cols[1]))
            cursor = at + len(cols[1])
    return spans


def _best_mark(m, marks) -> str | None:
    """The title of the gold mention that best matches our mention (GUM nests mentions: "U.S." inside
    "U.S. President Donald Trump"), by overlap over union; None below one half."""
    best, score = None, 0.5
    for s, e, title in marks:
        inter = min(e, m.end) - max(s, m.start)
        if inter > 0 and inter / (max(e, m.end) - min(s, m.start)) >= score:
            best, score = title, inter / (max(e, m.end) - min(s, m.start))
    return best


def gum(articles_out: list | None = None) -> dict:
    from service.ir import RawArticle
    from service.nlp import analyse_many

    gold: dict[str, list] = defaultdict(list)
    for line in (GUM / "linked_entities.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        gold[g["doc"]].append(g)
    docs = sorted(gold)
    texts = {d: (GUM / "text" / f"{d}.txt").read_text(encoding="utf-8") for d in docs}
    articles = list(analyse_many([RawArticle(text=texts[d], id=d) for d in docs]))
    if articles_out is not None:
        articles_out.extend(articles)
    items = []  # (doc, title, article, entity)
    for doc, article in zip(docs, articles):
        spans = _token_spans(doc, texts[doc])
        marks = [(spans[g["token_start"]][0], spans[g["token_end"]][1], g["wikipedia_title"])
                 for g in gold[doc] if g["token_start"] in spans and g["token_end"] in spans]
        for e in article.entities:
            votes = Counter(t for m in e.mentions if (t := _best_mark(m, marks)))
            if votes:
                items.append((doc, votes.most_common(1)[0][0], article, e))
    out = {"docs": len(docs), "entities": len(items)}
    for name, node in POLICIES.items():
        tp = made = want = 0
        for (d1, t1, a1, e1), (d2, t2, a2, e2) in combinations(items, 2):
            if d1 == d2:
                continue
            same, merged = t1 == t2, node(a1, e1) == node(a2, e2)
            want += same
            made += merged
            tp += same and merged
        out[name] = {"pairs": want, "merges": made, "true": tp,
                     "precision": tp / made if made else 1.0, "recall": tp / want if want else 1.0}
    return out


# ---------------------------------------------------------------- the corpora


def _kind_of_name(entity) -> str:
    from service.nlp.identity import distinctive

    if entity.link is not None and entity.link.qid:
        return "Wikidata item"
    if entity.kind.value == "Person":
        return "full personal name" if distinctive(entity.name, "Person") else "bare given name or surname"
    return f"{entity.kind.value.lower()} name" if distinctive(entity.name, entity.kind.value) else "generic name"


def corpus(articles) -> dict:
    """Shared nodes by kind of name, and recall over verbatim copies, for each policy."""
    copies: dict[str, list] = defaultdict(list)
    for a in articles:
        copies[a.text].append(a)
    out = {"articles": len(articles), "copy pairs": sum(len(v) * (len(v) - 1) // 2 for v in copies.values())}
    for name, node in POLICIES.items():
        where: dict[str, set] = defaultdict(set)
        kinds: dict[str, Counter] = defaultdict(Counter)
        for a in articles:
            for e in a.entities:
                n = node(a, e)
                where[n].add(a.id)
                kinds[n][_kind_of_name(e) if e.named else "described actor"] += 1
        shared = {n: arts for n, arts in where.items() if len(arts) > 1}
        by_kind = Counter(kinds[n].most_common(1)[0][0] for n in shared)
        pairs = merged = 0
        for group in copies.values():
            for a, b in combinations(group, 2):
                for ea, eb in zip(a.entities, b.entities):  # the same text: the same entities, in order
                    if ea.named:
                        pairs += 1
                        merged += node(a, ea) == node(b, eb)
        out[name] = {"shared nodes": len(shared), "by kind": dict(by_kind),
                     "copies recall": merged / pairs if pairs else 1.0, "copy entity pairs": pairs,
                     "nodes": {n: sorted(arts) for n, arts in shared.items()}}
    return out


def _sentence(article, entity) -> str:
    m = entity.mentions[0] if entity.mentions else None
    if m is None:
        return "(metadata)"
    start = max(article.text.rfind(".", 0, m.start) + 1, m.start - 120)
    end = article.text.find(".", m.end)
    return " ".join(article.text[start:end + 1 if end > 0 else m.end + 80].split())


def list_nodes(articles, result: dict, policy: str) -> None:
    by_id = {a.id: a for a in articles}
    node = POLICIES[policy]
    for n, ids in sorted(result[policy]["nodes"].items(), key=lambda kv: -len(kv[1])):
        print(f"\n{n}  ({len(ids)} articles)")
        for aid in ids[:6]:
            a = by_id[aid]
            for e in a.entities:
                if node(a, e) == n:
                    print(f"   {aid}: {e.name!r}: {_sentence(a, e)[:160]}")
                    break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bbc", type=int, default=200, help="BBC articles (first N)")
    parser.add_argument("--list", action="store_true", help="print the nodes several articles share")
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit("../shared is absent: nothing to measure")
    from service.nlp import analyse_many
    from service.reader import read_path

    g = gum()
    print(f"GUM: {g['docs']} articles, {g['entities']} of our entities aligned to a Wikipedia title\n")
    print("| GUM, pairs of entities from different articles | by name (before) | on evidence (now) |")
    print("| --- | ---: | ---: |")
    print(f"| pairs with the same Wikipedia title | {g['by name']['pairs']} | {g['on evidence']['pairs']} |")
    for k in ("merges", "true", "precision", "recall"):
        fmt = (lambda v: f"{v:.3f}") if k in ("precision", "recall") else str
        label = {"merges": "merged (one node)", "true": "merged and the same title"}.get(k, k)
        print(f"| {label} | {fmt(g['by name'][k])} | {fmt(g['on evidence'][k])} |")

    bbc = list(read_path(SHARED / "corpora/bbc-news/bbc-news.jsonl"))
    texts = Counter(r.text for r in bbc)
    corpora = {
        "news-articles": list(read_path_all(SHARED / "corpora" / "news-articles")),
        f"BBC (first {args.bbc})": bbc[:args.bbc],
        "BBC verbatim copies": [r for r in bbc if texts[r.text] > 1],
    }
    for name, raws in corpora.items():
        articles = list(analyse_many(raws))
        c = corpus(articles)
        print(f"\n{name}: {c['articles']} articles, {c['copy pairs']} pairs of verbatim copies\n")
        print("| nodes named by several articles | by name (before) | on evidence (now) |\n| --- | ---: | ---: |")
        kinds = sorted(set(c["by name"]["by kind"]) | set(c["on evidence"]["by kind"]))
        print(f"| all | {c['by name']['shared nodes']} | {c['on evidence']['shared nodes']} |")
        for k in kinds:
            print(f"| {k} | {c['by name']['by kind'].get(k, 0)} | {c['on evidence']['by kind'].get(k, 0)} |")
        if c["copy pairs"]:
            print(f"| recall over the copies' {c['by name']['copy entity pairs']} entity pairs | "
                  f"{c['by name']['copies recall']:.3f} | {c['on evidence']['copies recall']:.3f} |")
        if args.list:
            for policy in POLICIES:
                print(f"\n--- {name}, {policy}")
                list_nodes(articles, c, policy)


def read_path_all(directory: Path):
    from service.reader import iter_paths, read_path

    for p in iter_paths([str(directory)]):
        yield from read_path(p)


if __name__ == "__main__":
    main()
