"""``/sparql``: the SPARQL 1.1 Protocol query endpoint (GET and POST), content-negotiated."""

from __future__ import annotations

from flask import Blueprint, Response, request, stream_with_context

from service.errors import QueryError, UnsupportedMediaType
from service.formats import GRAPH_FORMATS, RESULT_FORMATS, graph_format, negotiate, results_format
from service.sparql import run_query
from service.web.state import state

bp = Blueprint("sparql", __name__)


def _query_text() -> str:
    if request.method == "GET":
        queries = request.args.getlist("query")
    else:
        ctype = (request.mimetype or "").lower()
        if ctype == "application/x-www-form-urlencoded":
            queries = request.form.getlist("query")
        elif ctype == "application/sparql-query":
            charset = request.mimetype_params.get("charset", "utf-8").lower()
            if charset not in ("utf-8", "utf8"):
                raise UnsupportedMediaType("a SPARQL query body must be UTF-8")
            try:
                queries = [request.get_data().decode("utf-8")]
            except UnicodeDecodeError as e:
                raise QueryError("the query body is not valid UTF-8") from e
        else:
            raise UnsupportedMediaType(
                "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if len(queries) != 1 or not queries[0].strip():
        raise QueryError("give exactly one non-empty 'query' parameter")
    return queries[0]


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    st = state()
    sparql_text = _query_text()
    result = run_query(st.store, sparql_text, settings=st.settings)
    accept = request.args.get("format") and None or request.headers.get("Accept")
    forced = request.args.get("format")
    if result.kind == "graph":
        fmt = graph_format(forced) if forced else negotiate(accept, GRAPH_FORMATS, GRAPH_FORMATS[0])
        from io import BytesIO

        out = BytesIO()
        result.write(out, fmt)
        return Response(out.getvalue(), content_type=fmt.content_type)
    fmt = results_format(forced) if forced else negotiate(accept, RESULT_FORMATS, RESULT_FORMATS[0])
    if result.kind == "boolean":
        from io import BytesIO

        out = BytesIO()
        result.write(out, fmt)
        return Response(out.getvalue(), content_type=fmt.content_type)
    # Materialise the first chunk before answering, so that errors become a proper 4xx/5xx.
    chunks = result.chunks(fmt)
    first = next(chunks)
    return Response(stream_with_context(_chain(first, chunks)), content_type=fmt.content_type)


def _chain(first: bytes, rest):
    yield first
    yield from rest
