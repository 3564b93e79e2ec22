"""What the reading pages share: SPARQL through the service's one query path, and RDF terms
turned into what a page shows (a node's label and link, a literal for humans)."""

from __future__ import annotations

import re

import pyoxigraph as ox

from service.sparql import run_query
from service.web.links import href
from service.web.present import human, iri_label
from service.web.state import state

PREFIXES = """PREFIX nkg: <https://w3id.org/newskg#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
CLAIM_CLASSES = "nkg:Statement, nkg:Belief, nkg:Finding"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def bind(query: str, **bindings) -> str:
    """``query`` with each variable in ``bindings`` replaced by its term, written by pyoxigraph
    (so escaped). A constant in the pattern is what the engine plans best: a one-row ``VALUES``
    took seconds where the constant takes milliseconds, and pyoxigraph's own substitutions bind
    only projected variables. The variables bound are never projected."""
    for name, term in bindings.items():
        query = re.sub(rf"\?{name}\b", lambda _m, t=str(term): t, query)
    return query


def select(query: str, **bindings) -> list[dict]:
    """Rows of a SELECT (``PREFIXES`` added) as ``{variable: term or None}``, with ``bindings``
    (pyoxigraph terms) for variables: through ``service.sparql.run_query``, so with the service's
    time limit and row cap, in a query worker when the server runs them."""
    st = state()
    result = run_query(st.store, PREFIXES + bind(query, **bindings), settings=st.settings)
    return [dict(zip(result.variables, row)) for row in result.rows()]


def ask(query: str, **bindings) -> bool:
    """The answer to an ASK (``PREFIXES`` added), through the same path as ``select``."""
    st = state()
    return bool(run_query(st.store, PREFIXES + bind(query, **bindings), settings=st.settings).value)


def values(terms) -> str:
    """A SPARQL ``VALUES`` body for IRIs read from the store (pyoxigraph writes them escaped)."""
    return " ".join(str(t) for t in terms)


def text(term) -> str:
    """A term as people read it ("" for an unbound one)."""
    return human(term) if term is not None else ""


def iso(term) -> str:
    """A literal's lexical value ("" for an unbound one): what JSON and CSV carry."""
    return term.value if term is not None else ""


def node(iri, label=None) -> dict:
    """A node as pages show it: its IRI, its label (or a readable part of its IRI) and where
    its page is (relative for the service's own IRIs; Wikidata's page for a Wikidata item)."""
    value = iri.value if isinstance(iri, ox.NamedNode) else str(iri)
    name = label.value if label is not None else iri_label(value)
    return {"iri": value, "label": name, "href": page_of(value)}


def article_node(iri, title=None, outlet=None, published=None) -> dict:
    """An article as pages show it: its headline; else "outlet, date"; else its id."""
    n = node(iri, title)
    if title is None:
        parts = [outlet.value if outlet is not None else "", text(published)]
        n["label"] = ", ".join(p for p in parts if p) or n["label"]
    return n


def page_of(iri: str) -> str:
    """Where a link to ``iri`` goes: Wikidata items to their human page, the rest via ``href``."""
    if iri.startswith(WIKIDATA_ENTITY):
        return "https://www.wikidata.org/wiki/" + iri[len(WIKIDATA_ENTITY):]
    return href(iri)


def public(n: dict) -> dict:
    """A node for JSON: its IRI and label (the link is the page's business)."""
    return {"iri": n["iri"], "label": n["label"]}


def claim_links(claims: list) -> dict[str, dict[str, list]]:
    """Speakers and what each claim is about: ``{claim IRI: {"speakers": [node], "about": [node]}}``,
    for the claims given (IRIs), in one query. (A UNION of the two properties: ``VALUES ?rel``
    made the engine scan every claimant and topic, 150 ms for 50 claims against 3 ms.)"""
    out: dict[str, dict[str, list]] = {c.value: {"speakers": [], "about": []} for c in claims}
    if not claims:
        return out
    rows = select(f"""SELECT ?claim ?rel ?node ?label WHERE {{
      VALUES ?claim {{ {values(claims)} }}
      {{ ?claim nkg:claimant ?node BIND(nkg:claimant AS ?rel) }} UNION {{ ?claim nkg:about ?node BIND(nkg:about AS ?rel) }}
      OPTIONAL {{ ?node rdfs:label ?label }}
    }}""")
    rows.sort(key=lambda r: (r["claim"].value, r["rel"].value, r["label"].value if r["label"] else "", r["node"].value))
    seen = set()
    for r in rows:
        key = (r["claim"].value, r["rel"].value, r["node"].value)
        if key in seen:
            continue  # a node with two labels (written by hand) is one node
        seen.add(key)
        which = "speakers" if r["rel"].value.endswith("claimant") else "about"
        out[r["claim"].value][which].append(node(r["node"], r["label"]))
    return out
