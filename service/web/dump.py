"""``/dump.ttl``, ``/dump.trig``, ``/dump.nq``: the whole graph, streamed in chunks.

Each chunk of quads is serialised on its own (prefixes repeat, which Turtle and TriG allow), so
memory stays flat however large the store is.
"""

from __future__ import annotations

from itertools import islice

from flask import Blueprint, Response

from service.errors import NotFound
from service.formats import graph_format
from service.rdfterms import serialize_quads
from service.web.state import state

bp = Blueprint("dump", __name__)
CHUNK = 20000


def stream_dump(store, fmt):
    quads = iter(store.quads())
    while True:
        batch = list(islice(quads, CHUNK))
        if not batch:
            return
        yield serialize_quads(batch, fmt)


@bp.route("/dump.<ext>")
def dump(ext: str):
    if ext not in ("ttl", "trig", "nq", "nt", "jsonld"):
        raise NotFound(f"no dump in format .{ext}; try /dump.ttl, /dump.trig or /dump.nq")
    fmt = graph_format(ext)
    if fmt.name == "jsonld":
        from io import BytesIO

        out = BytesIO()
        state().store.dump(out, fmt)
        return Response(out.getvalue(), content_type=fmt.content_type)
    headers = {"Content-Disposition": f'inline; filename="newskg.{ext}"'}
    return Response(stream_dump(state().store, fmt), content_type=fmt.content_type, headers=headers)
