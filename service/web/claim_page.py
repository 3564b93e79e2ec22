"""The page a claim's IRI dereferences to: its text, speaker, kind and cue, the paragraph of
the article it is in (the claim highlighted), what it is about and when it was said."""

from __future__ import annotations

from service.errors import NotFound
from service.web.highlight import Span, annotate, paragraphs
from service.web.present import kind_of
from service.web.reading import CLAIM_CLASSES, article_node, claim_links, iso, node, public, select, text
from service.web.views import respond

CLAIM = f"""SELECT ?type ?text ?start ?end ?cue ?date ?form ?article ?title ?published ?outlet ?body WHERE {{
  ?c a ?type ; nkg:claimText ?text ; nkg:quotedIn ?article .
  FILTER(?type IN ({CLAIM_CLASSES}))
  OPTIONAL {{ ?c nkg:startOffset ?start ; nkg:endOffset ?end }}
  OPTIONAL {{ ?c nkg:cue ?cue }} OPTIONAL {{ ?c nkg:claimDate ?date }} OPTIONAL {{ ?c nkg:claimKind ?form }}
  OPTIONAL {{ ?article rdfs:label ?title }} OPTIONAL {{ ?article nkg:published ?published }}
  OPTIONAL {{ ?article nkg:articleBody ?body }} OPTIONAL {{ ?article nkg:publisher/rdfs:label ?outlet }}
}} LIMIT 1"""
CSV_FIELDS = ["claim", "kind", "speakers", "text", "cue", "date", "about", "article", "paragraph"]


def paragraph_of(body: str, start: int, end: int) -> tuple[int, int] | None:
    """The paragraph (start, end) that holds the claim's start, stretched over every paragraph
    the claim runs into."""
    spans = paragraphs(body)
    first = next((p for p in spans if p[0] <= start < p[1]), None)
    if first is None:
        return None
    last = next((p for p in spans if p[0] < end <= p[1]), first)
    return first[0], max(first[1], last[1])


def render(c, fmt: str):
    """The claim page of ``c`` (its IRI) in ``fmt`` (html, json or csv)."""
    rows = select(CLAIM, c=c)
    if not rows:
        raise NotFound(f"{c.value} is not a claim in the store")
    r = rows[0]
    links = claim_links([c])[c.value]
    start = int(r["start"].value) if r["start"] is not None else None
    end = int(r["end"].value) if r["end"] is not None else None
    body = iso(r["body"])
    para, html_para = "", None
    where = paragraph_of(body, start, end) if body and start is not None else None
    if where is not None:
        para = body[where[0]:where[1]]
        claim = Span(start - where[0], min(end, where[1]) - where[0], kind=kind_of([r["type"]]),
                     speakers=links["speakers"])
        html_para = annotate(para, [claim], [])[0]
    article = article_node(r["article"], r["title"], r["outlet"], r["published"])
    claim = {"node": node(c), "kind": kind_of([r["type"]]), "class": "nkg:" + r["type"].value.rsplit("#", 1)[-1],
             "text": r["text"].value, "cue": iso(r["cue"]), "date": text(r["date"]), "form": iso(r["form"]),
             "article": article, **links,
             # the date after the article's name, unless its name already is "outlet, date"
             "published": text(r["published"]) if r["title"] is not None else ""}
    data = {"iri": c.value, "kind": claim["kind"], "class": claim["class"], "form": claim["form"],
            "text": claim["text"], "cue": claim["cue"], "date": iso(r["date"]),
            "speakers": [public(s) for s in links["speakers"]], "about": [public(n) for n in links["about"]],
            "article": public(article), "published": iso(r["published"]), "start": start, "end": end,
            "paragraph": para}
    row = {**data, "claim": c.value, "speakers": [s["label"] for s in links["speakers"]],
           "about": [n["label"] for n in links["about"]], "article": article["iri"]}
    speaker = ", ".join(s["label"] for s in links["speakers"]) or "someone"
    context = {"claim": claim, "paragraph": html_para, "label": f"{speaker}: {claim['text'][:60]}",
               "iri": c.value, "anchor": f"c-{start}-{end}" if start is not None else ""}
    return respond("claim.html", context, data=data, rows=[row], fields=CSV_FIELDS, fmt=fmt, rdf=True)
