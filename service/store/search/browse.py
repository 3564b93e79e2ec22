"""The queries behind ``/search``, ``/claims``, ``newskg search`` and ``newskg claims``, over the index.

One function per view; the web pages and the CLI call the same ones and render what they return
(plain dicts: IRIs in full, with labels). Every list has a total order, so a page of it is stable.

User input becomes an FTS5 query by ``fts_query``: plain words are quoted one by one (so "O'Brien"
or "U.S." never fail to parse), and input that uses FTS5's own syntax (double quotes for phrases,
``*`` for prefixes, ``AND``/``OR``/``NOT``, ``NEAR``, parentheses, ``column:``) is passed as it is,
a syntax error in it being an ``errors.InputError`` (400).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass, field

from service.errors import InputError
from service.store.search.index import ABOUT, NAME_SEPARATOR, SPEAKER, TOKENIZE, SearchIndex

PER_PAGE = 50
FACET_SIZE = 10
MAX_FACET_SIZE = 1000
FACETS = ("speaker", "place", "organisation", "outlet", "month", "kind")
KINDS = ("statement", "belief", "finding")
SYNTAX = re.compile(r'["*():^+]|\b(AND|OR|NOT|NEAR)\b')
MAX_QUERY = 500  # characters of a search


def fts_query(text: str) -> str:
    """An FTS5 query for what a person typed (see the module's docstring); empty input is an error."""
    text = " ".join(text.split())
    if not text:
        raise InputError("the search is empty: give some words (q=...)")
    if len(text) > MAX_QUERY:
        raise InputError(f"the search is too long ({len(text)} characters; at most {MAX_QUERY})")
    if SYNTAX.search(text):
        return text
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())


_probe_lock = threading.Lock()
_probe = sqlite3.connect(":memory:", check_same_thread=False)
_probe.execute(f"CREATE VIRTUAL TABLE claim_fts USING fts5 (text, speaker, tokenize = '{TOKENIZE}')")
_probe.execute(f"CREATE VIRTUAL TABLE entity_fts USING fts5 (names, tokenize = '{TOKENIZE}')")


def parses(match: str, table: str = "claim_fts") -> str | None:
    """None when ``match`` is a valid FTS5 query on ``table``'s columns, else SQLite's reason (tried on
    an empty table of the same shape, so no other failure can pass for the user's)."""
    with _probe_lock:
        try:
            _probe.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (match,)).fetchall()
        except sqlite3.Error as e:
            return str(e)
    return None


def checked(text: str) -> str:
    """``fts_query(text)``, or an ``InputError`` (400) that says why it does not parse and what to do."""
    match = fts_query(text)
    reason = parses(match)
    if reason is not None:
        raise InputError(f"the search does not parse ({reason}): put words with punctuation in double quotes, "
                         'e.g. "O\'Brien", or leave out * ( ) : ^ + and AND/OR/NOT/NEAR')
    return match


@dataclass
class Filters:
    """The claims list's selection: a value per facet (IRIs for speaker, place, organisation and
    outlet; ``YYYY-MM`` for month; statement/belief/finding for kind), and words to match."""

    speaker: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    organisation: list[str] = field(default_factory=list)
    outlet: list[str] = field(default_factory=list)
    month: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    q: str = ""

    def where(self, *, words: bool = True) -> tuple[str, list]:
        """SQL conditions on ``claim c`` (all of them must hold) and their parameters; ``words``
        False leaves out the full-text match (for a query that joins ``claim_fts`` itself)."""
        conds, params = [], []
        for role, facet in ((SPEAKER, self.speaker), (ABOUT, self.place), (ABOUT, self.organisation)):
            for iri in facet:
                conds.append("c.id IN (SELECT claim FROM claim_actor WHERE entity = ? AND role = ?)")
                params += [iri, role]
        for column, facet in (("outlet", self.outlet), ("month", self.month), ("kind", self.kind)):
            for value in facet:
                conds.append(f"c.{column} = ?")
                params.append(value)
        if self.q and words:
            conds.append("c.id IN (SELECT rowid FROM claim_fts WHERE claim_fts MATCH ?)")
            params.append(checked(self.q))
        return (" AND ".join(conds) or "1"), params


def _rows(ix: SearchIndex, sql: str, params: tuple) -> list:
    return ix.db.execute(sql, params).fetchall()


# ---------------------------------------------------------------- claims list
CLAIM_COLUMNS = ("c.id, c.iri, c.kind, c.text, c.date, c.cue, c.article, c.published, c.month, c.outlet, "
                 "(SELECT headline FROM article a WHERE a.iri = c.article LIMIT 1)")
_LABEL = "(SELECT label FROM entity e WHERE e.iri = {} AND e.label != '' ORDER BY e.id LIMIT 1)"


def _claim_rows(ix: SearchIndex, rows: list) -> list[dict]:
    """Result rows: a claim with its speakers, what it is about, its article and outlet, labelled."""
    out = []
    for cid, iri, kind, text, date, cue, article, published, month, outlet, headline in rows:
        actors = ix.db.execute(f"SELECT role, entity, {_LABEL.format('a.entity')}, "
                               "(SELECT MAX(place) FROM entity e WHERE e.iri = a.entity), "
                               "(SELECT MAX(organisation) FROM entity e WHERE e.iri = a.entity) "
                               "FROM claim_actor a WHERE claim = ? ORDER BY role, entity", (cid,)).fetchall()
        out.append({
            "claim": iri, "text": text, "kind": kind, "date": date or "", "cue": cue or "",
            "speakers": [{"iri": e, "label": label or e} for role, e, label, _, _ in actors if role == SPEAKER],
            "about": [{"iri": e, "label": label or e, "place": bool(pl), "organisation": bool(org)}
                      for role, e, label, pl, org in actors if role == ABOUT],
            "article": article or "", "headline": headline or "", "published": published or "",
            "month": month or "", "outlet": outlet or "", "outlet_label": _label(ix, outlet) if outlet else "",
        })
    return out


def _label(ix: SearchIndex, iri: str) -> str:
    row = ix.db.execute(f"SELECT {_LABEL.format('?')}", (iri,)).fetchone()
    return row[0] if row and row[0] else iri


def list_claims(ix: SearchIndex, filters: Filters, *, page: int = 1, per_page: int = PER_PAGE,
                facet_size: int = FACET_SIZE) -> dict:
    """One page of the claims that ``filters`` select (newest article first, or best match first when
    words are given), their total, and every facet's values with counts over the whole selection."""
    where, params = filters.where()
    order = "c.published DESC, c.article, c.start, c.iri"
    source = "claim c"
    if filters.q:
        where, params = filters.where(words=False)
        source = "claim_fts f JOIN claim c ON c.id = f.rowid"
        where, params = f"claim_fts MATCH ? AND {where}", [checked(filters.q), *params]
        order = "bm25(claim_fts), " + order
    with ix.lock:
        total = _rows(ix, f"SELECT COUNT(*) FROM {source} WHERE {where}", tuple(params))[0][0]
        rows = _rows(ix, f"SELECT {CLAIM_COLUMNS} FROM {source} WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                      (*params, per_page, (page - 1) * per_page))
        claims = _claim_rows(ix, rows)
        facets = _cached_facets(ix, filters, facet_size) if facet_size else {}
    return {"total": total, "page": page, "per_page": per_page,
            "next": page + 1 if page * per_page < total else None, "claims": claims, "facets": facets,
            "selected": {f: getattr(filters, f) for f in FACETS if getattr(filters, f)}, "q": filters.q}


FACET_CACHE = 256  # selections whose facet counts are kept until the index changes


def _cached_facets(ix: SearchIndex, filters: Filters, size: int) -> dict:
    """``facet_counts``, kept per selection until the next write changes the index (every page of
    a selection, and its CSV, share them; the unnarrowed list's are the costliest)."""
    key = ("facets", size, repr(filters.where()))
    found = ix.cache.get(key)
    if found is None:
        if len(ix.cache) >= FACET_CACHE:
            ix.cache.clear()
        found = ix.cache[key] = facet_counts(ix, filters, size=size)
    return found


def facet_counts(ix: SearchIndex, filters: Filters, *, size: int = FACET_SIZE) -> dict[str, list[dict]]:
    """Each facet's values over the selected claims: ``{facet: [{"value", "label", "count"}]}``,
    most claims first (then by value; months newest first), at most ``size`` each; a selected value
    is always listed."""
    where, params = filters.where()
    narrowed = where != "1"
    in_selection = f"AND claim IN (SELECT c.id FROM claim c WHERE {where}) " if narrowed else ""
    entity_facets = {  # grouped first, then the groups' entities tested (once per entity, not per claim)
        "speaker": (SPEAKER, ""),
        "place": (ABOUT, "WHERE EXISTS (SELECT 1 FROM entity e WHERE e.iri = v AND e.place = 1)"),
        "organisation": (ABOUT, "WHERE EXISTS (SELECT 1 FROM entity e WHERE e.iri = v AND e.organisation = 1)"),
    }
    out: dict[str, list[dict]] = {}
    for facet, (role, kind) in entity_facets.items():
        grouped = (f"SELECT * FROM (SELECT entity AS v, COUNT(*) AS n FROM claim_actor "
                   f"WHERE role = '{role}' {in_selection}GROUP BY entity) {kind}")
        out[facet] = _top(ix, facet, grouped, tuple(params if narrowed else ()), getattr(filters, facet), size,
                          labelled=True)
    for facet in ("outlet", "month", "kind"):
        grouped = f"SELECT c.{facet} AS v, COUNT(*) AS n FROM claim c WHERE {where} AND c.{facet} != '' GROUP BY v"
        out[facet] = _top(ix, facet, grouped, tuple(params), getattr(filters, facet), size,
                          labelled=facet == "outlet")
    return out


def _top(ix: SearchIndex, facet: str, grouped: str, params: tuple, selected: list[str], size: int, *,
         labelled: bool) -> list[dict]:
    """The first ``size`` values of a facet (``grouped`` gives ``v, n``), ordered in SQL so that only
    those are labelled, and the selected values wherever they fall."""
    label = _LABEL.format("g.v") if labelled else "g.v"
    order = "v DESC" if facet == "month" else "n DESC, v"
    rows = _rows(ix, f"SELECT g.v, {label}, g.n FROM ({grouped} ORDER BY {order} LIMIT ?) g", (*params, size))
    shown = {v for v, _, _ in rows}
    missing = [v for v in selected if v not in shown]
    if missing:
        marks = ",".join("?" * len(missing))
        rows += _rows(ix, f"SELECT g.v, {label}, g.n FROM ({grouped}) g WHERE g.v IN ({marks})", (*params, *missing))
    return [{"value": v, "label": lab or v, "count": n, "selected": v in selected} for v, lab, n in rows]


# ---------------------------------------------------------------- search
def search(ix: SearchIndex, q: str, *, what: str = "all", page: int = 1, per_page: int = PER_PAGE) -> dict:
    """Claims (their text and their speakers' names), speakers and other entities (their names)
    matching ``q``, best match first (FTS5's bm25). ``what`` is ``all`` (the first page of each)
    or one of ``claims``, ``speakers``, ``entities`` (that list, paged)."""
    match = checked(q)
    out: dict = {"q": q, "what": what, "page": page, "per_page": per_page}
    with ix.lock:
        if what in ("all", "claims"):
            total = _rows(ix, "SELECT COUNT(*) FROM claim_fts WHERE claim_fts MATCH ?", (match,))[0][0]
            rows = _rows(ix, f"SELECT {CLAIM_COLUMNS} FROM claim_fts f JOIN claim c ON c.id = f.rowid "
                              "WHERE claim_fts MATCH ? ORDER BY bm25(claim_fts), c.iri LIMIT ? OFFSET ?",
                          (match, per_page, (page - 1) * per_page))
            out["claims"] = _section(_claim_rows(ix, rows), total, page, per_page)
        names = parses(match, "entity_fts") is None  # not when it names the claims' columns
        for section, speaks in (("speakers", True), ("entities", False)):
            if what in ("all", section):
                out[section] = _entities(ix, match, speaks, page, per_page) if names else _section([], 0, page, per_page)
    return out


def _section(rows: list, total: int, page: int, per_page: int) -> dict:
    return {"total": total, "rows": rows, "next": page + 1 if page * per_page < total else None}


def _entities(ix: SearchIndex, match: str, speakers: bool, page: int, per_page: int) -> dict:
    """Entities whose names match: those that have claims (speakers) or those that have none."""
    said = f"(SELECT COUNT(DISTINCT claim) FROM claim_actor a WHERE a.entity = m.iri AND a.role = '{SPEAKER}')"
    about = f"(SELECT COUNT(DISTINCT claim) FROM claim_actor a WHERE a.entity = m.iri AND a.role = '{ABOUT}')"
    base = ("WITH hit AS MATERIALIZED (SELECT rowid AS id, rank FROM entity_fts WHERE entity_fts MATCH ?), "
            "m AS (SELECT e.iri, MIN(hit.rank) AS rank, MAX(e.label) AS label, GROUP_CONCAT(e.names, ?) AS names, "
            "MAX(e.person) AS person, MAX(e.organisation) AS org, MAX(e.place) AS place "
            "FROM hit JOIN entity e ON e.id = hit.id GROUP BY e.iri) ")
    cond = f"{said} {'>' if speakers else '='} 0"
    total = _rows(ix, f"{base} SELECT COUNT(*) FROM m WHERE {cond}", (match, NAME_SEPARATOR))[0][0]
    rows = _rows(ix, f"{base} SELECT iri, label, names, person, org, place, {said}, {about} FROM m "
                      f"WHERE {cond} ORDER BY rank, {said} DESC, iri LIMIT ? OFFSET ?",
                  (match, NAME_SEPARATOR, per_page, (page - 1) * per_page))
    found = [{"iri": iri, "label": label or iri, "kind": _kind(person, org, place),
              "names": sorted(set(names.split(NAME_SEPARATOR)) - {""}), "claims_by": by, "claims_about": ab}
             for iri, label, names, person, org, place, by, ab in rows]
    return _section(found, total, page, per_page)


def _kind(person, org, place) -> str:
    return "person" if person else "organisation" if org else "place" if place else "actor"


__all__ = ["FACETS", "Filters", "KINDS", "PER_PAGE", "facet_counts", "fts_query", "list_claims", "search"]
