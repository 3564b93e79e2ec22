"""``POST /articles``: ingest one article (plain text, HTML or JSON body); 201 with its IRI."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from service.ingest import Posted, delete_article as delete, ingest
from service.web.auth import require_write_token
from service.web.links import href
from service.web.state import state

bp = Blueprint("articles", __name__)
KIND_OF_MEDIA = {"application/json": "json", "text/plain": "text", "text/html": "html",
                 "application/x-ndjson": "jsonl"}


@bp.route("/articles", methods=["POST"])
def post_article():
    """One article in the body, or ``{"url": …}`` naming a page to fetch (behind the SSRF guard).

    Refused input is a 4xx JSON answer and changes nothing; analysis shares the service's one
    pipeline (``Pipeline.turns`` keeps requests in order).
    """
    require_write_token()
    st = state()
    kind = KIND_OF_MEDIA.get((request.mimetype or "").lower())
    report = ingest([Posted(request.get_data(), kind)], st.store, st.settings, pipeline=st.pipeline)
    return _created(report.articles[0])


def _created(article):
    """201 with the article's IRI in the body, and a Location that works whatever address serves
    this request: the IRI's path, relative to ``/articles`` (an IRI minted for another host or
    port would fail there)."""
    resp = jsonify({"ok": True, "iri": article.iri, "id": article.id, "claims": article.claims,
                    "entities": article.entities})
    resp.status_code = 201
    resp.headers["Location"] = href(article.iri)
    return resp


@bp.route("/articles/<path:article_id>", methods=["DELETE"])
def delete_article(article_id: str):
    """Remove one article (by id, as in its IRI ``<base>article/<id>``) and what only it asserted:
    its named graph, and the graphs of the actors and places no other article names; 404 when absent."""
    from service.errors import NotFound

    require_write_token()
    st = state()
    iri = delete(st.store, st.settings, article_id)
    if iri is None:
        raise NotFound(f"no article {article_id} in the store")
    return jsonify({"ok": True, "deleted": iri})
