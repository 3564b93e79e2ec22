"""Readers: files, directories, JSON, JSONL, HTML, stdin and web pages in; ``RawArticle``s out.

``read_path`` picks a reader by file suffix, or by sniffing the content when there is none,
and turns undecodable or binary input into an ``InputError`` that says what is wrong;
``read_paths`` walks files and directories; ``read_url`` fetches a page behind the SSRF guard
(``reader.fetch``) and reads it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Iterator

from service.errors import InputError, NewskgError
from service.ir import RawArticle
from service.reader.html import read_html
from service.reader.jsonl import read_json, read_jsonl
from service.reader.text import read_text

# The article formats, by file suffix: what a directory is searched for (a file named directly
# with another suffix is read by its content).
SUFFIXES = {".txt": "text", ".text": "text", ".json": "json", ".jsonl": "jsonl",
            ".ndjson": "jsonl", ".html": "html", ".htm": "html"}
FORMATS_HELP = """\b
Article formats (a directory is searched for these suffixes; other files in it, such as
a README.md, are skipped; a file named directly is read by its suffix or its content):
  .txt .text      plain text. An optional header of "Key: value" lines ended by a
                  line of dashes (---): Title or Headline; Date or Published;
                  URL or Link; Publisher, Outlet or Source; Author, Authors, By or
                  Byline. Without a header, a short first line with no final stop is
                  the headline; "By ..." bylines, "X contributed reporting from Y"
                  and print-edition footers become metadata, not body text.
  .json           one article: {"text": ..., "id", "title", "url", "published",
                  "authors", "contributors", "publisher"}. Only "text" (or "body")
                  is required; "headline" for "title", "date" for "published"
                  (ISO 8601, e.g. 2016-12-09) and "author" for "authors" (a string
                  or a list of names) are accepted too. The same "id" re-ingested
                  replaces the article.
  .jsonl .ndjson  one such JSON object per line.
  .html .htm      a web page; its main text and metadata are kept.
http(s) URLs are fetched and read as pages."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes, *, source: str = "input") -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; anything else is refused."""
    if not data.strip():
        raise InputError(f"{source} is empty")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(f"{source} has a {enc.upper()} byte-order mark but is not valid {enc.upper()}") from e
    head = data[:8192]
    if head.count(b"\x00") > len(head) // 4 and (head[1::2].count(0) > len(head) * 0.4
                                               or head[0::2].count(0) > len(head) * 0.4):
        raise InputError(f"{source} looks like UTF-16 without a byte-order mark; save it as UTF-8 "
                         "(or UTF-16 with a BOM)")
    if b"\x00" in head:
        raise InputError(f"{source} looks binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{source} is not valid UTF-8 (byte {e.start}); convert it to UTF-8 first") from e
    if len(_CONTROL.findall(text[:65536])) > max(8, len(text[:65536]) // 100):
        raise InputError(f"{source} looks binary (too many control characters), not text")
    return text


def strip_control(text: str) -> str:
    """Control characters (other than tab and newlines) as spaces: they break the parsers."""
    return _CONTROL.sub(" ", text)


def sniff(text: str) -> str:
    """The kind of a text without a file suffix: "json", "jsonl", "html" or "text"."""
    head = text.lstrip()[:2048].lower()
    if head.startswith("{"):
        lines = [ln for ln in text.strip().split("\n") if ln.strip()]
        return "jsonl" if len(lines) > 1 and all(ln.lstrip().startswith("{") for ln in lines[:3]) else "json"
    if head.startswith("[") and head[1:].lstrip().startswith("{"):
        return "json"
    if head.startswith("<") and re.search(r"<(?:!doctype|html|body|article|p|div)\b", head):
        return "html"
    return "text"


def parse_text(text: str, kind: str, *, source: str) -> Iterator[RawArticle | InputError]:
    """Articles from decoded text of a known kind ("text", "json", "jsonl", "html")."""
    text = strip_control(text)
    if kind == "jsonl":
        yield from read_jsonl(text, source=source)
        return
    if kind == "json":
        yield read_json(text, source=source)
    elif kind == "html":
        yield read_html(text, source=source)
    else:
        yield read_text(text, source=source)


def read_bytes(data: bytes, *, source: str = "input", kind: str | None = None,
               max_bytes: int | None = None) -> Iterator[RawArticle | InputError]:
    """Articles from bytes of a known kind, or of a kind sniffed from the content."""
    if max_bytes and len(data) > max_bytes and kind != "jsonl":
        raise InputError(f"{source} is {len(data):,} bytes; the limit for one article is {max_bytes:,}")
    text = decode(data, source=source)
    if not text.strip():
        raise InputError(f"{source} contains only whitespace")
    yield from parse_text(text, kind or sniff(text), source=source)


def iter_paths(paths: list[str]) -> Iterator[Path]:
    """Files named directly, and the article files inside named directories (sorted)."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif path.exists():
            yield path
        else:
            raise InputError(f"{p}: no such file or directory")


def read_path(path: Path, *, max_bytes: int | None = None) -> Iterator[RawArticle | InputError]:
    """Articles from one file, read by its suffix (or its content when the suffix says nothing)."""
    kind = SUFFIXES.get(path.suffix.lower())
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from e
    yield from read_bytes(data, source=str(path), kind=kind, max_bytes=max_bytes)


def read_paths(paths: list[str], *, max_bytes: int | None = None) -> Iterator[RawArticle | NewskgError]:
    """Articles from files and directories; an unreadable file or line comes out as an error naming
    the file, not as an exception, so that one bad file does not stop the rest. A path that does
    not exist raises ``InputError`` before anything is read."""
    for path in iter_paths(paths):
        try:
            for item in read_path(Path(path), max_bytes=max_bytes):
                yield _named(item, path)
        except NewskgError as e:
            yield _named(e, path)


def _named(item, path):
    """An error that says which file it is about (a JSONL line error names only its line)."""
    if isinstance(item, NewskgError) and str(path) not in item.message:
        return type(item)(f"{path}: {item.message}", detail=item.detail)
    return item


from service.reader.url import is_url, read_url, read_url_request  # noqa: E402 - uses the functions above

__all__ = ["decode", "sniff", "strip_control", "read_bytes", "read_path", "read_paths", "iter_paths", "parse_text",
           "read_text", "read_url", "read_url_request", "is_url"]
