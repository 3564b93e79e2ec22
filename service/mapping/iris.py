"""Stable IRIs: the same article and the same evidence always give the same IRI.

An actor or place is one node across articles only on evidence (``entity_iri``): the same
Wikidata item (``{base}entity/Q42``), or the same distinctive name and kind with no link
(``{base}entity/person/jane-doe``). Everything else an article asserts (claims, mentions, roles,
amounts, described actors such as "an official", bare names such as "Bob") is scoped to the
article's IRI and numbered by character offsets or keys, so re-ingesting the same text mints the
same IRIs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from service.ir import Entity

# An id made only of these (and not ending the way a hashed id does) is its own IRI segment.
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")
_HASHED = re.compile(r".*--[0-9a-f]{20}")
_QID = re.compile(r"Q[1-9][0-9]*")


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


def name_slug(name: str) -> str:
    """A name as an IRI segment, the same for the same name however it is written:
    "Jane Doe" and "JANE DOE'S" → "jane-doe", "U.S." and "US" → "us", "José Martí" → "jose-marti",
    "北京" stays "北京".

    >>> name_slug("The Daily Post"), name_slug("José Martí’s"), name_slug("U.S."), name_slug("北京")
    ('daily-post', 'jose-marti', 'us', '北京')
    """
    text = unicodedata.normalize("NFKD", name.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()
    text = re.sub(r"'s?$", "", re.sub(r"^the\s+", "", text))
    text = re.sub(r"(?<=\w)[.'](?=\w|$)", "", text)  # "U.S.", "O'Brien": the marks inside a word
    return re.sub(r"[\W_]+", "-", text).strip("-") or hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def article_iri(base: str, article_id: str) -> URIRef:
    return URIRef(f"{base}article/{id_segment(article_id)}")


def entity_iri(base: str, article_id: str, entity: Entity) -> URIRef:
    """The node of an actor or place: shared by every article that names it on the same evidence
    (a Wikidata item; else a distinctive name and kind), else scoped to this article."""
    return node_iri(base, article_iri(base, article_id), entity)


def node_iri(base: str, article: str, entity: Entity) -> URIRef:
    """``entity_iri`` for the article whose IRI is ``article``."""
    qid = entity.link.qid if entity.link is not None else None
    if qid and _QID.fullmatch(qid):
        return URIRef(f"{base}entity/{qid}")
    if entity.named and entity.distinctive:
        return URIRef(f"{base}entity/{entity.kind.value.lower()}/{name_slug(entity.name)}")
    return URIRef(f"{article}/actor/{entity.key}")


def base_of(article: str) -> str:
    """The base an article IRI was minted under (``{base}article/{segment}``)."""
    return article[: article.rindex("/article/") + 1]


def is_shared(iri: str, base: str) -> bool:
    """Is ``iri`` an actor or place shared across articles (rather than scoped to one)?"""
    return iri.startswith(f"{base}entity/")


def span_iri(base: str, article_id: str, what: str, start: int, end: int) -> URIRef:
    return URIRef(f"{article_iri(base, article_id)}/{what}/{start}-{end}")
