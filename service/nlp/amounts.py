"""Amounts: a number with its unit and what it counts ("495 airstrikes", "more than 1,000
militants", "a 125-mile wall", "$20,000")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from service.nlp.lexicon import CURRENCIES, MULTIPLIERS, NUMBER_WORDS, QUALIFIERS


@dataclass
class AmountDraft:
    value: float
    unit: str
    qualifier: str | None
    start: int
    end: int


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


