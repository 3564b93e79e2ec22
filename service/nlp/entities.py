"""Actors and places: the model's entity spans, repaired and merged into one cluster per actor.

The small English model splits names ("Kurdish" + "Workers Party"), glues possessors onto names
("the ministry's press office"), and types the same word differently from sentence to sentence.
This component cleans the spans, votes on each name's type over the whole document, and merges
surnames into full names, aliases ("X, also known as Y") and acronyms into one cluster each.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from service.nlp.lexicon import (BODY_HEAD_NOUNS, FACILITY_NOUNS, HONORIFICS, IRREGULAR_DEMONYMS, LOCATIVE_PREPS, ORG_EXTENSION_NOUNS,
                                 ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS, PORTFOLIOS, REPORTING_VERBS, ROLE_HEADS,
                                 STATE_ABBREVIATIONS)

KIND_OF_LABEL = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
# Words that end a title rather than an organisation's name ("Foreign Minister").
TITLE_NOUNS = {"president", "minister", "secretary", "spokesman", "spokeswoman", "chairman", "chief", "director",
               "ambassador", "envoy", "adviser", "advisor", "commander", "premier", "chancellor", "mayor"}
_DEMONYM_ENDINGS = ("an", "ese", "ish", "ic", "i", "ch", "s")
_AROUND = {"around", "near", "outside", "across", "toward", "towards", "throughout", "inside"}
_UNIT_NOUNS = {"division", "brigade", "regiment", "battalion", "force", "corps", "fleet", "squadron", "army"}
_LANDFORMS = {"River", "Sea", "Valley", "Desert", "Mountains", "Peninsula", "Canal", "Strait"}
_STOP_INITIALS = {"of", "and", "the", "for", "in", "on", "at", "to", "&", "de", "du", "la", "al"}
# Words of a title that the model tags as an organisation ("Agriculture" in "Agriculture Secretary").
_TITLE_PARTS = PORTFOLIOS | {"home", "shadow", "affairs", "security", "national", "deputy", "vice", "acting"}


def _title_word(tok) -> bool:
    return tok.lower_.rstrip(".") in HONORIFICS | TITLE_NOUNS | ROLE_HEADS and not tok.is_upper


def _title_fragment(doc: Doc, s: int, e: int) -> bool:
    """Words before a title that are its portfolio or nationality, not a body of their own:
    "Agriculture" in "Agriculture Secretary", "Valdorian Foreign" in "Valdorian Foreign Minister"."""
    if e >= len(doc) or not _title_word(doc[e]):
        return False
    return all(t.lower_ in _TITLE_PARTS or t.ent_type_ == "NORP" or t.lower_ in IRREGULAR_DEMONYMS for t in doc[s:e])


@dataclass
class Cluster:
    """One actor or place: every span that names it, and its resolved type and name."""

    kind: str
    name: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # token offsets
    named: bool = True
    affiliations: list["Cluster"] = field(default_factory=list)
    merged_into: "Cluster | None" = None
    aliases: list[str] = field(default_factory=list)  # other names it is known by, beyond its mentions

    def root(self) -> "Cluster":
        c = self
        while c.merged_into is not None:
            c = c.merged_into
        return c


def _full_name(text: str) -> str:
    """A state's abbreviation as its name ("Tex." → "Texas"); any other text as it is."""
    return STATE_ABBREVIATIONS.get(text.lower(), text)


@lru_cache(maxsize=65536)  # called for every cluster pair in long articles
def name_key(text: str) -> str:
    """Normalised form for comparing names: no leading "the", possessive, honorific or punctuation."""
    t = _full_name(text.replace("’", "'").strip())
    t = re.sub(r"'s?$", "", t)
    t = re.sub(r"^(?:the|The)\s+", "", t)
    words = t.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return re.sub(r"[^0-9a-z ]", "", " ".join(words).lower().replace("-", " ")).strip()


def _clean(doc: Doc, start: int, end: int, label: str = "") -> list[tuple[int, int]]:
    """Trim determiners and possessive marks; split "X's Y" into X and Y, and "X the Y" when the
    model ran a name into the next noun phrase ("according to Doe the Acme report ..."); a person's
    epithet ("Alexander the Great") stays whole."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if end <= start:
        return []
    for i in range(start + 1, end - 1):
        if doc[i].text == "(":
            # "World Health Organisation (WHO": a name and its short form, two spans.
            return _clean(doc, start, i, label) + _clean(doc, i + 1, end, label)
        if doc[i].text in _POSSESSIVE:
            return _clean(doc, start, i, label) + _clean(doc, i + 1, end, label)
        if label != "PERSON" and doc[i].lower_ in ("the", "a", "an") and doc[i].is_lower \
                and doc[i - 1].is_title and doc[i - 1].lower_ not in _STOP_INITIALS:
            return _clean(doc, start, i, label) + _clean(doc, i + 1, end, label)
    return [(start, end)]


def _candidate_spans(doc: Doc) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if _named_by(doc, ent.start) and ent.label_ not in ("PERSON", "GPE", "LOC", "DATE", "CARDINAL"):
            spans.append((ent.start, ent.end, "ORG"))  # "a lobby group called Acme First": whatever the model said
            continue
        if ent.label_ not in KIND_OF_LABEL and ent.label_ != "NORP":
            continue
        if ent.label_ == "ORG" and ent.end + 1 < len(doc) and _named_by(doc, ent.end + 1) and ent.start > 0 \
                and doc[ent.start - 1].is_lower and doc[ent.start - 1].pos_ in ("ADJ", "DET", "NOUN"):
            continue  # the "PAC" of "a new PAC named Acme First" is a common noun, not a name
        for s, e in _clean(doc, ent.start, ent.end, ent.label_):
            if ent.label_ == "PERSON":
                # "police Maj. Jane Doe": lowercase words and titles are not the name.
                while s < e and (doc[s].is_lower or doc[s].lower_.rstrip(".") in HONORIFICS or doc[s].text == "."):
                    s += 1
                if s == e or all(t.lower_.rstrip(".") in HONORIFICS for t in doc[s:e]):
                    continue
                if e - s == 1 and doc[s].tag_ == "NNPS":
                    continue  # "Democrats", "Russians": a group of people, not a person
                if e - s == 1 and s > 0 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].is_title \
                        and not doc[s - 1].ent_type_ and not doc[s - 1].is_sent_start \
                        and doc[s - 1].lower_.rstrip(".") not in HONORIFICS | TITLE_NOUNS | _TITLE_PARTS | ROLE_HEADS:
                    s -= 1  # "CEO of the Acme Council Jane Doe": the model tagged only "Doe"
                if doc[e - 1].lower_ in BODY_HEAD_NOUNS:
                    spans.append((s, e, "ORG"))  # "(Valdorian Bishops' Conference)" is no person
                    continue
                if e < len(doc) and doc[e].lower_ == "administration" and s > 0 and doc[s - 1].lower_ == "the":
                    spans.append((s, e + 1, "ORG"))  # "the Doe administration" is a body, not Doe
                    continue
            if ent.label_ == "ORG" and e - s == 1 and s > 1 and doc[s - 1].lower_ == "of" and not doc[s].is_upper \
                    and doc[s - 2].lower_.rstrip(".") in HONORIFICS | TITLE_NOUNS:
                continue  # "Secretary of State": part of a title, not an organisation
            if ent.label_ in ("ORG", "NORP") and _title_fragment(doc, s, e):
                continue
            if ent.label_ != "PERSON" and e < len(doc) and _title_word(doc[e]):
                # "the Catskills with Fisheries [Secretary]": the title's portfolio is not the name's.
                while e > s + 1 and (doc[e - 1].lower_ in _TITLE_PARTS or doc[e - 1].is_lower or doc[e - 1].is_punct):
                    e -= 1
            if ent.label_ == "ORG" and e + 2 <= len(doc) and doc[e].lower_ == "of" and doc[e + 1].like_num:
                e += 2  # "Group of 20": the number is part of the name
            if ent.label_ == "GPE" and e - s == 1 and e < len(doc) and doc[e].text == "." \
                    and (doc[s].lower_ + ".") in STATE_ABBREVIATIONS:
                e += 1  # "Tex." is Texas, not "Tex"
            label = ent.label_
            if ent.label_ == "ORG" and s > 0 and doc[s - 1].ent_type_ == "ORDINAL" and doc[s - 1].text[:1].isdigit() \
                    and doc[e - 1].lower_ in _UNIT_NOUNS:
                s -= 1  # "the 3rd Lancer Division": the ordinal is part of a military unit's name
            if ent.label_ == "NORP" and _norp_place(doc, s, e):
                label = "GPE"
            spans.append((s, e, label))
    spans += _untagged_landforms(doc)
    spans.sort()
    # Adjacent spans with nothing between them are one name the model split ("Kurdish" + "Workers Party").
    merged: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if merged and merged[-1][1] == s and doc[s - 1].whitespace_ and doc[s].is_title \
                and "PERSON" not in (label, merged[-1][2]):
            ps, _, plabel = merged[-1]
            new_label = "ORG" if "ORG" in (label, plabel) or plabel == "NORP" else label
            merged[-1] = (ps, e, new_label)
        else:
            merged.append((s, e, label))
    # A demonym followed by capitalised words is the start of a name ("Kurdish Workers Party militants").
    out = []
    for s, e, label in merged:
        if label == "ORG" and doc[e - 1].lower_.rstrip(".") in HONORIFICS | TITLE_NOUNS:
            # "Navy Capt.", "Syrian President" before a name: a title, not an organisation.
            continue
        while label == "ORG" and e - s > 1 and _title_word(doc[e - 1]):
            e -= 1  # "the Acme Department Spokesperson": the body without the title
        if label == "ORG":
            e = _extend_org(doc, e)
            if e - s >= 2 and e < len(doc) and doc[e].is_lower and doc[e].lower_ in ("committee", "subcommittee", "commission"):
                e += 1  # "the Senate Fisheries committee": the committee is named with its lowercase noun
        if label == "NORP" and doc[s:e].text.isupper() and len(doc[s:e].text) > 2:
            out.append((s, e, "ORG"))  # an acronym the model took for a nationality ("PKK")
            continue
        if label == "NORP":
            j = e
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].ent_type_ \
                    and doc[j].lower_.rstrip(".") not in HONORIFICS | TITLE_NOUNS:
                j += 1
            if j > e and not _title_fragment(doc, s, j):
                out.append((s, j, "ORG"))
            continue
        out.append((s, e, label))
    return out


def _norp_place(doc: Doc, s: int, e: int) -> bool:
    """A one-word "nationality" that is no demonym, after "around", "near", "outside" ... or "the
    city/town of", is a town the model mistyped ("shelling near X", "the town of X")."""
    tok = doc[s]
    prep = tok.head
    where = prep.lower_ in _AROUND or prep.lower_ == "of" and prep.head.lower_ in PLACE_NOUNS
    return e - s == 1 and tok.tag_ == "NNP" and tok.dep_ == "pobj" and where \
        and tok.lower_ not in IRREGULAR_DEMONYMS and not tok.lower_.endswith(_DEMONYM_ENDINGS)


def _untagged_landforms(doc: Doc) -> list[tuple[int, int, str]]:
    """"the Valdor River": capitalised words before a landform noun that the model left untagged."""
    out = []
    for t in doc:
        after = doc[t.i + 1: t.i + 3]
        if after and (after[0].is_title or not t.whitespace_ and after[0].text == "-"
                      or after[0].text in (",", "&", "and") and len(after) > 1 and after[1].is_title):
            continue  # "the Harbor Sea and Air Museum", "Sea-Air-Land": part of a longer name
        if t.text in _LANDFORMS and not t.ent_type_ and t.i > 0:
            s = t.i
            while s > 0 and doc[s - 1].is_title and doc[s - 1].pos_ == "PROPN" and not doc[s - 1].ent_type_ \
                    and not doc[s - 1].is_sent_start:
                s -= 1
            if s < t.i:
                out.append((s, t.i + 1, "LOC"))
    return out


def _named_by(doc: Doc, s: int) -> bool:
    """The name at token ``s`` follows "<organisation noun> called/named": "a group called X",
    "a PAC named X" (not "the ACLU called for ...")."""
    return 2 <= s < len(doc) and doc[s - 1].lower_ in ("called", "named") and doc[s].pos_ in ("PROPN", "NUM") \
        and (doc[s - 2].lower_ in ORG_NOUNS or doc[s - 2].is_upper and doc[s - 2].is_alpha and len(doc[s - 2]) > 1)


def _extend_org(doc: Doc, e: int) -> int:
    """"X forces" is one actor; "Al Qaeda in the Arabian Peninsula" is one name (the place-like tail
    is not itself a known place)."""
    if e < len(doc) and doc[e].lower_ in ORG_EXTENSION_NOUNS:
        return e + 1
    if e + 2 < len(doc) and doc[e].lower_ == "in" and doc[e + 1].lower_ == "the":
        j = e + 2
        while j < len(doc) and doc[j].is_title and doc[j].ent_type_ not in ("GPE", "LOC", "PERSON", "ORG"):
            j += 1
        if j > e + 2 and doc[j - 1].pos_ == "PROPN":
            return j
    return e


def _vote_kinds(doc: Doc, spans: list[tuple[int, int, str]]) -> dict[str, str]:
    """One type per name over the document: model labels plus context (prepositions, titles)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    person_surnames = {name_key(doc[s:e].text).split()[-1] for s, e, lab in spans
                       if lab == "PERSON" and len(name_key(doc[s:e].text).split()) > 1}
    for s, e, label in spans:
        key = name_key(doc[s:e].text)
        kind = KIND_OF_LABEL[label]
        votes[key][kind] += 1.0
        prev = doc[s - 1] if s > 0 else None
        if prev is not None and prev.lower_ in LOCATIVE_PREPS and label != "ORG":
            votes[key]["Place"] += 0.6
        if prev is not None and prev.lower_ == "the" and s > 1 and doc[s - 2].lower_ in LOCATIVE_PREPS \
                and doc[e - 1].tag_ == "NNPS" and doc[e - 1].lower_ not in ORG_EXTENSION_NOUNS:
            votes[key]["Place"] += 1.5  # "in the Hamptons", "across the Rockies": plural names of places
        if prev is not None and prev.lower_.rstrip(".") in HONORIFICS:
            votes[key]["Person"] += 2.0
        if e < len(doc) and doc[e].lower_ in PLACE_NOUNS:
            votes[key]["Place"] += 0.5
        if label == "FAC":
            votes[key]["Organization"] += 0.1  # "the Kremlin", "the White House" usually act
        root = doc[s:e].root
        # "groups like X", "the group X": an organisation, whatever the model said.
        named_as = root.head.lower_ == "as" and root.head.head.lemma_.lower() in ("know", "call", "name")
        if root.head.lower_ in ("like", "as", "including") and root.head.head.lemma_.lower() in ORG_NOUNS \
                or named_as and root.head.head.head.lemma_.lower() in ORG_NOUNS \
                or root.dep_ == "appos" and root.head.lemma_.lower() in ORG_NOUNS \
                or prev is not None and prev.lemma_.lower() in ORG_NOUNS and prev.dep_ != "compound":
            votes[key]["Organization"] += 2.5
        if label == "ORG" and doc[e - 1].lower_ in FACILITY_NOUNS:
            votes[key]["Place"] += 1.5
        if root.dep_ == "nsubj" and root.head.lemma_.lower() in REPORTING_VERBS and e - s > 1 and label != "ORG":
            votes[key]["Person"] += 1.2  # a full name that says things is a person, not a place
        if _described_as_person(root):
            votes[key]["Person"] += 2.0
    # Surnames of names that the votes (not only the model) make people.
    person_surnames |= {k.split()[-1] for k, c in votes.items() if len(k.split()) > 1
                        and c.most_common(1)[0][0] == "Person"}
    titled = {name_key(doc[s:e].text) for s, e, _ in spans if s > 0 and doc[s - 1].lower_.rstrip(".") in HONORIFICS}
    kinds = {}
    for key, counter in votes.items():
        if len(key.split()) == 1 and key in person_surnames:
            # The surname of a full name in the same article: that person, whatever the model said.
            counter["Person"] = max(counter.values()) + 1.0
        elif len(key.split()) == 1 and counter["Person"] and key not in titled:
            # A lone word the model calls a person, never with a title nor a first name, is
            # more often a place or group it mistyped ("fighting in X" / "X said").
            counter["Person"] *= 0.75
        kinds[key] = counter.most_common(1)[0][0]
    return kinds


def _described_as_person(root) -> bool:
    """What the sentence says of a name that only a person can be: "X, a former nurse," (an
    apposition headed by a noun for a person) or "X claims (that) she ..." (a cue whose clause
    takes X up as "he" or "she")."""
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and child.lemma_.lower() in PERSON_NOUNS:
            return True
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in REPORTING_VERBS:
        for clause in root.head.children:
            if clause.dep_ == "ccomp" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("he", "she")
                                             for c in clause.children):
                return True
    return False


def affix(short: list[str], long: list[str]) -> bool:
    """``long`` is ``short`` with one more word before or after it ("Nusra" / "Nusra Front"),
    not a different body named after it ("Al Qaeda" / "Al Qaeda in the Arabian Peninsula")."""
    if len(long) != len(short) + 1:
        return False
    extra = long[-1] if long[:len(short)] == short else long[0] if long[1:] == short else None
    return extra is not None and extra not in _STOP_INITIALS


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w and w.lower() not in _STOP_INITIALS).upper()


_ALIAS_GLUE = re.compile(r"^\s*,?\s*(?:(?:is|was|are)\s+)?(?:also\s+|otherwise\s+|better\s+)?"
                         r"(?:known|referred to|called)\s+as\s*$|^\s*\(\s*$|^\s+or\s+$|^\s*,\s*or\s+$")


def build_clusters(doc: Doc) -> list[Cluster]:
    spans = _candidate_spans(doc)
    kinds = _vote_kinds(doc, spans)
    by_key: dict[str, Cluster] = {}
    order: list[Cluster] = []
    for s, e, _label in spans:
        key = name_key(doc[s:e].text)
        if not key:
            continue
        if key not in by_key:
            by_key[key] = Cluster(kind=kinds[key], name=_display(doc[s:e], kinds[key]))
            order.append(by_key[key])
        by_key[key].spans.append((s, e))

    def merge(small: Cluster, big: Cluster) -> None:
        small, big = small.root(), big.root()
        if small is not big:
            small.merged_into = big
            big.spans.extend(small.spans)

    # Aliases written out: "X, also known as Y", "X (Y)", "X ... known as Y or Z".
    ordered = sorted(((s, e, name_key(doc[s:e].text)) for s, e, _ in spans), key=lambda x: x[0])
    for (s1, e1, k1), (s2, e2, k2) in zip(ordered, ordered[1:]):
        glue = doc[e1:s2].text if s2 > e1 else ""
        if s2 >= e1 and k1 in by_key and k2 in by_key and _ALIAS_GLUE.match(" " + glue + " " if glue else "") \
                and doc[s1].sent.start == doc[s2].sent.start and by_key[k1].kind != "Person":
            merge(by_key[k2], by_key[k1])
            last_alias_target = by_key[k1]
        elif s2 >= e1 and k2 in by_key and re.fullmatch(r"\s*(?:,\s*)?or\s*", glue) and "last_alias_target" in locals() \
                and by_key[k1].root() is last_alias_target.root():
            merge(by_key[k2], last_alias_target)  # "known as Y or Z"
    # "Department of Energy" and "Energy Department", "Ministry of Health" and "Health Ministry": one body.
    for key, cluster in list(by_key.items()):
        m = re.fullmatch(r"(department|ministry|office) of (?:the )?(\w+(?: \w+)?)", key)
        other = by_key.get(f"{m[2]} {m[1]}") if m else None
        if other is not None and other.kind == cluster.kind == "Organization":
            merge(cluster, other)
    # Each comparison below looks names up in an index built once (by initials, by last words, by
    # all but one word), in text order: a long article has thousands of names, and comparing every
    # pair made the step quadratic.
    # Acronyms: "NTSB" for "National Transportation Safety Board".
    by_initials: dict[str, list[Cluster]] = {}
    for other_key, other in by_key.items():
        if len(other_key.split()) > 1:
            by_initials.setdefault(_initials(other.name), []).append(other)
    for key, cluster in by_key.items():
        if re.fullmatch(r"[a-z]{2,6}", key) and cluster.name.isupper():
            for other in by_initials.get(cluster.name, ()):
                if other is not cluster and other.kind == cluster.kind:
                    merge(cluster, other)
    # Surnames and short forms of people: "Doe", "Ms. Doe" → "Jane Q. Doe".
    people = [c for c in order if c.kind == "Person"]
    by_last_words: dict[tuple[str, ...], list[Cluster]] = {}
    for o in people:
        words = name_key(o.name).split()
        for k in range(1, len(words)):
            by_last_words.setdefault(tuple(words[-k:]), []).append(o)
    for c in people:
        longer = by_last_words.get(tuple(name_key(c.name).split()), [])
        if longer and len({o.root().name for o in longer}) == 1:
            merge(c, longer[0])
    # Short forms of organisations written after the full name: "Crossroads" after "American
    # Crossroads", "Nusra" after "Nusra Front" (one such longer name only, and only later mentions).
    orgs = [c for c in order if c.kind == "Organization" and c.merged_into is None]
    by_all_but_one: dict[tuple[str, ...], list[Cluster]] = {}
    for o in orgs:
        words = name_key(o.name).split()
        for part in {tuple(words[:-1]), tuple(words[1:])} if len(words) > 1 else ():
            by_all_but_one.setdefault(part, []).append(o)
    for c in orgs:
        words = name_key(c.name).split()
        if len(words) > 2 or c.name.isupper():
            continue
        longer = [o for o in by_all_but_one.get(tuple(words), ()) if o is not c and o.merged_into is None
                  and affix(words, name_key(o.name).split()) and min(o.spans)[0] < min(c.spans)[0]]
        if len(longer) == 1:
            merge(c, longer[0])
    # Canonical names: the longest written form for people, the first full form otherwise.
    roots = [c for c in order if c.merged_into is None]
    for c in roots:
        texts = [_display(doc[s:e], c.kind) for s, e in sorted(c.spans)]
        if c.kind == "Person":
            c.name = max(texts, key=lambda t: (len(name_key(t).split()), len(t)))
        else:
            full = [t for t in texts if not t.isupper()] or texts
            c.name = full[0]
        c.spans = sorted(set(c.spans))
    return roots


def _display(span: Span, kind: str = "Person") -> str:
    """A span's name as a label: a person's honorifics and possessives off, curly apostrophes
    kept; an organisation keeps its first word ("General Motors", "Judge Institute")."""
    words = _full_name(span.text).split()
    while kind == "Person" and len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    text = " ".join(words)
    return re.sub(r"(?:'s|’s|'|’)$", "", text)


def entities_component(doc: Doc) -> Doc:
    clusters = build_clusters(doc)
    doc._.nkg_clusters = clusters
    index: dict[int, Cluster] = {}
    for c in clusters:
        for s, e in c.spans:
            for i in range(s, e):
                index[i] = c
    doc._.nkg_token_cluster = index
    return doc
