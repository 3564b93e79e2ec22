"""What an article itself tells of a person's gender, so that "she said" skips the men.

The title before a name ("Mr.", "Ms.") decides; else a first name that the US census found almost
only among men or only among women (the frequency lists the `names` package ships); else the
pronouns of the clauses the person is the subject of ("Doe said she would run", "Doe and his
aides"), counted over the article.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import names
from spacy.tokens import Doc, Token

from service.nlp.entities import Cluster, name_key

MALE_TITLES = {"mr", "sir", "lord", "king", "prince"}
FEMALE_TITLES = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess"}
# Pronouns that tell a person's gender when they refer back to someone the same clause names.
MALE_WORDS = {"he", "him", "his", "himself"}
FEMALE_WORDS = {"she", "her", "hers", "herself"}
# Nouns that tell the gender of the unnamed person they describe ("my mother", "the spokeswoman").
MALE_NOUNS = frozenset("""
man men father dad son brother husband boyfriend uncle nephew grandfather grandson king prince boy
gentleman businessman congressman spokesman chairman councilman actor waiter monk priest widower
stepfather father-in-law
""".split())
FEMALE_NOUNS = frozenset("""
woman women mother mom mum daughter sister wife girlfriend aunt niece grandmother granddaughter queen
princess girl lady businesswoman congresswoman spokeswoman chairwoman councilwoman actress waitress nun
widow stepmother mother-in-law
""".split())
# How many times more frequent among one sex a first name must be to tell a person's gender
# ("Jean", "Jordan" or "Leslie" tell nothing).
NAME_RATIO = 20


@lru_cache(maxsize=1)
def _first_name_frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """{first name (upper case): percent of men / of women with it}, from the census lists."""
    out = []
    for key in ("first:male", "first:female"):
        with open(names.FILES[key], encoding="ascii") as fh:
            out.append({name: float(freq) for name, freq, *_rest in (line.split() for line in fh if line.strip())})
    return out[0], out[1]


def first_name_gender(name: str) -> str:
    """"m" or "f" when the first word of a person's full ``name`` is a first name given almost
    only to men or only to women; "" otherwise (a lone surname, a rare or shared first name)."""
    words = name_key(name).split()
    if len(words) < 2:
        return ""
    male, female = _first_name_frequencies()
    first = words[0].upper()
    m, f = male.get(first, 0.0), female.get(first, 0.0)
    if m > NAME_RATIO * f:
        return "m"
    if f > NAME_RATIO * m:
        return "f"
    return ""


def noun_gender(phrase: str) -> str:
    """"m" or "f" when the last word of a description ("his elder brother", "a spokeswoman for
    X" cut at its head: "spokeswoman") is a noun only used of men or only of women; else ""."""
    words = phrase.lower().replace("’", "'").split()
    last = words[-1].removesuffix("'s") if words else ""
    return "m" if last in MALE_NOUNS else "f" if last in FEMALE_NOUNS else ""


def genders(doc: Doc, clusters: list[Cluster], index: dict[int, Cluster],
            quoted: Callable[[int], bool]) -> dict[int, str]:
    """``id(cluster)`` → "m" or "f" for the people whose gender the text shows: a title before
    any mention decides, then the first name; otherwise the pronouns vote, and a clear majority
    (three to one) decides.
    ``quoted(char)`` tells whether a character lies inside a quotation."""
    out: dict[int, str] = {}
    votes: dict[int, list[int]] = {}
    for c in clusters:
        if c.kind != "Person":
            continue
        for s, e in c.spans:
            title = doc[s - 1].lower_.rstrip(".") if s > 0 else ""
            if title in MALE_TITLES or title in FEMALE_TITLES:
                out.setdefault(id(c), "m" if title in MALE_TITLES else "f")
        if id(c) not in out and (by_name := first_name_gender(c.name)):
            out[id(c)] = by_name
        for s, e in c.spans:
            if id(c) not in out:
                _pronoun_votes(doc, index, quoted, c, s, e, votes.setdefault(id(c), [0, 0]))
    for key, (m, f) in votes.items():
        if key not in out and max(m, f) >= 1 and min(m, f) * 3 < max(m, f):
            out[key] = "m" if m > f else "f"
    return out


def _pronoun_votes(doc: Doc, index: dict[int, Cluster], quoted: Callable[[int], bool], c: Cluster,
                   s: int, e: int, votes: list[int]) -> None:
    """Gendered pronouns in the clause whose subject is the mention ``doc[s:e]``, when nobody else
    is named in that clause and neither stands inside a quotation (the "he" of a quoted speaker is
    somebody else)."""
    head = doc[s:e].root
    if head.dep_ not in ("nsubj", "nsubjpass") or quoted(doc[s].idx):
        return
    verb = head.head
    clause = [t for t in verb.subtree if t.sent == verb.sent]
    for t in clause:
        other = index.get(t.i)
        if other is not None and other is not c and other.kind == "Person":
            return  # "Doe said Roe would run, and his ...": whose "his"?
    for t in clause:
        low = t.lower_
        if (low in MALE_WORDS or low in FEMALE_WORDS) and t.i >= e and not quoted(t.idx) \
                and not _object_of(t, verb):
            votes[0 if low in MALE_WORDS else 1] += 1


def _object_of(pronoun: Token, verb: Token) -> bool:
    """Whether ``pronoun`` is an object of ``verb`` itself or of a preposition on it ("Doe thanked
    her", "Doe spoke to him"): not the subject, who would be "herself" there."""
    if pronoun.dep_ not in ("dobj", "dative", "iobj", "pobj") or pronoun.lower_.endswith("self"):
        return False
    return pronoun.head == verb or pronoun.head.dep_ in ("prep", "agent") and pronoun.head.head == verb
