"""Every format newskg reads or writes, in one table: CLI names, file extensions, media types.

Graphs are serialised by pyoxigraph; this module only maps names to its ``RdfFormat`` and
``QueryResultsFormat`` and chooses one from an HTTP ``Accept`` header. No other module types
a media type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import QueryResultsFormat, RdfFormat

from service.errors import UnsupportedFormat


@dataclass(frozen=True, slots=True)
class Format:
    name: str  # the CLI name (-f NAME)
    media_type: str
    extension: str
    datasets: bool  # can it carry named graphs?
    rdf: RdfFormat | None = None
    results: QueryResultsFormat | None = None
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        return self.media_type if "charset" in self.media_type or "json" in self.media_type \
            else self.media_type + "; charset=utf-8"


GRAPH_FORMATS: tuple[Format, ...] = (
    # "n3": SPARQLWrapper's N3 (and most endpoints' answer to it) is Turtle, which N3 includes.
    Format("turtle", "text/turtle", "ttl", False, rdf=RdfFormat.TURTLE, aliases=("ttl", "n3")),
    Format("trig", "application/trig", "trig", True, rdf=RdfFormat.TRIG),
    Format("nt", "application/n-triples", "nt", False, rdf=RdfFormat.N_TRIPLES, aliases=("ntriples", "n-triples")),
    Format("nq", "application/n-quads", "nq", True, rdf=RdfFormat.N_QUADS, aliases=("nquads", "n-quads")),
    Format("jsonld", "application/ld+json", "jsonld", True, rdf=RdfFormat.JSON_LD, aliases=("json-ld", "json")),
    # "xml": SPARQLWrapper's default return format, which means RDF/XML for CONSTRUCT and DESCRIBE.
    Format("rdfxml", "application/rdf+xml", "rdf", False, rdf=RdfFormat.RDF_XML,
           aliases=("xml-rdf", "rdf", "rdf+xml", "xml")),
)
RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", "srj", False, results=QueryResultsFormat.JSON),
    Format("xml", "application/sparql-results+xml", "srx", False, results=QueryResultsFormat.XML),
    Format("csv", "text/csv", "csv", False, results=QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", "tsv", False, results=QueryResultsFormat.TSV),
)
# Extra media types clients send for the same formats.
_MEDIA_ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/x-turtle": "turtle",
    "text/plain": "nt",
    "application/x-trig": "trig",
    "text/x-nquads": "nq",
    "application/json+ld": "jsonld",
}


def graph_format(name: str, *, datasets: bool | None = None) -> Format:
    """The graph format called ``name`` (CLI name, alias, extension or media type), as a
    ``format=`` parameter names it for a CONSTRUCT or DESCRIBE: SPARQLWrapper sends ``xml``
    (RDF/XML), ``rdf+xml``, ``n3`` (Turtle), ``json-ld``.

    >>> graph_format("ttl").media_type, graph_format("xml").name, graph_format("n3").name
    ('text/turtle', 'rdfxml', 'turtle')
    """
    key = name.lower().strip().lstrip(".")
    for f in GRAPH_FORMATS:
        if key in (f.name, f.extension, f.media_type, *f.aliases):
            if datasets and not f.datasets:
                break
            return f
    names = ", ".join(f.name for f in GRAPH_FORMATS if not datasets or f.datasets)
    raise UnsupportedFormat(f"unknown graph format {name!r}; use one of: {names}")


def results_format(name: str) -> Format:
    """The results format called ``name`` (name, extension or media type), for SELECT and ASK."""
    key = name.lower().strip().lstrip(".")
    for f in RESULT_FORMATS:
        if key in (f.name, f.extension, f.media_type) or _MEDIA_ALIASES.get(key) == f.name:
            return f
    raise UnsupportedFormat(f"unknown results format {name!r}; use one of: json, xml, csv, tsv")


def _parse_accept(accept: str) -> list[tuple[str, float]]:
    items = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if media:
            items.append((media, q, -i))
    items.sort(key=lambda x: (x[1], x[2]), reverse=True)
    return [(m, q) for m, q, _ in items if q > 0]


def negotiate(accept: str | None, candidates: tuple[Format, ...], default: Format) -> Format:
    """Pick the client's preferred format among ``candidates`` from an Accept header.

    >>> negotiate("text/csv, application/json;q=0.5", RESULT_FORMATS, RESULT_FORMATS[0]).name
    'csv'
    """
    if not accept:
        return default
    by_media = {f.media_type.split(";")[0]: f for f in candidates}
    by_name = {f.name: f for f in candidates}
    for media, _ in _parse_accept(accept):
        if media in by_media:
            return by_media[media]
        if media in _MEDIA_ALIASES and _MEDIA_ALIASES[media] in by_name:
            return by_name[_MEDIA_ALIASES[media]]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise UnsupportedFormat(
        f"cannot answer in any of: {accept}; available: " + ", ".join(f.media_type.split(';')[0] for f in candidates))


@lru_cache(maxsize=256)
def negotiate_cached(accept: str | None, candidates: tuple[Format, ...]) -> Format:
    """``negotiate`` with ``candidates[0]`` as the default, memoised: clients send the same few
    Accept headers over and over, so the parse happens once per distinct header."""
    return negotiate(accept, candidates, candidates[0])
