"""Search and claims-list results as flat rows: the CSV of the web pages and of the CLI, and the
CLI's plain-text table. One row per claim (speakers and places joined by "; "), or per entity."""

from __future__ import annotations

import csv
import io

CLAIM_FIELDS = ["claim", "text", "kind", "speaker", "speaker_iri", "about", "about_iri", "date", "article",
                "headline", "published", "outlet", "outlet_iri"]
ENTITY_FIELDS = ["iri", "label", "kind", "names", "claims_by", "claims_about"]
SEARCH_FIELDS = ["type", *CLAIM_FIELDS, *(f for f in ENTITY_FIELDS if f not in CLAIM_FIELDS)]


def claim_row(c: dict) -> dict:
    """A claim (``browse`` result) as one flat row of ``CLAIM_FIELDS``; lists stay lists."""
    return {"claim": c["claim"], "text": c["text"], "kind": c["kind"], "date": c["date"], "article": c["article"],
            "headline": c["headline"], "published": c["published"],
            "speaker": [s["label"] for s in c["speakers"]], "speaker_iri": [s["iri"] for s in c["speakers"]],
            "about": [a["label"] for a in c["about"]], "about_iri": [a["iri"] for a in c["about"]],
            "outlet": c["outlet_label"], "outlet_iri": c["outlet"]}


def search_rows(result: dict) -> list[dict]:
    """A ``browse.search`` result as rows of ``SEARCH_FIELDS``: its claims, then speakers, then entities."""
    rows = [{"type": "claim", **claim_row(c)} for c in result.get("claims", {}).get("rows", [])]
    for section in ("speakers", "entities"):
        rows += [{"type": section[:-1], **e} for e in result.get(section, {}).get("rows", [])]
    return rows


def csv_text(rows: list[dict], fields: list[str]) -> str:
    """Rows as CSV with a header line; a list in a cell is joined with "; "."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()


def text_lines(result: dict) -> list[str]:
    """A ``browse`` result (search or claims list) as lines for a terminal."""
    lines: list[str] = []
    if "facets" in result:  # the claims list
        lines.append(f"{result['total']} claims (page {result['page']})")
        lines += [_claim_line(c) for c in result["claims"]]
        for facet, values in result["facets"].items():
            if values:
                lines.append(f"{facet}: " + ", ".join(f"{v['label']} ({v['count']})" for v in values))
        return lines
    for section in ("speakers", "entities"):
        part = result.get(section)
        if part and part["total"]:
            lines.append(f"{section} ({part['total']}):")
            lines += [f"  {e['label']} [{e['kind']}] {e['claims_by']} claims by, {e['claims_about']} about  "
                      f"<{e['iri']}>" for e in part["rows"]]
    part = result.get("claims")
    if part is not None:
        lines.append(f"claims ({part['total']}):")
        lines += [_claim_line(c) for c in part["rows"]]
    return lines


def _claim_line(c: dict) -> str:
    who = ", ".join(s["label"] for s in c["speakers"]) or "?"
    when = c["published"] or c["date"]
    return f"  {who} ({c['kind']}{', ' + when if when else ''}): {c['text']}  <{c['claim']}>"
