"""GUM's news documents as a linking development set: gold entities with their mentions in the text.

GUM (../shared/corpora/gum-news, CC BY: Wikinews texts, GUM annotators) marks every mention of
an entity, with a Wikipedia identity where one exists. ``tests/data/gum_linking_cases.json``
lists the entity cases the development fixture covers (``tests/data/fake_wikidata_gum.json``
holds their items and same-name distractors): a GUM identity (a Wikipedia title) with the QID
the fixture gives it, or a GUM entity group without identity (a private person, a local office)
with ``qid: null``, an entity that must stay unlinked.

This module reads the CoNLL-U files, places every mention in the document's text file (character
offsets), and scores links against the cases. It needs no spaCy: ``gold_article`` builds the IR
from the annotation itself, so the linker can be measured alone; ``score`` also accepts articles
from the language pipeline, whose entities are matched to gold groups by their mentions.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote
from dataclasses import dataclass, field
from pathlib import Path

from service.ir import Article, Entity, EntityKind

ROOT = Path(__file__).resolve().parents[1]
GUM = ROOT.parent / "shared" / "corpora" / "gum-news"
CASES = Path(__file__).resolve().parent / "data" / "gum_linking_cases.json"
KINDS = {"person": EntityKind.PERSON, "organization": EntityKind.ORGANIZATION, "place": EntityKind.PLACE}
_ENTITY = re.compile(r"Entity=([^|]*)")
_OPEN = re.compile(r"\(([^()]+?)(?=\(|\)|$)")
_CLOSE = re.compile(r"(?<![(\w-])(\d+)\)")


@dataclass
class Group:
    """One GUM entity (a coreference group): its type, Wikipedia identity and mentions."""

    id: str
    etype: str
    identity: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)      # character offsets


@dataclass
class Document:
    name: str          # "clock" for GUM_news_clock
    title: str
    date: str
    text: str
    groups: dict[str, Group]

    def group(self, ref: str) -> Group | None:
        """A group by ``#id`` or by Wikipedia identity."""
        if ref.startswith("#"):
            return self.groups.get(ref[1:])
        return next((g for g in self.groups.values() if g.identity == ref), None)


def available() -> bool:
    return (GUM / "conllu").is_dir() and CASES.exists()


def documents() -> list[str]:
    return sorted(p.stem.removeprefix("GUM_news_") for p in (GUM / "conllu").glob("GUM_news_*.conllu"))


def load(name: str) -> Document:
    """A GUM news document with its entity groups placed in ``text/GUM_news_<name>.txt``."""
    text = (GUM / "text" / f"GUM_news_{name}.txt").read_text(encoding="utf-8")
    meta, tokens = {}, []
    for line in (GUM / "conllu" / f"GUM_news_{name}.conllu").read_text(encoding="utf-8").splitlines():
        if line.startswith("# meta::"):
            key, _, value = line[8:].partition(" = ")
            meta[key] = value
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        tokens.append(cols)
    # Place each token in the text, in order.
    offsets, pos = [], 0
    for cols in tokens:
        start = text.find(cols[1], pos)
        if start < 0 or text[pos:start].strip():
            raise ValueError(f"GUM_news_{name}: token {cols[1]!r} not found after offset {pos}")
        offsets.append((start, start + len(cols[1])))
        pos = start + len(cols[1])
    groups: dict[str, Group] = {}
    open_: dict[str, list[tuple[str, str, int]]] = {}
    for i, cols in enumerate(tokens):
        m = _ENTITY.search(cols[9])
        if not m:
            continue
        spec_text = m.group(1)
        for opener in _OPEN.finditer(spec_text):
            parts = opener.group(1).split("-")
            gid, etype, identity = parts[0], parts[1], unquote("-".join(parts[7:]))
            if spec_text[opener.end():opener.end() + 1] == ")":
                _add(groups, gid, etype, identity, offsets[i][0], offsets[i][1])
            else:
                open_.setdefault(gid, []).append((etype, identity, i))
        for closer in _CLOSE.finditer(spec_text):
            gid = closer.group(1)
            if open_.get(gid):
                etype, identity, start = open_[gid].pop()
                _add(groups, gid, etype, identity, offsets[start][0], offsets[i][1])
    # GUM sometimes splits one entity into several coreference groups: one group per identity.
    merged: dict[str, Group] = {}
    for gid, g in list(groups.items()):
        first = merged.setdefault(g.identity, g) if g.identity else g
        if first is not g:
            first.spans += g.spans
            del groups[gid]
    return Document(name, meta.get("title", ""), meta.get("dateCreated", ""), text, groups)


def _add(groups: dict[str, Group], gid: str, etype: str, identity: str, start: int, end: int) -> None:
    g = groups.setdefault(gid, Group(gid, etype))
    g.identity = g.identity or identity
    g.spans.append((start, end))


# ---------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    doc: str
    ref: str             # a Wikipedia identity, or "#<group id>" for an entity without one
    kind: EntityKind
    qid: str | None      # None: no item; the entity must stay unlinked
    split: str           # "dev" (calibration) or "held-out"


def cases() -> list[Case]:
    raw = json.loads(CASES.read_text(encoding="utf-8"))
    return [Case(c["doc"], c["ref"], EntityKind(c["kind"]), c["qid"], c["split"]) for c in raw["cases"]]


@dataclass
class Tally:
    """Counts for P/R over entities with an item and for entities without one."""

    right: int = 0
    wrong: int = 0
    with_item: int = 0
    no_item: int = 0
    no_item_unlinked: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for f in ("right", "wrong", "with_item", "no_item", "no_item_unlinked"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.misses += other.misses

    @property
    def precision(self) -> float:
        linked = self.right + self.wrong
        return self.right / linked if linked else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.with_item if self.with_item else 0.0


def matched_entities(doc: Document, article: Article, group: Group) -> list[Entity]:
    """The article's entities whose mentions fall best on this group's mentions."""
    return [e for e in article.entities if e.mentions and best_group(doc, e) is group]


def groups_of(doc: Document, article: Article) -> dict[str, list[Entity]]:
    """The article's entities by the group their mentions fall best on (``best_group``)."""
    out: dict[str, list[Entity]] = {}
    for e in article.entities:
        g = best_group(doc, e) if e.mentions else None
        if g is not None:
            out.setdefault(g.id, []).append(e)
    return out


def best_group(doc: Document, entity: Entity) -> Group | None:
    """The person, organisation or place group whose mentions cover the entity's mentions best:
    for each mention the share of it a group's mention covers, the tighter mention on a tie
    ("Mexico City" goes to the city's group, not to the "Mexico" inside it; "Washington" inside
    "Constitution Hall in Washington" to Washington's)."""
    def fit(g: Group) -> tuple[float, float]:
        cover = tight = 0.0
        for m in entity.mentions:
            best = max(((_cover((m.start, m.end), span), -(span[1] - span[0])) for span in g.spans),
                       default=(0.0, 0.0))
            cover += best[0]
            tight += best[1] if best[0] > 0 else 0.0
        return cover, tight
    scored = [(fit(g), g.id) for g in doc.groups.values() if g.etype in KINDS]
    best = max(scored, default=None)
    return doc.groups[best[1]] if best and best[0][0] >= 0.5 * len(entity.mentions) else None


def _cover(mention: tuple[int, int], span: tuple[int, int]) -> float:
    inter = min(mention[1], span[1]) - max(mention[0], span[0])
    return inter / (mention[1] - mention[0]) if inter > 0 else 0.0


def score(doc: Document, doc_cases: list[Case], article: Article) -> Tally:
    """Links of the article's entities against the cases of one document (as ``score.py`` does:
    a case with an item is right when one of its entities carries it, wrong when they carry only
    others; a case without an item counts as left unlinked when none of its entities is linked)."""
    t = Tally()
    by_group = groups_of(doc, article)
    for case in doc_cases:
        g = doc.group(case.ref)
        got = {e.link.qid for e in by_group.get(g.id, []) if e.link and e.link.qid} if g else set()
        if case.qid is None:
            t.no_item += 1
            if got:
                t.misses.append(f"{doc.name}: {case.ref} has no item, linked to {sorted(got)}")
            else:
                t.no_item_unlinked += 1
            continue
        t.with_item += 1
        if case.qid in got:
            t.right += 1
        elif got:
            t.wrong += 1
            t.misses.append(f"{doc.name}: {case.ref} linked to {sorted(got)}, gold {case.qid}")
        else:
            t.misses.append(f"{doc.name}: {case.ref} not linked (gold {case.qid})")
    return t
