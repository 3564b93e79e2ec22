"""JSON and JSONL articles: ``{"text", "title"?, "url"?, "published"?, "authors"?, "publisher"?, "id"?}``.

The text goes through the same clean-up as plain text (a scraped body may still carry its
byline or footer); fields given in the JSON win over what the clean-up finds.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Iterator

from service.errors import InputError
from service.ir import RawArticle
from service.reader.text import parse_date, read_text, split_names

_FIELDS = {"text", "title", "url", "published", "authors", "publisher", "id", "contributors", "body",
           "date", "author", "source_file", "category", "language", "headline"}


# Longest metadata values accepted (characters); the body is limited by NEWSKG_MAX_ARTICLE_BYTES.
MAX_FIELD = {"id": 200, "title": 2000, "headline": 2000, "url": 4000, "published": 100, "date": 100,
             "publisher": 500}
MAX_NAME = 300


def _str_field(obj: dict, name: str, where: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}field {name!r} must be a string, not {type(value).__name__}")
    if name in MAX_FIELD and len(value) > MAX_FIELD[name]:
        raise InputError(f"{where}field {name!r} is too long ({len(value):,} characters; "
                         f"the limit is {MAX_FIELD[name]:,})")
    return value.strip() or None


def _check_names(names: tuple[str, ...], name: str, where: str) -> tuple[str, ...]:
    for n in names:
        if len(n) > MAX_NAME:
            raise InputError(f"{where}field {name!r} holds a name that is too long ({len(n):,} characters; "
                             f"the limit is {MAX_NAME})")
    return names


def _loads(line: str):
    """``json.loads`` with the failures a hostile document can cause turned into ``InputError``."""
    try:
        obj = json.loads(line)
    except RecursionError as e:
        raise InputError("the JSON is nested too deeply to be an article") from e
    except json.JSONDecodeError:
        raise
    except ValueError as e:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        raise InputError(f"the JSON holds a number of more than {sys.get_int_max_str_digits():,} digits") from e
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError("the JSON holds an unpaired surrogate escape (\\ud800-\\udfff), which is not text") from e
    except RecursionError as e:
        raise InputError("the JSON is nested too deeply to be an article") from e
    return obj


def _names(obj: dict, name: str, where: str) -> tuple[str, ...]:
    value = obj.get(name)
    if value is None:
        return ()
    if isinstance(value, str):
        return _check_names(split_names(value), name, where)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return _check_names(tuple(v.strip() for v in value if v.strip()), name, where)
    raise InputError(f"{where}field {name!r} must be a string or a list of strings")


def article_from_json(obj: object, *, source: str | None = None, line: int | None = None) -> RawArticle:
    """One article from a decoded JSON object, checked field by field."""
    where = f"line {line}: " if line else ""
    if not isinstance(obj, dict):
        raise InputError(f"{where}an article must be a JSON object with a \"text\" field, not {type(obj).__name__}")
    text = _str_field(obj, "text", where) or _str_field(obj, "body", where)
    if text is None:
        raise InputError(f"{where}the JSON article has no \"text\" (a non-empty string)")
    art_id = obj.get("id")
    if art_id is not None and not isinstance(art_id, (str, int)) or isinstance(art_id, bool):
        raise InputError(f"{where}field 'id' must be a string or a number")
    if art_id is not None and len(str(art_id)) > MAX_FIELD["id"]:
        raise InputError(f"{where}field 'id' is too long ({len(str(art_id)):,} characters; "
                         f"the limit is {MAX_FIELD['id']})")
    published = _str_field(obj, "published", where) or _str_field(obj, "date", where)
    if published and not parse_date(published):
        raise InputError(f"{where}field 'published' is not a date: {published!r} (use ISO 8601, e.g. 2016-12-09)")
    cleaned = read_text(text, source=source, title=_str_field(obj, "title", where) or _str_field(obj, "headline", where))
    return dataclasses.replace(
        cleaned,
        id=str(art_id) if art_id is not None else None,
        url=_str_field(obj, "url", where) or cleaned.url,
        published=parse_date(published) if published else cleaned.published,
        authors=_names(obj, "authors", where) or _names(obj, "author", where) or cleaned.authors,
        contributors=_names(obj, "contributors", where) or cleaned.contributors,
        publisher=_str_field(obj, "publisher", where) or cleaned.publisher,
    )


def read_json(text: str, *, source: str | None = None) -> RawArticle:
    try:
        obj = _loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e.msg} at line {e.lineno}, column {e.colno}") from e
    return article_from_json(obj, source=source)


def read_jsonl(text: str, *, source: str | None = None) -> Iterator[RawArticle | InputError]:
    """Each line an article; a broken line is yielded as an ``InputError`` naming its line."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = _loads(line)
            yield article_from_json(obj, source=f"{source}:{number}" if source else None, line=number)
        except json.JSONDecodeError as e:
            yield InputError(f"line {number}: malformed JSON ({e.msg}, column {e.colno})")
        except InputError as e:
            yield e if e.message.startswith("line ") else InputError(f"line {number}: {e.message}")
