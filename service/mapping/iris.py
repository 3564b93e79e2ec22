"""Stable IRIs: the same article and the same name always get the same IRI.

Named actors and places are shared across articles (``{base}entity/person/jane-doe``), so one
person quoted in two articles is one node; everything else an article asserts (claims, mentions,
roles, amounts, described actors such as "an official") is scoped to the article's IRI and
numbered by character offsets, so re-ingesting the same text mints the same IRIs.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from service.ir import Entity

# An id made only of these (and not ending the way a hashed id does) is its own IRI segment.
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")
_HASHED = re.compile(r".*--[0-9a-f]{20}")


def id_segment(article_id: str) -> str:
    """The IRI path segment of an article id: one id, one segment, never two ids on one segment.

    A plain id ("reuters-2024-05-08-x") is used as it is. Any other ("Café 1", "news/2024/05/x",
    "日本-1", "..") becomes its readable part plus ``--`` and 20 hex digits of its SHA-256, so
    "Café 1" and "Caf 1" stay apart, no segment is a dot segment, and nothing in the segment
    that a server undoes before the app sees the path (a "/" written as "%2F"). Plain ids never
    end like a hashed one (such an id is hashed too), so the two kinds of segment cannot meet.
    """
    if _PLAIN_ID.fullmatch(article_id) and not _HASHED.fullmatch(article_id):
        return article_id
    readable = re.sub(r"[^\w~-]+", "-", article_id).strip("-_")[:60].strip("-_") or "id"
    return f"{readable}--{hashlib.sha256(article_id.encode('utf-8')).hexdigest()[:20]}"


def article_iri(base: str, article_id: str) -> URIRef:
    return URIRef(f"{base}article/{id_segment(article_id)}")


def entity_iri(base: str, article_id: str, entity: Entity) -> URIRef:
    kind = entity.kind.value.lower()
    slug = entity.key.split("-", 1)[1] if entity.key.startswith(kind + "-") else entity.key
    if entity.named:
        return URIRef(f"{base}entity/{kind}/{slug}")
    return URIRef(f"{article_iri(base, article_id)}/actor/{entity.key}")


def span_iri(base: str, article_id: str, what: str, start: int, end: int) -> URIRef:
    return URIRef(f"{article_iri(base, article_id)}/{what}/{start}-{end}")
