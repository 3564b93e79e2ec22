"""``/rdf-graph-store``: the SPARQL 1.1 Graph Store HTTP Protocol.

Graphs are named indirectly (``?graph=<iri>``, decoded once, or ``?default``) or directly
(``/rdf-graph-store/<path>`` names ``<base>rdf-graph-store/<path>``). GET and HEAD are open to
everyone; PUT (replace), POST (merge; without a graph it creates one and answers 201 with its
``Location``) and DELETE need the write token (see ``service.web.auth``). Writes go through
the store's SPARQL Update, so each request is one transaction.
"""

from __future__ import annotations

import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, request

from service.errors import InputError, NotFound, QueryError, UnsupportedMediaType
from service.formats import GRAPH_FORMATS, negotiate
from service.rdfterms import PREFIXES
from service.web.auth import require_write_token
from service.web.state import state

bp = Blueprint("graphstore", __name__)
ROUTE = "rdf-graph-store"
# Formats a graph can be read from and written in (triples only: a graph, not a dataset).
TRIPLE_FORMATS = tuple(f for f in GRAPH_FORMATS if not f.datasets or f.name == "jsonld")
_BY_MEDIA = {f.media_type: f.rdf for f in GRAPH_FORMATS}
_BY_MEDIA.update({"application/x-turtle": ox.RdfFormat.TURTLE, "text/plain": ox.RdfFormat.N_TRIPLES})
_BY_EXT = {f.extension: f.rdf for f in GRAPH_FORMATS}


def _target(path: str | None) -> str | None:
    """The IRI of the addressed graph; ``None`` for the default graph; ``""`` for none at all."""
    if path is not None:
        if "graph" in request.args or "default" in request.args:
            raise QueryError("a directly identified graph takes no ?graph= or ?default parameter")
        return state().settings.base + ROUTE + "/" + path
    graphs = request.args.getlist("graph")  # werkzeug decodes the query string exactly once
    if "default" in request.args:
        if graphs:
            raise QueryError("give either ?default or ?graph=<iri>, not both")
        return None
    if len(graphs) > 1:
        raise QueryError("give one ?graph=<iri>")
    if not graphs:
        return ""
    try:
        return ox.NamedNode(graphs[0]).value
    except ValueError as e:
        raise QueryError(f"graph={graphs[0]!r} is not an absolute IRI") from e


def _exists(iri: str | None) -> bool:
    return iri is None or state().store.has_graph(iri)


def _triples(data: bytes, media: str, base: str, name: str = "") -> list[ox.Triple]:
    fmt = _BY_MEDIA.get(media)
    if fmt is None and name:
        fmt = _BY_EXT.get(name.rsplit(".", 1)[-1].lower())
    if fmt is None:
        raise UnsupportedMediaType(f"cannot read {media or 'a body without Content-Type'} as RDF; send one of: "
                                   + ", ".join(f.media_type for f in TRIPLE_FORMATS))
    try:
        return [q.triple for q in ox.parse(data, format=fmt, base_iri=base)]
    except (SyntaxError, ValueError) as e:
        raise InputError(f"the {media} body does not parse: {e}") from e


def _body(base: str) -> list[ox.Triple]:
    media = (request.mimetype or "").lower()
    if media == "multipart/form-data":
        out: list[ox.Triple] = []
        for part in request.files.values():
            out += _triples(part.read(), (part.mimetype or "").lower(), base, part.filename or part.name or "")
        return out
    return _triples(request.get_data(), media, base)


def _graph_clause(iri: str | None, triples: list[ox.Triple]) -> str:
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"GRAPH <{iri}> {{\n{lines}\n}}" if iri is not None else lines


def _write(iri: str | None, triples: list[ox.Triple], *, replace: bool) -> None:
    ops = []
    if replace:
        ops.append(f"DROP SILENT GRAPH <{iri}>" if iri is not None else "DROP SILENT DEFAULT")
    if iri is not None:
        ops.append(f"CREATE SILENT GRAPH <{iri}>")  # an empty PUT still creates the graph
    if triples:
        ops.append("INSERT DATA {\n" + _graph_clause(iri, triples) + "\n}")
    # Only this graph changes: the store keeps the other graphs' dump segments.
    state().store.update(" ;\n".join(ops), touches=[iri] if iri is not None else None)


def _get(iri: str | None) -> Response:
    if not _exists(iri):
        raise NotFound(f"no graph <{iri}> in the store")
    fmt = negotiate(request.headers.get("Accept"), TRIPLE_FORMATS, TRIPLE_FORMATS[0])
    graph = ox.DefaultGraph() if iri is None else ox.NamedNode(iri)
    triples = state().store.query("CONSTRUCT WHERE { ?s ?p ?o }", default_graph=[graph])
    body = b"" if request.method == "HEAD" else \
        ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES if fmt.name == "turtle" else None)
    return Response(body, content_type=fmt.content_type)


@bp.route(f"/{ROUTE}", methods=["GET", "HEAD", "PUT", "POST", "DELETE"], defaults={"path": None})
@bp.route(f"/{ROUTE}/<path:path>", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def graph_store(path: str | None):
    iri = _target(path)
    if request.method in ("GET", "HEAD"):
        if iri == "":
            raise QueryError("name a graph: ?graph=<iri> or ?default")
        return _get(iri)
    require_write_token()
    st = state()
    if request.method == "DELETE":
        if iri == "":
            raise QueryError("name the graph to delete: ?graph=<iri> or ?default")
        if iri is None:
            st.store.update("DROP SILENT DEFAULT")
        elif not st.store.delete_graph(iri):
            raise NotFound(f"no graph <{iri}> in the store")
        return Response(status=204)
    if iri == "":
        if request.method != "POST":
            raise QueryError("name the graph to replace: ?graph=<iri> or ?default")
        iri = st.settings.base + ROUTE + "/" + uuid.uuid4().hex
        _write(iri, _body(iri), replace=False)
        resp = Response(status=201)
        resp.headers["Location"] = iri
        return resp
    triples = _body(iri or st.settings.base + ROUTE)
    created = not _exists(iri)
    _write(iri, triples, replace=request.method == "PUT")
    return Response(status=201 if created else 204)
