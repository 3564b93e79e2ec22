"""Entity pages: every IRI the service mints (``/entity/...``, ``/article/...`` and the claims,
actors and spans under an article) dereferences to HTML for browsers, or to Turtle / JSON-LD /
N-Triples / RDF/XML (its outgoing and incoming triples) for RDF clients."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from service.errors import NotFound
from service.formats import GRAPH_FORMATS
from service.rdfterms import PREFIXES
from service.web.links import href, iris_for, relative
from service.web.state import state

bp = Blueprint("entities", __name__)
bp.add_app_template_global(relative, "rel")  # pages link relative to themselves (``web.links``)
NKG = "https://w3id.org/newskg#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_EXACT = "http://www.w3.org/2004/02/skos/core#exactMatch"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

DESCRIBE = "CONSTRUCT { ?iri ?p ?o . ?s ?q ?iri } WHERE { { ?iri ?p ?o } UNION { ?s ?q ?iri } }"
CLAIMS = """PREFIX nkg: <https://w3id.org/newskg#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?iri ?rel ?claim ?text ?article ?title ?published ?publisher ?date ?who ?whoName WHERE {
  ?claim a nkg:Claim ; nkg:claimText ?text ; ?rel ?iri .
  OPTIONAL { ?claim nkg:claimDate ?date }
  OPTIONAL { ?claim nkg:quotedIn ?article
             OPTIONAL { ?article rdfs:label ?title } OPTIONAL { ?article nkg:published ?published }
             OPTIONAL { ?article nkg:publisher/rdfs:label ?publisher } }
  OPTIONAL { ?claim nkg:claimant ?who OPTIONAL { ?who rdfs:label ?whoName } }
} ORDER BY DESC(?published) ?article ?claim"""
ROLES = """PREFIX nkg: <https://w3id.org/newskg#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?iri ?title ?org ?orgName WHERE {
  ?iri nkg:holdsRole ?role . ?role nkg:roleTitle ?title .
  OPTIONAL { ?role nkg:roleIn ?org OPTIONAL { ?org rdfs:label ?orgName } }
} ORDER BY ?title"""


def _href(term) -> str | None:
    return href(term.value) if isinstance(term, ox.NamedNode) else None


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _claims(iri: ox.NamedNode, rel: str) -> list[dict]:
    rows = state().store.query(CLAIMS, substitutions={ox.Variable("iri"): iri,
                                                      ox.Variable("rel"): ox.NamedNode(NKG + rel)})
    return [{"href": _href(r["claim"]), "text": r["text"].value, "article": _href(r["article"]),
             "title": _article_title(r), "date": r["date"].value if r["date"] else "",
             "who": r["whoName"].value if r["whoName"] else "", "who_href": _href(r["who"])} for r in rows]


def _article_title(row) -> str:
    """The headline, else "publisher, date", else the article's IRI."""
    if row["title"]:
        return row["title"].value
    parts = [row[k].value for k in ("publisher", "published") if row[k]]
    return ", ".join(parts) or (row["article"].value if row["article"] else "")


def _roles(iri: ox.NamedNode) -> list[dict]:
    rows = state().store.query(ROLES, substitutions={ox.Variable("iri"): iri})
    return [{"title": r["title"].value, "org": r["orgName"].value if r["orgName"] else "", "href": _href(r["org"])}
            for r in rows]


@bp.route("/entity/<path:rest>")
@bp.route("/article/<path:rest>")
def entity(rest: str):
    st = state()
    # The path names an IRI minted under the configured base or the one the store's articles were
    # minted under, whatever host and port this request came to.
    iri, triples = None, []
    for candidate in iris_for(request.path):
        try:
            iri = ox.NamedNode(candidate)
        except ValueError:  # a path no minted IRI has ("/entity/a b")
            continue
        triples = list(st.store.query(DESCRIBE, substitutions={ox.Variable("iri"): iri}))
        if triples:
            break
    if not triples:
        raise NotFound(f"nothing is known about {request.path}")
    offers = ["text/html"] + [f.media_type for f in GRAPH_FORMATS if not f.datasets or f.name == "jsonld"]
    best = request.accept_mimetypes.best_match(offers) or "text/html"
    if best != "text/html":
        fmt = next(f for f in GRAPH_FORMATS if f.media_type == best)
        body = ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES if fmt.name == "turtle" else None)
        return Response(body, content_type=fmt.content_type, headers={"Vary": "Accept"})
    out = [t for t in triples if t.subject == iri]
    incoming = [t for t in triples if t.subject != iri]
    labels = sorted({t.object.value for t in out if t.predicate.value == RDFS_LABEL})
    types = sorted({_short(t.object.value) for t in out if t.predicate.value == RDF_TYPE})
    matches = sorted({t.object.value for t in out if t.predicate.value == SKOS_EXACT})
    props = [{"p": _short(t.predicate.value), "o": t.object.value, "href": _href(t.object)}
             for t in out if t.predicate.value not in (RDFS_LABEL, RDF_TYPE)]
    refs = [{"s": t.subject.value, "href": _href(t.subject), "p": _short(t.predicate.value)} for t in incoming]
    resp = Response(render_template(
        "entity.html", iri=iri.value, self_href=relative(request.path), label=labels[0] if labels else rest.rsplit("/", 1)[-1], labels=labels,
        types=types, matches=matches, said=_claims(iri, "claimant"), about=_claims(iri, "about"), roles=_roles(iri),
        props=props, refs=refs))
    resp.headers["Vary"] = "Accept"
    return resp
