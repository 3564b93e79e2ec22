"""The typed intermediate representation between language analysis and RDF.

Everything here is a frozen dataclass with character offsets into ``Article.text`` (the
article body as read, after byline, footer and page junk were removed). Nothing in this module
knows about spaCy or rdflib: ``nlp`` produces these objects, ``mapping`` consumes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class EntityKind(str, Enum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"


class ClaimKind(str, Enum):
    DIRECT = "direct"          # a quotation in quotation marks
    INDIRECT = "indirect"      # reported speech: "X said (that) ..."
    MIXED = "mixed"            # reported speech with a partial quotation inside
    ACCORDING_TO = "according_to"


class AttributionKind(str, Enum):
    """What a claim attributes (its class in the ontology); ``ClaimKind`` says how it is written."""

    STATEMENT = "statement"    # speech or writing: "said", "according to", "accused X of"
    BELIEF = "belief"          # thoughts, wishes, intentions: "believes", "plans to"
    FINDING = "finding"        # what documents, polls or data show: "the survey found"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place in the text where an entity is named or referred to."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """The outcome of linking one entity: a Wikidata QID, or ``qid=None`` for "no item fits"."""

    qid: str | None
    score: float
    method: str  # "search", "override", "unreachable" ...
    label: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor (person, organisation) or a place, merged over all its mentions in the article.

    ``key`` is unique within the article and stable for the same text. ``named`` is False for
    described actors such as "an official at the ministry" or "American officials", which are
    kept as actors of their own (scoped to the article) rather than dropped. ``distinctive`` says
    whether the name alone tells this actor apart across articles (a full personal name, a proper
    name that is not a common noun); a bare given name or surname ("Bob", "Smith") or a generic
    name ("the Treasury") is not, and stays scoped to its article unless a Wikidata link
    identifies it.
    """

    key: str
    kind: EntityKind
    name: str
    mentions: tuple[Mention, ...] = ()
    aliases: tuple[str, ...] = ()
    named: bool = True
    affiliation: str | None = None  # key of an organisation or place this actor belongs to
    link: Link | None = None
    distinctive: bool = True


@dataclass(frozen=True, slots=True)
class Role:
    """A person's role, e.g. "director" of an organisation, from an apposition or a title."""

    person: str  # entity key
    title: str
    organization: str | None  # entity key
    start: int
    end: int
    former: bool = False  # "former", "ex-", "then-", "retired": no longer held


@dataclass(frozen=True, slots=True)
class Amount:
    """A number with its unit: "495 airstrikes", "more than 1,000 militants", "125-mile wall"."""

    value: float
    unit: str
    text: str
    start: int
    end: int
    qualifier: str | None = None  # "more than", "at least", "about" ...
    of: str | None = None  # what it describes when the unit does not say it: the "boy" of "a 5-year-old boy"
    kind: str | None = None  # "age" or "duration"; None for counts, measures, money and shares


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date expression resolved against the publication date (``value`` is ISO, maybe partial)."""

    text: str
    start: int
    end: int
    value: str | None


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement the article attributes to someone: who said what, about whom, when.

    ``text`` is the content (the quotation without its marks, or the reported clause);
    ``start``/``end`` span it in the article text. A quotation split around its cue keeps one
    claim whose ``segments`` hold each piece's offsets.
    """

    kind: ClaimKind
    text: str
    start: int
    end: int
    speakers: tuple[str, ...]  # entity keys
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    about: tuple[str, ...] = ()  # entity keys of the actors and places the claim mentions
    date: str | None = None  # ISO date (maybe partial) of when it was said
    segments: tuple[tuple[int, int], ...] = ()
    attribution: AttributionKind = AttributionKind.STATEMENT


@dataclass(frozen=True, slots=True)
class RawArticle:
    """An article as a reader found it, before language analysis."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date or datetime
    authors: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    publisher: str | None = None
    author_roles: tuple[tuple[str, str, str], ...] = ()  # (author, title, organisation) from the bio
    reported_from: tuple[str, ...] = ()  # places in the dateline or "contributed reporting from X"
    source: str | None = None  # file path, URL or "stdin", for messages


@dataclass(frozen=True, slots=True)
class Article:
    """An analysed article: its metadata and everything extracted from its text."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    publisher: str | None = None
    author_roles: tuple[tuple[str, str, str], ...] = ()  # (author, title, organisation) from the bio
    reported_from: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    roles: tuple[Role, ...] = ()
    amounts: tuple[Amount, ...] = ()
    dates: tuple[DateRef, ...] = ()
    language: str = "en"

    def entity(self, key: str) -> Entity:
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)
