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

from service.nlp.entity_spans import _STOP_INITIALS, KIND_OF_LABEL, candidate_spans
from service.nlp.entity_spans import TITLE_NOUNS  # noqa: F401  (read from here by speakers)
from service.nlp.lexicon import (FACILITY_NOUNS, HONORIFICS, LOCATIVE_PREPS, ORG_EXTENSION_NOUNS,
                                 ORG_NOUNS, PERSON_NOUNS, PLACE_NOUNS, REPORTING_VERBS, STATE_ABBREVIATIONS)

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
    person_surnames |= _untagged_speaker_surnames(doc)
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


def _untagged_speaker_surnames(doc: Doc) -> set[str]:
    """The surnames of full names the model left untagged that say something ("Ada Varga said"):
    a person's, so that the surname alone, typed a place or a group elsewhere, is that person."""
    out = set()
    for tok in doc:
        if tok.dep_ == "nsubj" and tok.pos_ == "PROPN" and tok.is_title and not tok.ent_type_ and tok.i > 0 \
                and tok.head.lemma_.lower() in REPORTING_VERBS:
            first = doc[tok.i - 1]
            if first.head.i == tok.i and first.dep_ in ("compound", "flat") and first.pos_ == "PROPN" \
                    and first.is_title and not first.ent_type_ and first.lower_.rstrip(".") not in HONORIFICS:
                out.add(name_key(tok.text))
    return out


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
    spans = candidate_spans(doc)
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
    # Acronyms: "NTSB" for "National Transportation Safety Board", "U.S." for "United States".
    by_initials: dict[str, list[Cluster]] = {}
    for other_key, other in by_key.items():
        if len(other_key.split()) > 1:
            by_initials.setdefault(_initials(other.name), []).append(other)
    for key, cluster in by_key.items():
        if re.fullmatch(r"[a-z]{2,6}", key) and cluster.name.isupper():
            for other in by_initials.get(cluster.name.replace(".", ""), ()):
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
