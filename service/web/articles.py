"""``POST /articles``: ingest one article (plain text, HTML or JSON body); 201 with its IRI."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from service import reader
from service.errors import InputError, NewskgError
from service.web.auth import require_write_token
from service.web.links import href
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
    by_url = _url_article(data, kind, st.settings)
    if by_url is not None:
        article, iri = ingest_article(st.pipeline, st.store, by_url)
        return _created(article, iri)
    items = list(reader.read_bytes(data, source="request body", kind=kind, max_bytes=st.settings.max_article_bytes))
    errors = [i for i in items if isinstance(i, NewskgError)]
    raws = [i for i in items if not isinstance(i, NewskgError)]
    if errors:
        raise errors[0]
    if len(raws) != 1:
        raise InputError("POST one article per request")
    article, iri = ingest_article(st.pipeline, st.store, raws[0])
    return _created(article, iri)


def _created(article, iri: str):
    """201 with the article's IRI in the body, and a Location that works whatever address serves
    this request: the IRI's path, relative to ``/articles`` (an IRI minted for another host or
    port would fail there)."""
    resp = jsonify({"ok": True, "iri": iri, "id": article.id, "claims": len(article.claims),
                    "entities": len(article.entities)})
    resp.status_code = 201
    resp.headers["Location"] = href(iri)
    return resp


def _url_article(data: bytes, kind: str | None, settings):
    """``{"url": ...}`` with no text: the page fetched behind the SSRF guard; None for any other body.

    A refused or failed fetch raises ``FetchError``/``TooLarge`` (4xx JSON) before the store is touched.
    """
    import dataclasses
    import json

    if kind != "json" or len(data) > 65536:
        return None
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None  # the JSON reader reports it
    if not isinstance(obj, dict) or "url" not in obj or obj.get("text") or obj.get("body"):
        return None
    from service.pipeline import raw_from_url

    raw = raw_from_url(obj["url"] if isinstance(obj["url"], str) else "", settings)
    extra = {k: obj[k] for k in ("id", "title") if isinstance(obj.get(k), str) and obj[k].strip()}
    if isinstance(obj.get("published"), str):
        from service.reader.text import parse_date

        extra["published"] = parse_date(obj["published"]) or raw.published
    return dataclasses.replace(raw, **extra) if extra else raw


@bp.route("/articles/<path:article_id>", methods=["DELETE"])
def delete_article(article_id: str):
    """Remove one article (by id, as in its IRI ``<base>article/<id>``) and what only it asserted:
    its named graph, and the graphs of the actors and places no other article names; 404 when absent."""
    from service.errors import NotFound
    from service.pipeline import delete_article as delete

    require_write_token()
    st = state()
    iri = delete(st.store, st.settings, article_id)
    if iri is None:
        raise NotFound(f"no article {article_id} in the store")
    return jsonify({"ok": True, "deleted": iri})
