"""What a person does, as the article says it and as an item's description says it.

News text names people with their role ("Professor Burrows", "Kevin Allton, a curator at the
university"); an item's description names an occupation ("New Zealand rugby union player").
Both map onto a few broad families (politics, sport, law ...). When the article's words around
a person name a family and the item's description names only others, the item is most likely
a namesake; when they share one, that is a tie. The word lists are general occupations.
"""

from __future__ import annotations

import re
from typing import Iterable

from service.linker.names import fold

FAMILIES: dict[str, set[str]] = {
    "politics": set("politician president minister senator lawmaker legislator congressman "
                    "congresswoman representative governor mayor councillor councilor diplomat "
                    "ambassador chancellor premier statesman monarch king queen prince princess "
                    "parliamentarian mp party democrat republican".split()),
    "media": set("journalist reporter correspondent editor columnist publisher commentator "
                 "broadcaster presenter anchor blogger".split()),
    "sport": set("footballer player athlete referee goalkeeper striker defender "
                 "midfielder swimmer cricketer golfer skier sprinter curler linebacker pitcher "
                 "cyclist boxer wrestler jockey racer tennis rugby hockey baseball basketball "
                 "soccer".split()),
    "military": set("general officer soldier commander colonel admiral militant marine "
                    "lieutenant sergeant".split()),
    "law": set("lawyer attorney barrister judge prosecutor solicitor jurist".split()),
    "academia": set("professor scientist researcher scholar academic economist historian "
                    "lecturer physicist chemist biologist mathematician physician surgeon "
                    "endocrinologist engineer astronomer astronaut cosmonaut".split()),
    "arts": set("actor actress singer musician artist photographer designer painter novelist "
                "poet filmmaker comedian keyboardist guitarist drummer rapper songwriter "
                "sculptor dancer composer".split()),
    "business": set("businessman businesswoman businessperson entrepreneur executive investor "
                    "banker industrialist".split()),
    "religion": set("bishop cleric priest imam pope cardinal rabbi pastor archbishop".split()),
}
ABSENT = -0.25   # the role fit of an occupation the article never names
_FAMILY_OF = {w: f for f, words in FAMILIES.items() for w in words}
_PLURAL = re.compile(r"(?<=[a-z]{3})(?:es|s)$")
_CLAUSE_END = re.compile(r"[.;:!?,()\"“”\n]")


def families(words: Iterable[str]) -> set[str]:
    """The occupation families the (folded) words name; plurals count ("politicians")."""
    out = set()
    for w in words:
        f = _FAMILY_OF.get(w) or _FAMILY_OF.get(_PLURAL.sub("", w))
        if f:
            out.add(f)
    return out


def described(description: str | None) -> set[str]:
    """The families an item's description names."""
    return families(fold(description or "").split())


def around(text: str, spans: Iterable[tuple[int, int]], titles: Iterable[str] = ()) -> set[str]:
    """The families the article names for a person: the four words before each mention
    ("Emeritus Professor John Burrows"), the apposition or affiliation after it (", a columnist
    for ...", "of the Civic Party"), and the titles the extractor found for them."""
    words: list[str] = []
    for start, end in spans:
        before = _CLAUSE_END.split(text[max(0, start - 60):start])[-1]
        words += fold(before).split()[-4:]
        after = text[end:end + 80]
        if after.startswith(","):   # ", a columnist for the Globe" (to the end of the clause)
            words += fold(_CLAUSE_END.split(after[1:])[0]).split()[:8]
        elif re.match(r"\s+(?:of|from)\s", after):   # "Alvin Yeung of the Civic Party"
            words += fold(_CLAUSE_END.split(after)[0]).split()[:5]
    for title in titles:
        words += fold(title).split()
    return families(words)


def role_fit(item_families: set[str], local: set[str], article: set[str]) -> float:
    """1 when the article's words around the person name one of the item's occupations, -1
    when they name only others; when they name none, ``ABSENT`` if the whole article never names the
    item's occupation either (a footballer in an article without a word of sport), else 0;
    0 when the description names no occupation."""
    if not item_families:
        return 0.0
    if local:
        return 1.0 if item_families & local else -1.0
    return 0.0 if item_families & article else ABSENT
