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
    counts["triples"] = st.store.count()
    return counts


@bp.route("/")
def index():
    queries = [(q, "/sparql?query=" + quote(q.text)) for q in load_queries()]
    canned = [{"name": q.name, "title": q.title, "text": q.text} for q in load_queries()]
    return render_template("index.html", counts=holdings(), queries=queries, canned=canned)


@bp.route("/healthz")
def healthz():
    return jsonify({"ok": True, **holdings()})
