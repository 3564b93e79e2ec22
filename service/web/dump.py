"""``/dump.ttl``, ``/dump.trig``, ``/dump.nq``, ``/dump.nt``, ``/dump.jsonld`` and ``/dump.rdf`` (RDF/XML):
the whole graph, streamed (JSON-LD and RDF/XML are each one document, written whole).

The embedded store streams itself (``OxigraphStore.dump_chunks``: from the per-graph segments
kept beside it, with flat memory); a store without that (a remote SPARQL store) is serialised
in chunks of quads. Triple formats (Turtle, N-Triples) get the union of all graphs.
"""

from __future__ import annotations

from io import BytesIO
from itertools import islice

from flask import Blueprint, Response, request

from service.errors import NotFound
from service.formats import graph_format
from service.rdfterms import serialize_quads
from service.web.state import state

bp = Blueprint("dump", __name__)
CHUNK = 20000  # quads per piece, for stores that do not stream themselves
EXTENSIONS = ("ttl", "trig", "nq", "nt", "jsonld", "rdf")


def stream_dump(store, fmt):
    chunks = getattr(store, "dump_chunks", None)
    if chunks is not None:
        yield from chunks(fmt)
        return
    quads = iter(store.quads())
    while True:
        batch = list(islice(quads, CHUNK))
        if not batch:
            return
        yield serialize_quads(batch, fmt)


@bp.route("/dump.<ext>")
def dump(ext: str):
    if ext not in EXTENSIONS:
        raise NotFound(f"no dump in format .{ext}; try " + ", ".join(f"/dump.{e}" for e in EXTENSIONS))
    fmt = graph_format(ext)
    store = state().store
    if fmt.name in ("jsonld", "rdfxml"):  # one document: not streamed
        out = BytesIO()
        store.dump(out, fmt)
        return Response(out.getvalue(), content_type=fmt.content_type)
    headers = {"Content-Disposition": f'inline; filename="newskg.{ext}"'}
    # Mirrors can ask "changed since?" (If-None-Match) and skip the download; the tag is taken
    # before the dump starts, so a write during it leaves the tag older than the body.
    tag = state().answers.etag(store, "dump", ext)
    if tag:
        headers["ETag"] = f'"{tag}"'
        if request.if_none_match.contains(tag):
            return Response(status=304, headers=headers)
    return Response(stream_dump(store, fmt), content_type=fmt.content_type, headers=headers)
