"""Stable IRIs: the same article and the same name always get the same IRI.

Named actors and places are shared across articles (``{base}entity/person/jane-doe``), so one
person quoted in two articles is one node; everything else an article asserts (claims, mentions,
roles, amounts, described actors such as "an official") is scoped to the article's IRI and
numbered by character offsets, so re-ingesting the same text mints the same IRIs.
"""

from __future__ import annotations

from rdflib import URIRef

from service.ir import Entity


def article_iri(base: str, article_id: str) -> URIRef:
    return URIRef(f"{base}article/{article_id}")


def entity_iri(base: str, article_id: str, entity: Entity) -> URIRef:
    kind = entity.kind.value.lower()
    slug = entity.key.split("-", 1)[1] if entity.key.startswith(kind + "-") else entity.key
    if entity.named:
        return URIRef(f"{base}entity/{kind}/{slug}")
    return URIRef(f"{base}article/{article_id}/actor/{entity.key}")


def span_iri(base: str, article_id: str, what: str, start: int, end: int) -> URIRef:
    return URIRef(f"{base}article/{article_id}/{what}/{start}-{end}")
