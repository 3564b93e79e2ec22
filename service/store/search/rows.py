"""What the search index keeps of one named graph: its articles, claims and entities, read off its quads.

The same function reads an article graph (its article, claims, and the actors scoped to it) and an
actor's own graph (its label, other names and classes), whether the graph was just written or the
index is being rebuilt, so an index kept in step and one rebuilt from the store hold the same rows.
The terms are spelt out here: the store layer knows no rdflib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

NKG = "https://w3id.org/newskg#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"

CLAIM_KINDS = {NKG + "Statement": "statement", NKG + "Belief": "belief", NKG + "Finding": "finding"}
ENTITY_CLASSES = {NKG + "Actor", NKG + "Person", NKG + "Organization", NKG + "Location"}
MONTH = re.compile(r"\d{4}-\d{2}")


@dataclass
class ClaimRow:
    """A claim as a result row needs it; ``month`` and ``outlet`` come from its article."""

    iri: str
    article: str = ""
    kind: str = "claim"
    text: str = ""
    date: str = ""
    start: int = 0
    cue: str = ""
    published: str = ""
    month: str = ""
    outlet: str = ""
    speakers: list[str] = field(default_factory=list)
    about: list[str] = field(default_factory=list)


@dataclass
class EntityRow:
    """An actor or place as one graph describes it: its label, every name, and its kinds."""

    iri: str
    label: str = ""
    names: list[str] = field(default_factory=list)
    person: bool = False
    organisation: bool = False
    place: bool = False


@dataclass
class ArticleRow:
    """An article: its headline, publication date and outlet (publisher's IRI)."""

    iri: str
    headline: str = ""
    published: str = ""
    outlet: str = ""


@dataclass
class GraphRows:
    """Everything the index keeps of one graph, and the graph's quad count (its freshness check)."""

    quads: int = 0
    articles: list[ArticleRow] = field(default_factory=list)
    claims: list[ClaimRow] = field(default_factory=list)
    entities: list[EntityRow] = field(default_factory=list)


def _label_key(name: str) -> tuple[int, int, str]:
    """The label rule of ``mapping.entities``: most words, then most characters, then code points."""
    return name.count(" "), len(name), name


def graph_rows(quads: Iterable, *, quads_in_graph: int | None = None) -> GraphRows:
    """The rows of one graph from its (pyoxigraph) quads: all of them, or at least those of the
    properties and classes used here with the graph's size given as ``quads_in_graph``."""
    by_subject: dict[str, list[tuple[str, object]]] = {}
    count = 0
    for q in quads:
        count += 1
        by_subject.setdefault(q.subject.value, []).append((q.predicate.value, q.object))
    out = GraphRows(quads=count if quads_in_graph is None else quads_in_graph)
    for subject, pos in by_subject.items():
        types = {o.value for p, o in pos if p == RDF_TYPE}
        if NKG + "Article" in types:
            out.articles.append(_article(subject, pos))
        if NKG + "Claim" in types:
            out.claims.append(_claim(subject, pos, types))
        elif types & ENTITY_CLASSES:
            out.entities.append(_entity(subject, pos, types))
    articles = {a.iri: a for a in out.articles}
    for c in out.claims:
        art = articles.get(c.article)
        if art is not None:
            c.published, c.outlet = art.published, art.outlet
            c.month = art.published[:7] if MONTH.match(art.published) else ""
    return out


def _first(pos, predicate: str) -> str:
    values = sorted(o.value for p, o in pos if p == predicate)
    return values[0] if values else ""


def _article(iri: str, pos) -> ArticleRow:
    return ArticleRow(iri=iri, headline=_first(pos, NKG + "headline") or _first(pos, RDFS_LABEL),
                      published=_first(pos, NKG + "published"), outlet=_first(pos, NKG + "publisher"))


def _claim(iri: str, pos, types: set[str]) -> ClaimRow:
    kinds = sorted(CLAIM_KINDS[t] for t in types if t in CLAIM_KINDS)
    start = _first(pos, NKG + "startOffset")
    return ClaimRow(iri=iri, article=_first(pos, NKG + "quotedIn"), kind=kinds[0] if kinds else "claim",
                    text=_first(pos, NKG + "claimText"), date=_first(pos, NKG + "claimDate"),
                    start=int(start) if start.isdigit() else 0, cue=_first(pos, NKG + "cue"),
                    speakers=sorted({o.value for p, o in pos if p == NKG + "claimant"}),
                    about=sorted({o.value for p, o in pos if p == NKG + "about"}))


def _entity(iri: str, pos, types: set[str]) -> EntityRow:
    labels = [o.value for p, o in pos if p == RDFS_LABEL]
    names = sorted({*labels, *(o.value for p, o in pos if p == SKOS_ALT)})
    return EntityRow(iri=iri, label=max(labels, key=_label_key) if labels else "", names=names,
                     person=bool({NKG + "Person", NKG + "UnnamedPerson"} & types),
                     organisation=bool({NKG + "Organization", NKG + "UnnamedGroup"} & types),
                     place=NKG + "Location" in types)
