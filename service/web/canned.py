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
from service.web.state import state

bp = Blueprint("canned", __name__)
EXTENSIONS = ("json", "csv", "tsv", "xml", "html")


def _cell(term) -> dict:
    if term is None:
        return {"text": "", "href": None}
    if isinstance(term, ox.NamedNode):
        return {"text": term.value, "href": href(term.value)}
    return {"text": term.value, "href": None}


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
        rows = [[_cell(t) for t in row] for row in result.rows()]
        return render_template("query.html", query=q, variables=result.variables, rows=rows,
                               params=dict(request.args))
    fmt = results_format(ext) if ext else negotiate(request.headers.get("Accept"), RESULT_FORMATS, RESULT_FORMATS[0])
    return Response(b"".join(result.chunks(fmt)), content_type=fmt.content_type)
