"""``POST /articles``: ingest one article (plain text, HTML or JSON body); 201 with its IRI."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from service import reader
from service.errors import InputError, NewskgError
from service.web.auth import require_write_token
from service.web.state import state

bp = Blueprint("articles", __name__)
KIND_OF_MEDIA = {"application/json": "json", "text/plain": "text", "text/html": "html",
                 "application/x-ndjson": "jsonl"}


@bp.route("/articles", methods=["POST"])
def post_article():
    from service.pipeline import ingest_article

    require_write_token()
    st = state()
    data = request.get_data()
    kind = KIND_OF_MEDIA.get((request.mimetype or "").lower())
    items = list(reader.read_bytes(data, source="request body", kind=kind, max_bytes=st.settings.max_article_bytes))
    errors = [i for i in items if isinstance(i, NewskgError)]
    raws = [i for i in items if not isinstance(i, NewskgError)]
    if errors:
        raise errors[0]
    if len(raws) != 1:
        raise InputError("POST one article per request")
    with st.analysis_lock:
        article, iri = ingest_article(st.pipeline, st.store, raws[0])
    resp = jsonify({"ok": True, "iri": iri, "id": article.id, "claims": len(article.claims),
                    "entities": len(article.entities)})
    resp.status_code = 201
    resp.headers["Location"] = iri
    return resp


@bp.route("/articles/<path:article_id>", methods=["DELETE"])
def delete_article(article_id: str):
    """Remove one article's named graph (by id, as in its IRI ``<base>article/<id>``); 404 when absent."""
    from service.errors import NotFound
    from service.mapping import article_iri

    require_write_token()
    st = state()
    iri = str(article_iri(st.settings.base, article_id))
    with st.analysis_lock:
        if not st.store.delete_graph(iri):
            raise NotFound(f"no article {article_id} in the store")
    return jsonify({"ok": True, "deleted": iri})
