"""Which names can identify an actor across articles on their own.

Two articles' "Jane Doe" (a person) or "Acme Holdings" (an organisation) are taken for one actor
unless Wikidata links tell them apart. A bare given name or surname ("Bob", "Smith") or a generic
name ("the Treasury", "Central Bank", "the North") is not evidence of that: it stays scoped to its
article unless the article resolves it to a full name or a Wikidata link identifies it.
"""

from __future__ import annotations

from service.nlp.entities import name_key
from service.nlp.lexicon import (DOCUMENT_NOUNS, FACILITY_NOUNS, GENERIC_NAME_WORDS, GROUP_SUFFIX_NOUNS,
                                 INSTITUTION_NOUNS, MEDIA_NOUNS, ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS)

GENERIC_WORDS = (GENERIC_NAME_WORDS | ORG_NOUNS | INSTITUTION_NOUNS | PERSON_NOUNS | GROUP_SUFFIX_NOUNS
                 | PLACE_NOUNS | DOCUMENT_NOUNS | MEDIA_NOUNS | FACILITY_NOUNS)


def distinctive(name: str, kind: str) -> bool:
    """True when ``name`` alone tells a ``kind`` ("Person", "Organization", "Place") apart across
    articles: a person's name of two words or more; an organisation's or place's name with at
    least one word that is not a generic noun.

    >>> distinctive("Jane Doe", "Person"), distinctive("Doe", "Person"), distinctive("Dr. Doe", "Person")
    (True, False, False)
    >>> distinctive("the Treasury", "Organization"), distinctive("Acme Holdings", "Organization")
    (False, True)
    """
    words = name_key(name).split()
    if not words:
        return False
    if kind == "Person":
        return len(words) >= 2
    return not all(w in GENERIC_WORDS for w in words)
