"""Plain-text articles: separate the body from bylines, footers, bios and page junk.

Pages copied from news sites carry more than the story: a "By ..." byline, a print-edition
footer, "X contributed reporting from Y", the author's bio, the publisher's name and widgets
("Related Articles", "Leave a Reply"). None of that is article body, but the byline, footer,
contributor line and bio say who wrote it, when and for whom, which is kept as metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from service.ir import RawArticle

_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|al|bin|la|le|da|di))*"
BYLINE = re.compile(r"^\s*By\s+(?P<names>[A-Z].{1,120}?)\s*$")
CONTRIBUTED = re.compile(
    r"^(?P<names>.+?)\s+contributed(?:\s+additional)?\s+reporting(?:\s+from\s+(?P<place>.+?))?\.?\s*$", re.I)
PRINT_FOOTER = re.compile(
    r"^A version of this article appears in print on\s+(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})"
    r"(?:(?!with the headline).)*(?:with the headline:?\s*(?P<headline>.+?))?\.?\s*$")
# A header block of "Key: value" lines before the story (archives and scrapers write these).
HEADER_LINE = re.compile(r"^(?P<key>[A-Z][^:]{0,80}?):\s*(?P<value>.*)$")
HEADER_KEYS = {
    "title": "title", "headline": "title", "date": "published", "published": "published",
    "publication date": "published", "url": "url", "link": "url", "source url": "url",
    "outlet": "publisher", "publisher": "publisher", "source": "publisher", "author": "authors",
    "authors": "authors", "by": "authors", "byline": "authors",
}
# A wire dateline opening the story: "WASHINGTON (CNN) --", "BAGHDAD, Iraq (AP) —".
DATELINE_PREFIX = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{2,}(?:,\s*[A-Z][A-Za-z.'’ -]+)?)\s*(?:\((?P<agency>[A-Za-z .&]+)\))?\s*(?:--|—|–|-)\s+")
# A line that is only a date ("Monday, May 18, 2015"): the dateline of wire and wiki stories.
DATE_ONLY = re.compile(r"^(?:[A-Z][a-z]+day,\s+)?(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})$")
DATELINE = re.compile(r"^(?:Published|Updated|Posted)(?: on)?:?\s+(?P<date>.+?)\s*$", re.I)
SEPARATOR = re.compile(r"^\s*(?:[*_=~#-]\s*){3,}$")
# Page furniture that is never article text (matched against a whole line, case-insensitive).
JUNK = re.compile(
    r"^(?:related(?: articles| stories| coverage| content| links)?|leave a (?:reply|comment)|comments?"
    r"|advertisement|supported by|share(?: this(?: article| story)?)?|continue reading(?: the main story)?"
    r"|read more|sign up.*|subscribe.*|follow us.*|see more.*|more on this story|you may also like"
    r"|recommended(?: for you)?|most (?:popular|read)|newsletter.*|image|photo|video|listen to this article)\W*$",
    re.I)
BIO = re.compile(
    rf"^(?P<name>{_NAME})\s+(?:is|was|has been)\s+(?:a|an|the)\s+(?P<title>[a-z][\w -]*?)"
    r"(?:\s+(?:covering|reporting on|based in|who covers|focused on)\b.*?)?"
    r"\s+(?:for|at|with)\s+(?P<org>(?:The\s+)?[A-Z][\w&'’-]*(?:\.[A-Z][\w&'’-]*)*\.?"
    r"(?:\s+(?:of\s+)?[A-Z][\w&'’-]*(?:\.[A-Z][\w&'’-]*)*\.?)*)")
NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*)\s*")


def split_names(text: str) -> tuple[str, ...]:
    """"Jane Doe, John Roe and Ann Poe" → the three names."""
    text = re.sub(r"^(?:By|From)\s+", "", text.strip()).rstrip(".")
    return tuple(n.strip() for n in NAME_SPLIT.split(text) if n.strip() and n.strip()[0].isupper())


def parse_date(text: str) -> str | None:
    """An ISO date from a written date ("December 9, 2016", "Dec. 9, 2016", "2016-12-09")."""
    text = text.strip().rstrip(".,")
    for fmt in ("%B %d, %Y", "%b. %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%d %B %Y", "%A, %B %d, %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        # An ISO date or date-time, checked whole: "2016-13-45" or "2016-02-30T99:99" is no date.
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        except ValueError:
            return None
    return None


@dataclass
class _Meta:
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    published: str | None = None
    headline: str | None = None
    publisher: str | None = None
    author_roles: list[tuple[str, str, str]] = field(default_factory=list)
    reported_from: list[str] = field(default_factory=list)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs split on blank lines; single line breaks inside a paragraph become spaces."""
    paras = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        # A block of short lines (a list of widgets, a header) keeps each line separate.
        if len(lines) > 1 and all(len(ln) < 60 for ln in lines):
            paras.extend(lines)
        else:
            paras.append(" ".join(lines))
    return paras


def _classify(para: str, meta: _Meta, in_trailer: bool) -> bool:
    """Record what a non-body paragraph says in ``meta``; True when the paragraph is not body."""
    if m := BYLINE.match(para):
        meta.authors += [n for n in split_names(m["names"]) if n not in meta.authors]
        return True
    if m := CONTRIBUTED.match(para):
        meta.contributors += [n for n in split_names(m["names"]) if n not in meta.contributors]
        if m["place"]:
            meta.reported_from += [p for p in split_names(m["place"]) if p not in meta.reported_from]
        return True
    if m := PRINT_FOOTER.match(para):
        meta.published = meta.published or parse_date(m["date"])
        meta.headline = meta.headline or (m["headline"] or None)
        return True
    if ((m := DATELINE.match(para)) or (m := DATE_ONLY.match(para))) and len(para) < 80 \
            and parse_date(m["date"].split(", ", 1)[-1] if m["date"].count(",") > 1 else m["date"]):
        meta.published = meta.published or parse_date(m["date"])
        return True
    if SEPARATOR.match(para) or JUNK.match(para):
        return True
    m = BIO.match(para)
    if m and (in_trailer or m["name"] in meta.authors):
        if m["name"] not in meta.authors:
            meta.authors.append(m["name"])
        # The organisation ends where the bio's next sentence starts ("...Times. Since 2007, ...").
        org = re.split(r"\.\s+(?=[A-Z])", m["org"].strip())[0]
        org = org if re.search(r"\b[A-Z]\.$", org) else org.rstrip(".")
        meta.author_roles.append((m["name"], m["title"].strip(), org))
        meta.publisher = meta.publisher or org
        return True
    if in_trailer and len(para) < 60 and not re.search(r"[.!?\"”]$", para) and para[:1].isupper():
        # A bare name line among the trailer (the masthead): the publisher.
        if len(para.split()) <= 6:
            meta.publisher = para.strip()
        return True
    return False


def _header(text: str) -> tuple[dict[str, str], str]:
    """A leading block of "Key: value" lines ended by a rule of dashes, and the text after it."""
    lines = text.lstrip("\ufeff").split("\n")
    found: dict[str, str] = {}
    for i, line in enumerate(lines[:40]):
        if SEPARATOR.match(line) and found:
            return found, "\n".join(lines[i + 1:])
        m = HEADER_LINE.match(line.strip())
        if not m:
            if line.strip():
                break
            continue
        key = HEADER_KEYS.get(m["key"].strip().lower())
        if key and m["value"].strip():
            found.setdefault(key, m["value"].strip())
    return {}, text


def read_text(text: str, *, source: str | None = None, title: str | None = None) -> RawArticle:
    """Split plain text into body and metadata.

    >>> a = read_text("By Jane Doe\\n\\nThe mayor said the bridge would reopen.\\n\\n***\\n\\nRelated Articles")
    >>> a.authors, a.text
    (('Jane Doe',), 'The mayor said the bridge would reopen.')
    """
    meta = _Meta()
    body: list[str] = []
    header, text = _header(text)
    title = title or header.get("title")
    meta.published = parse_date(header.get("published", "")) if header.get("published") else None
    if header.get("publisher"):
        # "The Washington Post (Adam Goldman, Greg Miller)": the outlet, then its writers.
        pub = re.match(r"^(?P<pub>[^(]+?)\s*(?:\((?P<names>[^)]*)\))?\s*$", header["publisher"])
        meta.publisher = pub["pub"] if pub else header["publisher"]
        if pub and pub["names"] and not re.search(r"\b(?:as|via|published)\b", pub["names"]):
            meta.authors += list(split_names(pub["names"]))
    if header.get("authors"):
        meta.authors += [n for n in split_names(header["authors"]) if n not in meta.authors]
    paras = _paragraphs(text)
    # A short first line with no final punctuation, followed by body, is the headline.
    if title is None and len(paras) > 1 and len(paras[0]) < 150 and not BYLINE.match(paras[0]) \
            and not re.search(r"[.!?:\"”]$", paras[0]):
        title, paras = paras[0], paras[1:]
    in_trailer = False
    for para in paras:
        if SEPARATOR.match(para) and body:
            in_trailer = True
            continue
        if _classify(para, meta, in_trailer):
            continue
        if not body and (m := DATELINE_PREFIX.match(para)):
            place = m["place"].split(",")[0].strip().title()
            meta.reported_from.append(place)
            meta.publisher = meta.publisher or (m["agency"].strip() if m["agency"] else None)
            para = para[m.end():]
        if in_trailer:
            # Text after the end-of-story separator that is none of the known trailer kinds is
            # still not story text (captions, promos); it is dropped rather than analysed.
            continue
        body.append(para)
    url = (header.get("url") or "").split(" ")[0]
    return RawArticle(
        text="\n\n".join(body), title=title or meta.headline, published=meta.published,
        url=url if re.match(r"^https?://\S+$", url) else None,
        authors=tuple(meta.authors), contributors=tuple(meta.contributors), publisher=meta.publisher,
        author_roles=tuple(meta.author_roles), reported_from=tuple(meta.reported_from), source=source)
