"""``/queries/<name>``: the canned queries of ``queries/``, run with URL parameters bound as
literals through pyoxigraph substitutions (never pasted into the query text); an HTML table by
default, JSON or CSV by Accept header or extension (``/queries/<name>.json``, ``.csv``)."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from service.errors import NotFound, QueryError
from service.formats import RESULT_FORMATS, negotiate, results_format
from service.queries import load_queries
from service.sparql import query_variables, run_query
from service.web.links import href
from service.web.present import human
from service.web.state import state

bp = Blueprint("canned", __name__)
EXTENSIONS = ("json", "csv", "tsv", "xml", "html")


def _cell(term, labels: dict) -> dict:
    """A result cell as the HTML table shows it: a node by its label (its IRI as the link's
    title), a literal for humans (numbers without their datatype, dates as dates)."""
    if term is None:
        return {"text": "", "href": None}
    if isinstance(term, ox.NamedNode):
        return {"text": labels.get(term.value) or term.value, "href": href(term.value), "iri": term.value}
    return {"text": human(term), "href": None, "num": isinstance(term, ox.Literal) and human(term) != term.value
            and term.value.lstrip("-").replace(".", "", 1).isdigit()}


def _labels(rows: list) -> dict[str, str]:
    """The labels of the nodes in the rows, in one query (the shortest, when a node has several)."""
    nodes = {t.value: t for row in rows for t in row if isinstance(t, ox.NamedNode)}
    if not nodes:
        return {}
    from service.web.reading import select, values

    found: dict[str, str] = {}
    for r in select("SELECT ?n ?l WHERE { VALUES ?n { ?nodes } ?n rdfs:label ?l }".replace(
            "?nodes", values(list(nodes.values())[:5000]))):
        if r["n"].value not in found or len(r["l"].value) < len(found[r["n"].value]):
            found[r["n"].value] = r["l"].value
    return found


@bp.route("/queries/<name>")
def canned(name: str):
    st = state()
    stem, _, ext = name.rpartition(".") if name.rpartition(".")[2] in EXTENSIONS else (name, "", "")
    found = {q.name: q for q in load_queries()}
    if stem not in found:
        raise NotFound(f"no canned query {stem!r}; known: " + ", ".join(sorted(found)))
    q = found[stem]
    known = query_variables(q.text)
    unknown = sorted(set(request.args) - known)
    if unknown:
        raise QueryError(f"query {stem!r} has no variable {', '.join('?' + u for u in unknown)}; "
                         "its variables are " + ", ".join("?" + v for v in sorted(known)))
    subs = {ox.Variable(k): ox.Literal(v) for k, v in request.args.items()}
    result = run_query(st.store, q.text, settings=st.settings, substitutions=subs or None)
    if result.kind != "bindings":
        raise QueryError(f"canned query {stem!r} is not a SELECT query")
    if not ext:
        best = request.accept_mimetypes.best_match(["text/html"] + [f.media_type for f in RESULT_FORMATS])
        ext = "html" if best in (None, "text/html") else ""
    if ext == "html":
        terms = list(result.rows())
        labels = _labels(terms)
        rows = [[_cell(t, labels) for t in row] for row in terms]
        return render_template("query.html", query=q, variables=result.variables, rows=rows,
                               params=dict(request.args))
    fmt = results_format(ext) if ext else negotiate(request.headers.get("Accept"), RESULT_FORMATS, RESULT_FORMATS[0])
    return Response(b"".join(result.chunks(fmt)), content_type=fmt.content_type)
