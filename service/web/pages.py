"""``/``: what the service holds and the canned queries; ``/healthz``."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, jsonify, render_template

from service.queries import load_queries
from service.web.state import state

bp = Blueprint("pages", __name__)

COUNTS = """
PREFIX nkg: <https://w3id.org/newskg#>
SELECT
  (COUNT(DISTINCT ?article) AS ?articles)
  (COUNT(DISTINCT ?claim) AS ?claims)
  (COUNT(DISTINCT ?actor) AS ?actors)
  (COUNT(DISTINCT ?place) AS ?places)
WHERE {
  { ?article a nkg:Article } UNION { ?claim a nkg:Claim } UNION { ?actor a nkg:Actor }
  UNION { ?place a nkg:Location }
}"""


def holdings() -> dict[str, int]:
    st = state()
    row = next(iter(st.store.query(COUNTS)))
    counts = {k: int(row[k].value) for k in ("articles", "claims", "actors", "places")}
    counts["quads"] = st.store.count()  # every statement of every graph, the ontology's too
    return counts


@bp.route("/")
def index():
    queries = [(q, "/sparql?query=" + quote(q.text)) for q in load_queries()]
    canned = [{"name": q.name, "title": q.title, "text": q.text} for q in load_queries()]
    return render_template("index.html", counts=holdings(), queries=queries, canned=canned)


@bp.route("/healthz")
def healthz():
    """What the service holds, and whether it is well: query workers (answered, stopped at the
    time limit or the memory limit, crashed), writes (failures since the start, the last one and
    whether the store takes writes now) and, under ``newskg serve``, restarts of the server.
    503 while writes fail."""
    st = state()
    store = st.store
    failure = getattr(store, "last_write_failure", None)
    writes = {"failures": getattr(store, "write_failures", 0),
              "ok": not getattr(store, "_reopen_before_write", False)}
    if failure:
        writes["last_failure"] = {"at": _iso(failure[0]), "reason": failure[1]}
    body = {"ok": writes["ok"], **holdings(), "writes": writes}
    if hasattr(store, "status"):
        body["queries"] = store.status()
    from service.web.supervision import read_status

    server = read_status()
    if server is not None:
        body["server"] = server
    resp = jsonify(body)
    resp.status_code = 200 if writes["ok"] else 503
    return resp


def _iso(t: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="seconds")
