"""A node's raw statements, as a table people can read: what it says (subject) and what says
something of it (object), predicates as prefixed names, nodes by their labels, literals for
humans, paged 200 at a time. Every node has it at ``?view=data``; nodes without a page of their
own (mentions, roles, amounts, link decisions) are shown this way."""

from __future__ import annotations

import pyoxigraph as ox

from service.rdfterms import PREFIXES as NAMESPACES
from service.web.reading import node, select, text, values
from service.web.views import page_number, pager, respond

LIMIT = 200
MOST = 20000  # statements read per direction; a node with more shows the first MOST, and says so
# Read unordered and sorted here (ORDER BY over IRIs is slow in the engine, see ``actor_page``).
OUT = f"SELECT DISTINCT ?p ?o WHERE {{ ?iri ?p ?o }} LIMIT {MOST}"
IN = f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p ?iri }} LIMIT {MOST}"
LABELS = "SELECT ?n ?label WHERE { VALUES ?n { ?nodes } ?n rdfs:label ?label }"
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


def _key(term) -> tuple:
    return (isinstance(term, ox.Literal), term.value)


def _labels(terms) -> dict[str, ox.Literal]:
    nodes = {t.value: t for t in terms if isinstance(t, ox.NamedNode)}
    if not nodes:
        return {}
    found: dict[str, ox.Literal] = {}
    for r in select(LABELS.replace("?nodes", values(nodes.values()))):
        if r["n"].value not in found or r["label"].value < found[r["n"].value].value:
            found[r["n"].value] = r["label"]
    return found


def render(iri: ox.NamedNode, fmt: str):
    """The statements of ``iri`` (page ``?page=``) in ``fmt`` (html, json or csv)."""
    page = page_number()
    cut = slice((page - 1) * LIMIT, page * LIMIT)
    out_all = sorted(select(OUT, iri=iri), key=lambda r: (r["p"].value, _key(r["o"])))
    in_all = sorted(select(IN, iri=iri), key=lambda r: (r["p"].value, _key(r["s"])))
    out, inc = out_all[cut], in_all[cut]
    more = len(out_all) > cut.stop or len(in_all) > cut.stop
    labels = _labels([r["o"] for r in out] + [r["s"] for r in inc])
    outgoing = [{"p": short(r["p"].value), "p_iri": r["p"].value, "o": _term(r["o"], labels.get(r["o"].value))}
                for r in out]
    incoming = [{"p": short(r["p"].value), "p_iri": r["p"].value, "s": _term(r["s"], labels.get(r["s"].value))}
                for r in inc]
    me = node(iri)
    rows = [{"subject": iri.value, "predicate": t["p_iri"], "object": t["o"]["iri"] or t["o"]["value"]} for t in outgoing]
    rows += [{"subject": t["s"]["iri"] or t["s"]["value"], "predicate": t["p_iri"], "object": iri.value} for t in incoming]
    data = {"iri": iri.value, "page": page, "per_page": LIMIT, "next": page + 1 if more else None,
            "statements": rows, "truncated": len(out_all) >= MOST or len(in_all) >= MOST}
    context = {"label": me["label"], "iri": iri.value, "outgoing": outgoing, "incoming": incoming,
               "pager": pager(page, more), "page_href": me["href"], "truncated": data["truncated"]}
    return respond("data.html", context, data=data, rows=rows, fields=CSV_FIELDS, fmt=fmt, rdf=True)
