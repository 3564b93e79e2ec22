"""How the pages show RDF terms to people: labels in place of IRIs, numbers without their
datatype, dates as "9 December 2016", a claim's class as "statement", "belief" or "finding"."""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox

NKG = "https://w3id.org/newskg#"
XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = {NKG + "Statement": "statement", NKG + "Belief": "belief", NKG + "Finding": "finding"}
ENTITY_TYPES = {NKG + "Person": "person", NKG + "Organization": "organisation", NKG + "Location": "place",
                NKG + "UnnamedPerson": "person", NKG + "UnnamedGroup": "organisation"}
_NUMBERS = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                              "nonNegativeInteger", "positiveInteger")}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def human_date(value: str) -> str:
    """An ISO date, month, year or date-time as people write it; anything else as it is.

    >>> human_date("2016-12-09"), human_date("2016-12"), human_date("2016"), human_date("2016-12-09T10:30:00Z")
    ('9 December 2016', 'December 2016', '2016', '9 December 2016, 10:30')
    >>> human_date("last week")
    'last week'
    """
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})\S*)?)?)?", value.strip())
    if not m:
        return value
    year, month, day, hour, minute = m.groups()
    try:
        if day:
            date(int(year), int(month), int(day))
            text = f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
            return f"{text}, {hour}:{minute}" if hour else text
        if month:
            return f"{_MONTHS[int(month) - 1]} {year}"
    except (ValueError, IndexError):
        return value
    return year


def human_number(value: str) -> str:
    """A number literal without its datatype, with thousands separators ("1,250", "0.75").

    >>> human_number("1250"), human_number("0.7500"), human_number("12.0"), human_number("x")
    ('1,250', '0.75', '12', 'x')
    """
    try:
        number = float(value)
    except ValueError:
        return value
    if number.is_integer() and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:,.6f}".rstrip("0").rstrip(".")


def human(term) -> str:
    """A literal's lexical value as people read it (a number, a date, a yes/no); an IRI as itself."""
    if term is None:
        return ""
    if not isinstance(term, ox.Literal):
        return term.value
    dtype = term.datatype.value
    if dtype in _NUMBERS:
        return human_number(term.value)
    if dtype in (XSD + "date", XSD + "dateTime", XSD + "gYearMonth", XSD + "gYear"):
        return human_date(term.value)
    if dtype == XSD + "boolean":
        return "yes" if term.value in ("true", "1") else "no"
    return term.value


def iri_label(iri: str) -> str:
    """A readable stand-in for a node with no label: the last segment of its IRI, unslugged.

    >>> iri_label("http://x.test/entity/person/jane-doe"), iri_label("https://w3id.org/newskg#claimText")
    ('jane doe', 'claimText')
    """
    tail = re.split(r"[/#]", iri.rstrip("/"))[-1]
    return tail.replace("-", " ") if re.fullmatch(r"[\w-]+", tail) else tail


def kind_of(types) -> str:
    """The kind of claim its classes make it: "statement", "belief" or "finding" ("" if none)."""
    for t in types:
        kind = KINDS.get(t if isinstance(t, str) else t.value)
        if kind:
            return kind
    return ""


def entity_type(types) -> str:
    """"person", "organisation" or "place" for an actor's or place's classes ("" if none)."""
    found = {ENTITY_TYPES[t] for t in types if t in ENTITY_TYPES}
    for name in ("person", "organisation", "place"):
        if name in found:
            return name
    return ""
