"""Articles by URL: a page fetched behind the SSRF guard (``reader.fetch``) and read like a file.

Two ways in: a URL given as such (``newskg ingest https://…``), and a posted JSON body that holds
only ``{"url": …}`` and, optionally, the ``id``, ``title`` and ``published`` to keep.
"""

from __future__ import annotations

import dataclasses
import json

from service.config import Settings
from service.errors import InputError, NewskgError
from service.ir import RawArticle

# Media types read as articles; any other text/* type is sniffed, anything else refused.
_KIND_OF_MEDIA = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
                  "application/json": "json"}
MAX_URL_REQUEST_BYTES = 65536


def is_url(source: str) -> bool:
    """Whether a command-line source names a web page rather than a file."""
    return source.lower().startswith(("http://", "https://"))


def read_url(url: str, settings: Settings) -> RawArticle:
    """Fetch an article page and read it: HTML through the HTML reader's main-text extraction
    (with the page's URL), plain text and JSON through their readers.

    Errors are ``FetchError``/``TooLarge`` (the fetch) or ``InputError`` (the content).
    """
    from service import reader
    from service.reader.fetch import fetch
    from service.reader.html import read_html

    page = fetch(url, settings)
    media = page.content_type
    kind = _KIND_OF_MEDIA.get(media)
    if kind is None and media and not media.startswith("text/"):
        raise InputError(f"{url} is {media}, not an article page (HTML or text)")
    text = reader.decode(page.content, source=url)
    kind = kind or reader.sniff(text)
    if kind == "html":
        raw = read_html(reader.strip_control(text), source=url, url=page.url)
    else:
        items = list(reader.parse_text(text, kind, source=url))
        raw = items[0] if items else InputError(f"{url}: no article found")
        if isinstance(raw, NewskgError):
            raise raw
    return dataclasses.replace(raw, url=raw.url or page.url)


def read_url_request(data: bytes, kind: str | None, settings: Settings) -> RawArticle | None:
    """A posted ``{"url": …}`` with no text: the page fetched and read, with the ``id``, ``title``
    and ``published`` the body gives; None for any other body (an article to read as it is).

    A refused or failed fetch raises ``FetchError``/``TooLarge`` before anything is stored.
    """
    if kind != "json" or len(data) > MAX_URL_REQUEST_BYTES:
        return None
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None  # the JSON reader reports it
    if not isinstance(obj, dict) or "url" not in obj or obj.get("text") or obj.get("body"):
        return None
    raw = read_url(obj["url"] if isinstance(obj["url"], str) else "", settings)
    extra = {k: obj[k] for k in ("id", "title") if isinstance(obj.get(k), str) and obj[k].strip()}
    if isinstance(obj.get("published"), str):
        from service.reader.text import parse_date

        extra["published"] = parse_date(obj["published"]) or raw.published
    return dataclasses.replace(raw, **extra) if extra else raw
