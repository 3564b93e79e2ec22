"""``/search`` (claims, speakers and entities matching some words) and ``/claims`` (every claim,
narrowed by facets), each in HTML, JSON and CSV (``?format=``, ``views.respond``).

Both run the functions of ``service.store.search.browse`` that ``newskg search`` and ``newskg
claims`` run, over the full-text index the embedded store keeps beside itself. With an external
SPARQL store (``--sparql-endpoint``) there is no such index (other clients write that store, so
none could be kept in step): both answer 501 and say so.
"""

from __future__ import annotations

from flask import Blueprint, request

from service.errors import InputError, NotAvailable
from service.store.search.browse import FACETS, KINDS, MAX_FACET_SIZE, Filters, list_claims, search
from service.store.search.output import CLAIM_FIELDS, SEARCH_FIELDS, claim_row, search_rows
from service.web.links import href
from service.web.present import human_date
from service.web.state import state
from service.web.views import chosen_format, page_number, pager, respond, this_page

bp = Blueprint("search", __name__)
bp.add_app_template_filter(human_date, "human_date")
WHAT = ("all", "claims", "speakers", "entities")
FACET_TITLES = {"speaker": "Speaker", "place": "Place", "organisation": "Organisation", "outlet": "Outlet",
                "month": "Month published", "kind": "Kind"}


def _index():
    """The store's full-text index; a clear 501 with an external SPARQL store."""
    store = state().store
    if not hasattr(store, "search_index"):
        raise NotAvailable("search and the claims list need the embedded store's full-text index; with an "
                           "external SPARQL store (--sparql-endpoint) query /sparql instead")
    return store.search_index()


def _linked(c: dict) -> dict:
    """A claim row with links for the HTML page."""
    return {**c, "href": href(c["claim"]), "article_href": href(c["article"]) if c["article"] else None,
            "speakers": [{**s, "href": href(s["iri"])} for s in c["speakers"]],
            "about": [{**a, "href": href(a["iri"])} for a in c["about"]]}


@bp.route("/search")
def search_page():
    """Claims, speakers and entities matching ``q``, best first; ``what`` pages one of the lists."""
    fmt = chosen_format()
    q = request.args.get("q", "").strip()
    what = request.args.get("what", "all")
    if what not in WHAT:
        raise InputError(f"what={what!r}: one of {', '.join(WHAT)}")
    page = page_number()
    if not q and fmt == "html":
        return respond("search.html", {"result": None, "search_query": ""}, data={}, rows=[], fields=[], fmt=fmt)
    result = search(_index(), q, what=what, page=page)
    rows = search_rows(result)
    view = dict(result)
    if "claims" in view:
        view["claims"] = {**view["claims"], "rows": [_linked(c) for c in view["claims"]["rows"]]}
    for section in ("speakers", "entities"):
        if section in view:
            view[section] = {**view[section], "rows": [{**e, "href": href(e["iri"])} for e in view[section]["rows"]]}
    more = {s: this_page(what=s, page=None) for s in WHAT[1:]}
    context = {"result": view, "search_query": q, "more": more, "claims_list": _claims_url({"q": q}),
               "paging": pager(page, any((view.get(s) or {}).get("next") for s in WHAT[1:])) if what != "all"
               else None}
    return respond("search.html", context, data=result, rows=rows, fields=SEARCH_FIELDS, fmt=fmt)


def _filters() -> Filters:
    """The claims list's selection from the URL: one value per facet, and ``q``."""
    f = Filters(q=request.args.get("q", "").strip())
    for facet in FACETS:
        value = request.args.get(facet, "").strip()
        if value:
            if facet == "kind" and value not in KINDS:
                raise InputError(f"kind={value!r}: one of {', '.join(KINDS)}")
            setattr(f, facet, [value])
    return f


def _facet_size() -> int:
    raw = request.args.get("facet_size", "10")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_FACET_SIZE:
        raise InputError(f"facet_size={raw!r}: a whole number from 1 to {MAX_FACET_SIZE}")
    return int(raw)


def _claims_url(args: dict) -> str:
    from urllib.parse import urlencode

    from service.web.links import relative

    query = urlencode(sorted((k, v) for k, v in args.items() if v))
    return relative("/claims" + ("?" + query if query else ""))


@bp.route("/claims")
def claims_page():
    """Every claim, newest article first (best match first with ``q``), narrowed by facets."""
    fmt = chosen_format()
    filters, page = _filters(), page_number()
    result = list_claims(_index(), filters, page=page, facet_size=_facet_size() if fmt != "csv" else 0)
    if fmt != "html":
        return respond("claims.html", {}, data=result, rows=[claim_row(c) for c in result["claims"]],
                       fields=CLAIM_FIELDS, fmt=fmt)
    current = {k: v for k, v in request.args.items() if k in (*FACETS, "q", "facet_size")}
    facets = []
    for facet in FACETS:
        values = [{**v, "href": _claims_url({**current, facet: None if v["selected"] else v["value"]})}
                  for v in result["facets"].get(facet, [])]
        facets.append({"name": facet, "title": FACET_TITLES[facet], "values": values})
    context = {"result": {**result, "claims": [_linked(c) for c in result["claims"]]}, "facets": facets,
               "paging": pager(page, result["next"] is not None), "search_query": filters.q,
               "clear": _claims_url({"q": filters.q}) if result["selected"] else None}
    return respond("claims.html", context, data=result, rows=[claim_row(c) for c in result["claims"]],
                   fields=CLAIM_FIELDS, fmt=fmt)
