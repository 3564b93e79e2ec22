"""Type fit: the NER kind of an entity against an item's classes (P31, their P279) and words.

The cue lists are general classes of Wikidata (human, country, city, political party,
newspaper ...). A class the lists do not know is read through its superclasses and its label
("unified combatant command" is a command, so an organisation), and an item whose classes say
nothing through the words of its description.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from service.ir import EntityKind
from service.linker.client import claim_ids, text_of
from service.linker.names import fold

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
# Institutions that are places too: a museum or an airport is named as either.
DUAL = {"Q33506", "Q1248784", "Q483110", "Q27686", "Q3918", "Q2385804", "Q16917", "Q7075"}
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
                 "spokesperson spokesman spokeswoman photographer designer astronaut cosmonaut "
                 "barrister inventor manager referee coach").split()
_ORG_WORDS = ("organization organisation agency department ministry company corporation newspaper "
              "magazine periodical group militia party institute university council committee "
              "command army navy force forces union association foundation bank network "
              "broadcaster legislature parliament congress government administration bureau court "
              "federation league club movement front brigade brigades coalition alliance "
              "endowment tank publisher enterprise firm business conglomerate service office "
              "assembly senate cabinet authority commission college school charity "
              "journal").split()
_PLACE_WORDS = ("city town village capital country state province region district county "
                "municipality continent island river mountain commune governorate territory "
                "settlement building hotel site port area neighbourhood neighborhood suburb "
                "metropolis peninsula desert sea lake strait bay gulf ocean cape coast mosque "
                "temple cathedral shrine monument memorial bridge tower square park palace").split()
_PLACE_WORD_TIERS = {
    1.0: {"city", "town", "village", "capital", "country", "continent", "municipality", "metropolis",
          "settlement", "commune"},
    0.7: {"state", "province", "region", "governorate", "territory", "peninsula", "area"},
    0.55: {"district", "county", "neighbourhood", "neighborhood", "suburb"},
    0.5: {"building", "hotel", "site", "port", "island", "river", "mountain", "desert", "sea", "lake",
          "strait", "bay", "gulf", "ocean", "cape", "coast", "mosque", "temple", "cathedral",
          "shrine", "monument", "memorial", "bridge", "tower", "square", "park", "palace"},
}
# Words of institutions that are places too.
_DUAL_WORDS = {"museum", "gallery", "college", "university", "school", "hospital", "library",
               "airport", "stadium", "arena", "planetarium", "center", "centre", "facility",
               "base", "station"}
KIND_WORDS = {EntityKind.PERSON: set(_PERSON_WORDS), EntityKind.ORGANIZATION: set(_ORG_WORDS),
              EntityKind.PLACE: set(_PLACE_WORDS)}
# Words that start a description of an abstract notion rather than of a thing.
_ABSTRACT_WORDS = {"form", "type", "concept", "shape", "polygon", "term", "ideology", "word",
                   "surname", "name", "given", "family", "disambiguation", "genre", "theory"}


@dataclass(frozen=True)
class TypeInfo:
    """What is known about the classes of the candidates: superclasses and labels."""

    parents: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str]


NO_TYPE_INFO = TypeInfo({}, {})


def _words(text: str | None) -> set[str]:
    return set(fold(text or "").split())


def is_human(item: dict) -> bool:
    """Whether the item is an instance of human (Q5)."""
    return bool(set(claim_ids(item, "P31")) & HUMAN)


def type_fit(kind: EntityKind, item: dict, info: TypeInfo = NO_TYPE_INFO) -> float:
    """1 (or the place tier) when the item is of the entity's kind, 0 when it is not or is unknown.

    Institutions that are places too (a museum, an airport, a convention centre: by class or
    by the words of the class's label) fit an organisation at 0.7 and a place at 0.5.
    """
    classes = set(claim_ids(item, "P31"))
    for c in list(classes):
        classes.update(info.parents.get(c, ()))
    class_words = set().union(*(_words(info.labels.get(c)) for c in classes)) if classes else set()
    dual = bool(classes & DUAL or class_words & _DUAL_WORDS)
    if kind is EntityKind.PLACE:
        tiers = [tier for tier, ids in PLACE_TIERS.items() if classes & ids]
        if tiers:
            return max(tiers)
        if dual:
            return 0.5
    elif classes & KIND_CLASSES[kind]:
        return 1.0
    elif kind is EntityKind.ORGANIZATION and dual:
        return 0.7
    if classes & NEVER:
        return 0.0
    if any(classes & KIND_CLASSES[k] for k in KIND_CLASSES if k is not kind):
        return 0.0
    # Unknown classes: read their labels ("unified combatant command"), then the description.
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
    dual = words & _DUAL_WORDS and kind is not EntityKind.PERSON
    if not own:
        if dual:
            return 0.5 if kind is EntityKind.PLACE else 0.7
        return 0.0 if other else None
    fit = 1.0 if not other else 0.7
    if kind is EntityKind.PLACE:  # the same preference as the class tiers: a city over its district
        fit *= max(tier for tier, cue in _PLACE_WORD_TIERS.items() if own & cue)
    return fit
