"""One page, three formats: every reading page answers HTML, JSON (its data) and CSV (its main
table) at a stable URL, ``?format=json`` / ``?format=csv`` on the page's own URL (a ``.json``
suffix would be ambiguous on IRI paths, whose segments may hold dots), or by ``Accept``.
Pages that show an RDF node also answer ``?format=ttl`` and ``?format=jsonld``."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import urlencode

from flask import Response, render_template, request

from service.errors import InputError
from service.web.links import relative

PAGE_SIZE = 50
TABLE_FORMATS = {"html": "text/html", "json": "application/json", "csv": "text/csv"}
RDF_FORMATS = {"ttl": "text/turtle", "jsonld": "application/ld+json"}
LABELS = {"json": "JSON", "csv": "CSV", "ttl": "Turtle", "jsonld": "JSON-LD"}


def chosen_format(rdf: bool = False) -> str:
    """The format this request asks for: ``?format=`` if given (400 for one the page does not
    have), else the best match of ``Accept``, else HTML."""
    known = dict(TABLE_FORMATS, **(RDF_FORMATS if rdf else {}))
    asked = request.args.get("format")
    if asked is not None:
        if asked not in known:
            raise InputError(f"unknown format={asked!r}; this page has " + ", ".join(sorted(known)))
        return asked
    by_type = {media: name for name, media in known.items()}
    best = request.accept_mimetypes.best_match(["text/html", *by_type])
    return by_type.get(best, "html")


def this_page(**changes) -> str:
    """The current page's URL, relative to itself, with query parameters changed (None drops one)."""
    args = {k: v for k, v in request.args.items()}
    for k, v in changes.items():
        if v is None:
            args.pop(k, None)
        else:
            args[k] = str(v)
    query = urlencode(sorted(args.items()))
    return relative(request.path + ("?" + query if query else ""))


def alternates(rdf: bool = False) -> list[dict]:
    """The page's other formats, for ``<link rel=alternate>`` and the links at its foot."""
    names = ["json", "csv"] + (["ttl", "jsonld"] if rdf else [])
    media = dict(TABLE_FORMATS, **RDF_FORMATS)
    return [{"type": media[n], "href": this_page(format=n, page=None if n in RDF_FORMATS else request.args.get("page")),
             "label": LABELS[n]} for n in names]


def page_number() -> int:
    """``?page=N`` (1-based; 1 when absent); a clear 400 for anything but a positive whole number."""
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or int(raw) > 100000:
        raise InputError(f"page={raw!r} is not a page number (1, 2, ...)")
    return int(raw)


def pager(page: int, has_next: bool) -> dict:
    """Links to the previous and next pages (None where there is none)."""
    return {"page": page,
            "prev": this_page(page=page - 1 if page > 2 else None) if page > 1 else None,
            "next": this_page(page=page + 1) if has_next else None}


def csv_body(rows: list[dict], fields: list[str]) -> str:
    """Rows as CSV with a header line; lists are joined with "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, (list, tuple)) else v for k, v in row.items()})
    return out.getvalue()


def respond(template: str, context: dict, *, data: dict, rows: list[dict], fields: list[str],
            fmt: str | None = None, rdf: bool = False) -> Response:
    """The page in the format asked for: ``template`` rendered with ``context`` (plus
    ``alternates``), ``data`` as JSON, or ``rows`` (the page's main table) as CSV."""
    fmt = fmt or chosen_format(rdf)
    if fmt == "json":
        resp = Response(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    elif fmt == "csv":
        resp = Response(csv_body(rows, fields), content_type="text/csv; charset=utf-8")
    else:
        resp = Response(render_template(template, alternates=alternates(rdf), **context))
    resp.headers["Vary"] = "Accept"
    return resp
