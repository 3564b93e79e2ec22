"""HTML pages: trafilatura finds the main text and the page's metadata."""

from __future__ import annotations

import dataclasses

from service.errors import InputError
from service.ir import RawArticle
from service.reader.text import parse_date, read_text, split_names


def read_html(html: str, *, source: str | None = None, url: str | None = None) -> RawArticle:
    """A web page's main text and metadata (title, date, authors) as an article."""
    import trafilatura  # here, not at the top: 0.2 s of start-up that runs without a web page to read

    doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                      with_metadata=True)
    if doc is None or not (doc.text or "").strip():
        raise InputError("the HTML page has no article text (only scripts, navigation or markup)")
    # trafilatura ends each paragraph with one line break; the text reader splits on blank lines.
    cleaned = read_text(doc.text.replace("\n", "\n\n"), source=source, title=doc.title or None)
    return dataclasses.replace(
        cleaned,
        url=doc.url or url or cleaned.url,
        published=(parse_date(doc.date) if doc.date else None) or cleaned.published,
        authors=cleaned.authors or (split_names(doc.author.replace(";", ",")) if doc.author else ()),
        publisher=cleaned.publisher or doc.sitename or None,
    )
