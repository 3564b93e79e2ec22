"""Scoring Wikidata candidates for one entity of an article.

A candidate's score (0..1) mixes four signals:

* name match: the entity's surface forms against the item's label and aliases (exact label,
  exact alias, a multi-word name contained in the label, a full name that differs by a middle
  initial); a bare surname or a single word inside a longer label is not a match;
* type fit: the NER kind against the item's instance-of (P31) classes, their superclasses (P279)
  and labels, and, failing those, the words of the item's description. Items of the wrong kind
  (a human for a place, a form of government for an armed group, a family name, a
  disambiguation page) are dropped; items whose type cannot be told are dropped too, since a
  wrong link is worse than a missing one. Places prefer settlements and countries over
  districts and regions, and those over buildings and sites;
* context: the countries the article's other places were linked to (weighted by how often they
  are mentioned) against the item's country (P17), and the proper nouns of the item's
  description found in the article text (a demonym counts for its country);
* popularity: the number of sitelinks, on a log scale.

The best candidate is linked when its score clears ``THRESHOLD`` and no other candidate of the
right kind comes within ``MARGIN`` of it; otherwise the entity gets "no link".
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping

from service.ir import EntityKind
from service.linker.client import aliases_of, claim_ids, sitelink_count, text_of

THRESHOLD = 0.55
MARGIN = 0.03
PERSON_CONTEXT = 0.15
MIN_NAME = 0.5
EXACT_NAME = 0.85
WEIGHTS = {"name": 0.35, "type": 0.20, "context": 0.25, "popularity": 0.20}
POPULAR_SITELINKS = 250

# ---------------------------------------------------------------- type cues (general lists)

HUMAN = {"Q5"}
ORGANIZATION = {
    "Q43229", "Q4830453", "Q783794", "Q891723", "Q6881511", "Q327333", "Q2659904", "Q17149090",
    "Q17127659", "Q11032", "Q1110794", "Q1002697", "Q41298", "Q7278", "Q484652", "Q245065",
    "Q163740", "Q708676", "Q31855", "Q1664720", "Q3918", "Q2385804", "Q192350", "Q176799",
    "Q37726", "Q15911314", "Q48204", "Q11204", "Q7188", "Q35798", "Q1331793", "Q15265344",
    "Q1616075", "Q14350", "Q7210356", "Q1530022", "Q4438121", "Q476028", "Q12973014",
    "Q4671277", "Q1752346", "Q6501447", "Q1194093", "Q2178147", "Q210167",
}
PLACE_TIERS = {
    1.0: {"Q6256", "Q3624078", "Q515", "Q5119", "Q1549591", "Q1637706", "Q486972", "Q3957",
          "Q532", "Q5107", "Q1093829", "Q200250", "Q7930989", "Q15284", "Q1763527", "Q3024240"},
    0.7: {"Q35657", "Q107390", "Q10864048", "Q82794", "Q1620908", "Q3455524", "Q56061",
           "Q475050", "Q7275", "Q34876", "Q1221156"},
    0.55: {"Q149621", "Q13220204", "Q28575", "Q13221722", "Q1149652", "Q12813115"},
    0.5: {"Q41176", "Q1021645", "Q27686", "Q839954", "Q23413", "Q570116", "Q1248784", "Q44782",
          "Q4022", "Q8502", "Q23397", "Q165", "Q9430", "Q23442", "Q8514", "Q12280", "Q22698",
          "Q483110", "Q16560", "Q33506", "Q174782", "Q34442", "Q79007", "Q18674739"},
}
PLACE = set().union(*PLACE_TIERS.values())
# Never an actor or a place: names, Wikimedia pages, abstract notions.
NEVER = {"Q4167410", "Q101352", "Q202444", "Q12308941", "Q11879590", "Q4167836", "Q13406463",
         "Q11266439", "Q17442446", "Q1307214", "Q7184903", "Q151885", "Q17537576", "Q7725634",
         "Q15632617"}
KIND_CLASSES = {EntityKind.PERSON: HUMAN, EntityKind.ORGANIZATION: ORGANIZATION, EntityKind.PLACE: PLACE}

_PERSON_WORDS = ("politician journalist writer author actor actress singer musician player footballer "
                 "president minister senator diplomat ambassador lawyer attorney businessman "
                 "businesswoman businessperson scientist economist analyst officer general soldier "
                 "historian professor engineer official activist artist judge bishop cleric king "
                 "queen prince princess commander reporter correspondent editor researcher scholar "
                 "politologist poet novelist director producer entrepreneur militant "
                 "spokesperson spokesman spokeswoman").split()
_ORG_WORDS = ("organization organisation agency department ministry company corporation newspaper "
              "magazine periodical group militia party institute university council committee "
              "command army navy force forces union association foundation bank network "
              "broadcaster legislature parliament congress government administration bureau court "
              "federation league club movement front brigade brigades coalition alliance "
              "endowment tank publisher enterprise firm business conglomerate service office "
              "assembly senate cabinet authority commission").split()
_PLACE_WORDS = ("city town village capital country state province region district county "
                "municipality continent island river mountain commune governorate territory "
                "settlement building hotel site port area neighbourhood neighborhood suburb "
                "metropolis peninsula desert sea lake").split()
_PLACE_WORD_TIERS = {
    1.0: {"city", "town", "village", "capital", "country", "continent", "municipality", "metropolis",
          "settlement", "commune"},
    0.7: {"state", "province", "region", "governorate", "territory", "peninsula", "area"},
    0.55: {"district", "county", "neighbourhood", "neighborhood", "suburb"},
    0.5: {"building", "hotel", "site", "port", "island", "river", "mountain", "desert", "sea", "lake"},
}
KIND_WORDS = {EntityKind.PERSON: set(_PERSON_WORDS), EntityKind.ORGANIZATION: set(_ORG_WORDS),
              EntityKind.PLACE: set(_PLACE_WORDS)}
# Words that start a description of an abstract notion rather than of a thing.
_ABSTRACT_WORDS = {"form", "type", "concept", "shape", "polygon", "term", "ideology", "word",
                   "surname", "name", "given", "family", "disambiguation", "genre", "theory"}

_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "president", "gen", "general", "sen", "senator",
               "rep", "gov", "governor", "prof", "professor", "sir", "lord", "lady", "col",
               "colonel", "lt", "capt", "captain", "adm", "admiral", "maj", "sgt", "rev",
               "sheikh", "prime", "minister", "king", "queen", "prince", "secretary"}
_DEMONYM_ENDINGS = {"n", "an", "ian", "ese", "i", "ish", "can", "s", "ns", "ans", "ians", "cans", "is"}
_STOP = set("a an the of to in on and or for with by at from as is was its his her their".split())


# ---------------------------------------------------------------- text helpers


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


def _tokens(text: str) -> list[str]:
    return fold(clean_name(text)).split()


def _core(tokens: list[str]) -> list[str]:
    """Tokens without single letters (middle initials)."""
    return [t for t in tokens if len(t) > 1]


def name_score(forms: Iterable[str], label: str | None, aliases: Iterable[str], kind: EntityKind) -> float:
    """How well any surface form names the item (1 exact label ... 0 no real match)."""
    names = [(label, 1.0)] if label else []
    if label and "," in label:                      # "Paris, Texas": the name before the comma
        names.append((label.split(",")[0], 0.95))
    names += [(a, 0.9) for a in aliases if a]
    best = 0.0
    for form in forms:
        q = _tokens(form)
        if not q:
            continue
        for name, exact in names:
            n = _tokens(name)
            if not n:
                continue
            if q == n:
                best = max(best, exact)
            elif _core(q) == _core(n) and len(_core(q)) >= 2:
                best = max(best, exact - 0.05)          # "Jane Q. Public" ~ "Jane Public"
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


# ---------------------------------------------------------------- types


@dataclass(frozen=True)
class TypeInfo:
    """What is known about the classes of the candidates: superclasses and labels."""

    parents: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str]


NO_TYPE_INFO = TypeInfo({}, {})


def _words(text: str | None) -> set[str]:
    return set(fold(text or "").split())


def type_fit(kind: EntityKind, item: dict, info: TypeInfo = NO_TYPE_INFO) -> float:
    """1 (or the place tier) when the item is of the entity's kind, 0 when it is not or is unknown."""
    classes = set(claim_ids(item, "P31"))
    for c in list(classes):
        classes.update(info.parents.get(c, ()))
    if kind is EntityKind.PLACE:
        tiers = [tier for tier, ids in PLACE_TIERS.items() if classes & ids]
        if tiers:
            return max(tiers)
    elif classes & KIND_CLASSES[kind]:
        return 1.0
    if classes & NEVER:
        return 0.0
    if any(classes & KIND_CLASSES[k] for k in KIND_CLASSES if k is not kind):
        return 0.0
    # Unknown classes: read their labels ("unified combatant command"), then the description.
    class_words = set().union(*(_words(info.labels.get(c)) for c in classes)) if classes else set()
    if class_words & _ABSTRACT_WORDS:
        return 0.0
    fit = _word_fit(kind, class_words)
    if fit is not None:
        return fit * 0.9
    desc = fold(text_of(item, "descriptions") or "").split()
    if desc and desc[0] in _ABSTRACT_WORDS:
        return 0.0
    fit = _word_fit(kind, set(desc))
    return fit * 0.8 if fit is not None else 0.0


def _word_fit(kind: EntityKind, words: set[str]) -> float | None:
    own = words & KIND_WORDS[kind]
    other = any(words & KIND_WORDS[k] for k in KIND_WORDS if k is not kind)
    if not own:
        return 0.0 if other else None
    fit = 1.0 if not other else 0.7
    if kind is EntityKind.PLACE:  # the same preference as the class tiers: a city over its district
        fit *= max(tier for tier, cue in _PLACE_WORD_TIERS.items() if own & cue)
    return fit


# ---------------------------------------------------------------- context


@dataclass
class Context:
    """What the article says around one entity and as a whole.

    ``countries`` maps the QIDs of places the article's other places were linked to (and their
    countries) onto a weight in 0..1: high when named in the entity's own sentences, lower when
    only named elsewhere (by their share of the article's place mentions). ``near``/``counts``
    are word counts of the entity's sentences and of the whole article; ``near_text``/``text``
    the same texts folded, for phrases.
    """

    countries: dict[str, float]
    counts: dict[str, int]
    near: dict[str, int]
    text: str = ""
    near_text: str = ""

    def phrase_weight(self, tokens: list[str], *, near_only: bool = False) -> float:
        """How strongly the text is about a phrase (a demonym counts for its country)."""
        if len(tokens) == 1:
            near, anywhere = _count(self.near, tokens[0]), _count(self.counts, tokens[0])
        else:
            phrase = " " + " ".join(tokens) + " "
            near, anywhere = self.near_text.count(phrase), self.text.count(phrase)
        if near_only:
            anywhere = 0
        return max(near / (near + 1.0), 0.5 * anywhere / (anywhere + 3.0))


EMPTY_CONTEXT = Context({}, {}, {})


def make_context(countries: dict[str, float], text: str, near_text: str) -> Context:
    return Context(countries, word_counts(text), word_counts(near_text),
                   f" {fold(text)} ", f" {fold(near_text)} ")


def _count(counts: Mapping[str, int], word: str) -> int:
    n = counts.get(word, 0)
    if len(word) >= 4:
        stem = word if len(word) <= 5 else word[:max(5, len(word) - 2)]
        n += sum(c for w, c in counts.items()
                 if w != word and w.startswith(stem) and w[len(stem):] in _DEMONYM_ENDINGS)
    return n


def word_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for w in fold(text).split():
        counts[w] = counts.get(w, 0) + 1
    return counts


def _proper_phrases(description: str, own_words: set[str]) -> list[list[str]]:
    """Runs of capitalised words ("United States", "Baden-Württemberg"), folded, own name left out."""
    phrases = []
    for run in re.findall(r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*", description):
        current: list[str] = []
        for token in fold(run).split():
            if token in _STOP or token in own_words or len(token) < 2:
                if current:
                    phrases.append(current)
                current = []
            else:
                current.append(token)
        if current:
            phrases.append(current)
    return phrases


def _phrase_score(context: Context, tokens: list[str], near_only: bool) -> float:
    """The best-supported part of a phrase; a lone word of a longer phrase counts half."""
    best = 0.0
    for size in range(len(tokens), 0, -1):
        for i in range(len(tokens) - size + 1):
            w = context.phrase_weight(tokens[i:i + size], near_only=near_only)
            best = max(best, w * (0.5 if size < len(tokens) and size == 1 else 1.0))
    return best


def context_score(item: dict, context: Context, own_words: set[str], *, near_only: bool = False) -> float:
    """Agreement of an item's country and description with the article (0..1).

    ``near_only`` counts only the words around the entity's mentions (for people: that an
    article about America says "American" tells nothing about which of two Americans it quotes).
    """
    country = max((context.countries.get(c, 0.0) for c in claim_ids(item, "P17")), default=0.0)
    phrases = _proper_phrases(text_of(item, "descriptions") or "", own_words)
    weights = sorted((_phrase_score(context, p, near_only) for p in phrases), reverse=True)[:3]
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return max(country, 1.0 - miss)


def popularity(item: dict) -> float:
    return min(1.0, math.log1p(sitelink_count(item)) / math.log1p(POPULAR_SITELINKS))


# ---------------------------------------------------------------- ranking


@dataclass(frozen=True)
class Scored:
    qid: str
    score: float
    name: float
    type: float
    context: float
    popularity: float
    label: str | None
    description: str | None


def rank(kind: EntityKind, forms: list[str], candidates: Mapping[str, dict], context: Context,
         info: TypeInfo = NO_TYPE_INFO, *, as_kind: EntityKind | None = None) -> list[Scored]:
    """Candidates of the right kind that name the entity, best first.

    When some candidate carries the entity's name exactly (as label or alias), candidates that
    only contain it in a longer name ("X – West Africa Province" for "X") are left out: they
    are other, narrower things. ``as_kind`` ranks candidates of another kind for an entity the
    NER may have typed wrongly: only exact names with support from the context count, and the
    type signal is halved.
    """
    own = set().union(*(_words(clean_name(f)) for f in forms)) if forms else set()
    out = []
    for qid, item in candidates.items():
        label = text_of(item, "labels")
        n = name_score(forms, label, aliases_of(item), kind)
        if n < (EXACT_NAME if as_kind else MIN_NAME):
            continue
        t = type_fit(as_kind or kind, item, info) * (0.5 if as_kind else 1.0)
        if t <= 0.0:
            continue
        c = context_score(item, context, own, near_only=kind is EntityKind.PERSON and not as_kind)
        if as_kind and c < 0.5:
            continue  # another kind than the NER said: only with the article's support
        p = popularity(item)
        score = (WEIGHTS["name"] * n + WEIGHTS["type"] * t + WEIGHTS["context"] * c
                 + WEIGHTS["popularity"] * p)
        out.append(Scored(qid, round(score, 4), n, t, c, p, label, text_of(item, "descriptions")))
    if any(s.name >= EXACT_NAME for s in out):
        out = [s for s in out if s.name >= EXACT_NAME]
    out.sort(key=lambda s: (-s.score, -s.popularity, s.qid))
    return out


def decide(ranked: list[Scored], kind: EntityKind | None = None) -> tuple[Scored | None, float]:
    """The candidate to link (or None) and the confidence of that decision.

    Namesakes among people (a journalist and a senator) are told apart by the article alone:
    fame says little about which of two people a news story quotes, so when two humans carry
    the name exactly, the best must also fit the article clearly better (``PERSON_CONTEXT``).
    """
    if not ranked:
        return None, 0.0
    best = ranked[0]
    if best.score < THRESHOLD:
        return None, best.score
    if len(ranked) > 1:
        second = ranked[1]
        if best.score - second.score < MARGIN:
            return None, best.score
        if (kind is EntityKind.PERSON and second.name >= EXACT_NAME
                and best.context - second.context < PERSON_CONTEXT):
            return None, best.score
    return best, best.score
