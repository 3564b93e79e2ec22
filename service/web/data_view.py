"""A node's raw statements, as a table people can read: what it says (subject) and what says
something of it (object), predicates as prefixed names, nodes by their labels, literals for
humans, paged 200 at a time. Every node has it at ``?view=data``; nodes without a page of their
own (mentions, roles, amounts, link decisions) are shown this way."""

from __future__ import annotations

import pyoxigraph as ox

from service.rdfterms import PREFIXES as NAMESPACES
from service.web.reading import node, select, text
from service.web.views import page_number, pager, respond

LIMIT = 200
OUT = """SELECT ?p ?o (SAMPLE(?l) AS ?label) WHERE { ?iri ?p ?o OPTIONAL { ?o rdfs:label ?l } }
GROUP BY ?p ?o ORDER BY ?p ?o LIMIT %d OFFSET %d"""
IN = """SELECT ?s ?p (SAMPLE(?l) AS ?label) WHERE { ?s ?p ?iri OPTIONAL { ?s rdfs:label ?l } }
GROUP BY ?s ?p ORDER BY ?p ?s LIMIT %d OFFSET %d"""
CSV_FIELDS = ["subject", "predicate", "object"]


def short(iri: str) -> str:
    """An IRI as a prefixed name where a known prefix fits ("nkg:claimText"), else as it is."""
    for prefix, ns in NAMESPACES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _term(term, label) -> dict:
    if isinstance(term, ox.NamedNode):
        return {**node(term, label), "literal": False}
    return {"label": text(term), "iri": "", "href": None, "literal": True, "value": term.value}


def render(iri: ox.NamedNode, fmt: str):
    """The statements of ``iri`` (page ``?page=``) in ``fmt`` (html, json or csv)."""
    page = page_number()
    offset = (page - 1) * LIMIT
    out = select(OUT % (LIMIT + 1, offset), iri=iri)
    inc = select(IN % (LIMIT + 1, offset), iri=iri)
    more = len(out) > LIMIT or len(inc) > LIMIT
    outgoing = [{"p": short(r["p"].value), "p_iri": r["p"].value, "o": _term(r["o"], r["label"])} for r in out[:LIMIT]]
    incoming = [{"p": short(r["p"].value), "p_iri": r["p"].value, "s": _term(r["s"], r["label"])} for r in inc[:LIMIT]]
    me = node(iri)
    rows = [{"subject": iri.value, "predicate": t["p_iri"], "object": t["o"]["iri"] or t["o"]["value"]} for t in outgoing]
    rows += [{"subject": t["s"]["iri"] or t["s"]["value"], "predicate": t["p_iri"], "object": iri.value} for t in incoming]
    data = {"iri": iri.value, "page": page, "per_page": LIMIT, "next": page + 1 if more else None, "statements": rows}
    context = {"label": me["label"], "iri": iri.value, "outgoing": outgoing, "incoming": incoming,
               "pager": pager(page, more), "page_href": me["href"]}
    return respond("data.html", context, data=data, rows=rows, fields=CSV_FIELDS, fmt=fmt, rdf=True)
