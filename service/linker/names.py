"""Names: how an entity's surface forms compare with an item's label and aliases."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from service.ir import EntityKind

MIN_NAME = 0.5      # below this a candidate does not name the entity
EXACT_NAME = 0.85   # the label or an alias, give or take a middle initial

_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "president", "gen", "general", "sen", "senator",
               "rep", "gov", "governor", "prof", "professor", "sir", "lord", "lady", "col",
               "colonel", "lt", "capt", "captain", "adm", "admiral", "maj", "sgt", "rev",
               "sheikh", "prime", "minister", "king", "queen", "prince", "secretary"}


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, possessive 's dropped, spaces squeezed."""
    t = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"[^0-9a-z]+", " ", t)
    return " ".join(t.split())


def clean_name(name: str) -> str:
    """The name as searched: no leading article, honorific or possessive."""
    t = name.strip().replace("\u2019", "'")
    t = re.sub(r"'s$", "", t)
    words = t.split()
    while len(words) > 1 and (words[0].lower() in ("the", "a", "an")
                              or words[0].lower().rstrip(".") in _HONORIFICS):
        words = words[1:]
    return " ".join(words)


def tokens(text: str) -> list[str]:
    """The folded words of a name, after ``clean_name``."""
    return fold(clean_name(text)).split()


def _core(words: list[str]) -> list[str]:
    """Words without single letters (middle initials)."""
    return [t for t in words if len(t) > 1]


def name_score(forms: Iterable[str], label: str | None, aliases: Iterable[str], kind: EntityKind) -> float:
    """How well any surface form names the item (1 exact label ... 0 no real match).

    An exact label scores 1, an exact alias 0.9, a name that differs only by single letters
    (middle initials, "D.C.") 0.05 less; a multi-word name inside a longer label (or the other
    way round) scores by the share of words it covers, except for people, where a surname alone
    or one word of a longer name is only 0.2.
    """
    names = [(label, 1.0)] if label else []
    if label and "," in label:                      # "Paris, Texas": the name before the comma
        names.append((label.split(",")[0], 0.95))
    names += [(a, 0.9) for a in aliases if a]
    best = 0.0
    for form in forms:
        q = tokens(form)
        if not q:
            continue
        for name, exact in names:
            n = tokens(name)
            if not n:
                continue
            if q == n:
                best = max(best, exact)
            elif _core(q) == _core(n) and len(_core(q)) >= 2:
                best = max(best, exact - 0.05)          # "Jane Q. Public" ~ "Jane Public"
            elif "".join(q) == "".join(n) and len(q) + len(n) > 2:
                best = max(best, exact - 0.05)          # "Demosisto" ~ "Demosistō", "D.C." ~ "DC"
            elif _contained(q, n) and len(q) >= 2 and kind is not EntityKind.PERSON:
                best = max(best, exact * (0.6 + 0.3 * len(q) / len(n)))
            elif _contained(n, q) and len(n) >= 2 and kind is not EntityKind.PERSON:
                best = max(best, exact * (0.55 + 0.3 * len(n) / len(q)))
            elif _contained(q, n) or _contained(n, q):
                best = max(best, 0.2)                   # a surname alone, one word of a longer name
    return best


def _contained(small: list[str], big: list[str]) -> bool:
    if len(small) >= len(big):
        return False
    return any(big[i:i + len(small)] == small for i in range(len(big) - len(small) + 1))
