"""Roles from appositions ("X, the director of Y"), amounts with their units, and date mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from service.nlp.entities import Cluster
from service.nlp.lexicon import CURRENCIES, MULTIPLIERS, NUMBER_WORDS, QUALIFIERS


@dataclass
class RoleDraft:
    person: Cluster
    title: str
    organization: Cluster | None
    start: int
    end: int


@dataclass
class AmountDraft:
    value: float
    unit: str
    qualifier: str | None
    start: int
    end: int


def _title_of(noun: Token) -> str:
    mods = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i
            and not c.ent_type_ and c.pos_ != "PROPN"]
    start = min([noun.i] + [m.left_edge.i for m in mods])
    words = [t for t in noun.doc[start:noun.i + 1] if not t.is_punct and t.dep_ != "det"]
    return " ".join(t.text for t in words).strip()


def _org_of(noun: Token, index: dict[int, Cluster], clusters: list[Cluster]) -> Cluster | None:
    """The organisation or place of a role noun: "of/at/for/with Y", or a possessor "Y's"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "at", "for", "with", "to", "in"):
            for t in child.subtree:
                c = index.get(t.i)
                if c is not None and c.kind in ("Organization", "Place"):
                    return c
        if child.dep_ == "poss":
            c = index.get(child.i)
            if c is not None and c.kind in ("Organization", "Place"):
                return c
            # "the X administration's envoy": a named body that is not a model entity.
            names = [g for g in child.children if g.dep_ == "compound" and g.i in index]
            if names and child.pos_ == "NOUN":
                name = f"{index[names[0].i].name} {child.text}"
                for cl in clusters:
                    if cl.name == name:
                        return cl
                cl = Cluster(kind="Organization", name=name, spans=[(names[0].i, child.i + 1)])
                clusters.append(cl)
                return cl
    return None


def find_roles(doc: Doc) -> list[RoleDraft]:
    index: dict[int, Cluster] = doc._.nkg_token_cluster
    clusters: list[Cluster] = doc._.nkg_clusters
    roles: list[RoleDraft] = []
    for c in list(clusters):
        if c.kind != "Person" or not c.named:
            continue
        for s, e in c.spans:
            head = doc[s:e].root
            for child in head.children:
                if child.dep_ != "appos" or child.pos_ not in ("NOUN", "PROPN") or child.i in index:
                    continue
                title = _title_of(child)
                if not title or title[0].isupper() and not title.split()[0].lower() in ("senior", "chief"):
                    continue
                org = _org_of(child, index, clusters)
                roles.append(RoleDraft(c, title, org, doc[s].idx, child.right_edge.idx + len(child.right_edge.text)))
    return roles


_NUM = re.compile(r"^[\d,.]+$")


def parse_number(words: list[str]) -> float | None:
    """"1,000" → 1000; "1.13bn" → 1.13e9; "two million" → 2e6; None when it is no number."""
    value: float | None = None
    for w in words:
        w = w.lower().replace(",", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(bn|m|k|mn|tn)?", w)
        if m:
            value = float(m[1]) * (MULTIPLIERS[m[2]] if m[2] else 1)
        elif w in NUMBER_WORDS:
            value = (value or 0) + NUMBER_WORDS[w]
        elif w in MULTIPLIERS and value is not None:
            value *= MULTIPLIERS[w]
        elif w in ("a", "an") and value is None:
            value = 1
    return value


def _unit_from_context(tok: Token) -> str | None:
    """A count with no noun of its own ("to more than 1,000"): the nearest plural noun before it."""
    for t in reversed(list(tok.doc[tok.sent.start:tok.i])):
        if t.pos_ == "NOUN" and t.tag_ == "NNS":
            poss = next((c for c in t.children if c.dep_ == "poss" and c.tag_ == "NNS"), None)
            return (poss or t).lemma_.lower()
    return None


def find_amounts(doc: Doc) -> list[AmountDraft]:
    out: list[AmountDraft] = []
    for ent in doc.ents:
        if ent.label_ not in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
            continue
        words = [t.text for t in ent]
        qualifier = None
        low = ent.text.lower()
        for q in QUALIFIERS:
            if low.startswith(q + " "):
                qualifier, words = q, ent.text[len(q) + 1:].split()
                break
        unit = None
        if ent.label_ == "QUANTITY":
            m = re.match(r"^([\d,.]+)[\s-]+([a-z]+)", " ".join(words), re.I)
            if m:
                words, unit = [m[1]], m[2].lower().rstrip("s")
        elif ent.label_ == "MONEY":
            sym = next((CURRENCIES[t.text.lower()] for t in ent if t.text.lower() in CURRENCIES), None)
            unit = sym or next((t.lemma_.lower() for t in ent if t.pos_ == "NOUN"), None)
            words = [w for w in words if w.lower() not in CURRENCIES]
        elif ent.label_ == "PERCENT":
            unit, words = "percent", [w.rstrip("%") for w in words if w not in ("%", "percent", "per", "cent")]
        value = parse_number(words)
        if value is None:
            continue
        if unit is None:
            root = ent.root
            if root.dep_ == "nummod" and root.head.pos_ == "NOUN":
                unit = root.head.lemma_.lower()
            elif root.dep_ in ("pobj", "dobj", "attr"):
                unit = _unit_from_context(root)
        if not unit:
            continue
        out.append(AmountDraft(value, unit, qualifier, ent.start_char, ent.end_char))
    return out


def find_dates(doc: Doc) -> list[Span]:
    return [ent for ent in doc.ents if ent.label_ == "DATE"]


def roles_component(doc: Doc) -> Doc:
    doc._.nkg_roles = find_roles(doc)
    doc._.nkg_amounts = find_amounts(doc)
    doc._.nkg_dates = find_dates(doc)
    return doc
