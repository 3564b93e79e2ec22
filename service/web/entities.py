"""Every IRI the service mints (``/entity/...``, ``/article/...`` and the claims, actors and
spans under an article) dereferences: to its reading page for browsers (an article, a claim,
a person, organisation or place; any other node to its statements), to JSON or CSV
(``?format=json|csv``, see ``views``), or to RDF (Turtle, JSON-LD, N-Triples, RDF/XML by
``Accept``; ``?format=ttl|jsonld``). ``?view=data`` shows any node's raw statements."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request

from service.errors import NotFound
from service.formats import GRAPH_FORMATS
from service.rdfterms import PREFIXES
from service.web import actor_page, article_page, claim_page, data_view
from service.web.links import iris_for, relative
from service.web.reading import ask, select
from service.web.state import state
from service.web.views import chosen_format

bp = Blueprint("entities", __name__)
bp.add_app_template_global(relative, "rel")  # pages link relative to themselves (``web.links``)
NKG = "https://w3id.org/newskg#"

DESCRIBE = "CONSTRUCT { ?iri ?p ?o . ?s ?q ?iri } WHERE { { ?iri ?p ?o } UNION { ?s ?q ?iri } }"
ARTICLE_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?iri { ?s ?p ?o } }"
TYPES = "SELECT ?type WHERE { ?iri a ?type } LIMIT 100"
EXISTS = "ASK WHERE { { ?iri ?p ?o } UNION { ?s ?q ?iri } }"
# Which page a node gets, by its classes (the first that applies).
PAGES = ((NKG + "Article", "article"), (NKG + "Claim", "claim"), (NKG + "Person", "actor"),
         (NKG + "Organization", "actor"), (NKG + "Location", "actor"), (NKG + "Actor", "actor"))
RDF_BY_NAME = {"ttl": "turtle", "jsonld": "jsonld"}


def _resolve() -> tuple[ox.NamedNode, str]:
    """The node this request path names (under the configured base or the one its data was
    minted under, whatever host and port the request came to) and the kind of page it gets."""
    for candidate in iris_for(request.path):
        try:
            iri = ox.NamedNode(candidate)
        except ValueError:  # a path no minted IRI has ("/entity/a b")
            continue
        types = {r["type"].value for r in select(TYPES, iri=iri) if r["type"] is not None}
        for cls, kind in PAGES:
            if cls in types:
                return iri, kind
        if types or ask(EXISTS, iri=iri):
            return iri, "data"
    raise NotFound(f"nothing is known about {request.path}")


def _rdf_format():
    """The RDF format asked for (``?format=ttl|jsonld``, or an RDF media type in ``Accept``), or None."""
    asked = request.args.get("format")
    if asked in RDF_BY_NAME:
        return next(f for f in GRAPH_FORMATS if f.name == RDF_BY_NAME[asked])
    if asked is not None:
        return None
    offers = ["text/html", "application/json", "text/csv"] + [f.media_type for f in GRAPH_FORMATS if not f.datasets
                                                               or f.name == "jsonld"]
    best = request.accept_mimetypes.best_match(offers) or "text/html"
    return next((f for f in GRAPH_FORMATS if f.media_type == best), None)


def _rdf(iri: ox.NamedNode, kind: str, fmt) -> Response:
    """The node's statements: an article's whole named graph; any other node's statements in
    and out (a bounded-size answer either way: an article graph, or one node's triples)."""
    query = ARTICLE_GRAPH if kind == "article" else DESCRIBE
    triples = list(state().store.query(query, substitutions={ox.Variable("iri"): iri}))
    body = ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES if fmt.name == "turtle" else None)
    return Response(body, content_type=fmt.content_type, headers={"Vary": "Accept"})


@bp.route("/entity/<path:rest>")
@bp.route("/article/<path:rest>")
def entity(rest: str):
    """The page, table or graph of the node this path names (see the module's docstring)."""
    iri, kind = _resolve()
    rdf = _rdf_format()
    if rdf is not None:
        return _rdf(iri, kind, rdf)
    fmt = chosen_format(rdf=True)
    if request.args.get("view") == "data" or kind == "data":
        return data_view.render(iri, fmt)
    module = {"article": article_page, "claim": claim_page, "actor": actor_page}[kind]
    return module.render(iri, fmt)
