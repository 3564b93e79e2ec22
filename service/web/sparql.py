"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query by GET/POST, update by POST), content-negotiated.

Query and update parameters are read from the URL and from the body together, as the
protocol allows. Update is off unless ``update_token`` is set, and then needs
``Authorization: Bearer <token>``. ``GET /sparql`` without a query answers the Service
Description.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request

from service.errors import QueryError, UnsupportedMediaType
from service.sparql import add_using, answer_query, check_no_load, check_service_calls, check_shape
from service.sparql.text import explain_parse_error
from service.web.answer_cache import volatile
from service.web.auth import require_write_token
from service.web.state import state

bp = Blueprint("sparql", __name__)
FORM = "application/x-www-form-urlencoded"
QUERY_MEDIA = "application/sparql-query"
UPDATE_MEDIA = "application/sparql-update"


def _utf8_body() -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType("a SPARQL query or update body must be UTF-8")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as e:
        raise QueryError("the body is not valid UTF-8") from e


def _operation() -> tuple[str | None, str | None, dict[str, list[str]]]:
    """(query, update, parameters) of the request; at most one of query/update is set."""
    params = {k: request.args.getlist(k) for k in request.args}
    if request.method == "POST":
        ctype = (request.mimetype or "").lower()
        if ctype == FORM:
            for k in request.form:
                params.setdefault(k, []).extend(request.form.getlist(k))
        elif ctype == QUERY_MEDIA:
            params.setdefault("query", []).append(_utf8_body())
        elif ctype == UPDATE_MEDIA:
            params.setdefault("update", []).append(_utf8_body())
        else:
            raise UnsupportedMediaType(
                f"POST a query as {QUERY_MEDIA}, an update as {UPDATE_MEDIA}, or either as {FORM}")
    queries, updates = params.get("query", []), params.get("update", [])
    if request.method == "GET" and updates:
        raise QueryError("SPARQL Update must be POSTed, not sent with GET")
    if len(queries) + len(updates) > 1:
        raise QueryError("give exactly one 'query' or one 'update' parameter")
    for text in queries + updates:
        if not text.strip():
            raise QueryError("the query or update is empty")
    return (queries[0] if queries else None), (updates[0] if updates else None), params


def _iris(params: dict[str, list[str]], name: str) -> list[str]:
    out = []
    for value in params.get(name, []):
        try:
            out.append(ox.NamedNode(value).value)
        except ValueError as e:
            raise QueryError(f"{name}={value!r} is not an absolute IRI") from e
    return out


def endpoint_iri() -> str:
    return state().settings.base + "sparql"


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    st = state()
    query, update, params = _operation()
    if update is not None:
        return _update(update, params)
    if query is None:
        from service.web.describe import service_description

        return service_description()
    check_service_calls(query, st.settings.service_allow)
    options: dict = {"base_iri": endpoint_iri()}
    default, named = _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri")
    if default or named:
        # Protocol parameters replace the query's FROM / FROM NAMED (SPARQL 1.1 Protocol 2.1.4).
        options["default_graph"] = [ox.NamedNode(g) for g in default] or [ox.DefaultGraph()]
        options["named_graphs"] = [ox.NamedNode(g) for g in named]
    forced = request.args.get("format")
    accept = request.headers.get("Accept")
    key = ("protocol", query, accept, forced, tuple(default), tuple(named))
    # The tag is taken before the query runs: a write meanwhile leaves it older than the answer.
    tag = st.answers.etag(st.store, "plain" if key[3:] == (None, (), ()) else repr(key), query, accept or "") \
        if request.method == "GET" and not volatile(query) else None
    if tag and request.if_none_match.contains(tag):
        return Response(status=304, headers={"ETag": f'"{tag}"', "Vary": "Accept"})
    content_type, payload = st.answers.answer(st.store, key, query, lambda: answer_query(
        st.store, query, settings=st.settings, forced=forced, accept=accept, **options))
    resp = Response(payload, content_type=content_type)
    resp.headers["Vary"] = "Accept"
    if tag:
        resp.set_etag(tag)
    return resp


def _update(update: str, params: dict[str, list[str]]):
    st = state()
    require_write_token()
    check_shape(update, max_bytes=st.settings.max_query_bytes)
    check_no_load(update)
    check_service_calls(update, st.settings.service_allow)
    update = add_using(update, _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri"))
    try:
        st.store.update(update, base_iri=endpoint_iri())
    except QueryError as e:
        raise QueryError(explain_parse_error(update, e.message)) from e
    return Response(status=204)

