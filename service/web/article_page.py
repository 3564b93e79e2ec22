"""The article page: headline, outlet, date and authors; the whole text with its claims
highlighted, their speakers shown and the entities it mentions linked; the claims table; the
Wikidata items of what it names. Each claim and each mention once (the ``nkg:`` terms only,
not their schema.org / PROV-O / NIF entailments)."""

from __future__ import annotations

import pyoxigraph as ox

from service.web.highlight import Span, annotate
from service.web.present import entity_type, kind_of
from service.web.reading import CLAIM_CLASSES, claim_links, iso, node, public, select, text
from service.web.views import respond

META = """SELECT ?p ?o ?label WHERE {
  GRAPH ?a { ?a ?p ?o }
  VALUES ?p { nkg:headline rdfs:label nkg:articleBody nkg:published nkg:url nkg:author nkg:contributor
              nkg:publisher nkg:reportedFrom }
  OPTIONAL { ?o rdfs:label ?label }
}"""
CLAIMS = f"""SELECT ?claim ?type ?text ?start ?end ?cue ?date ?form WHERE {{
  GRAPH ?a {{
    ?claim nkg:quotedIn ?a ; a ?type ; nkg:claimText ?text ; nkg:startOffset ?start ; nkg:endOffset ?end .
    FILTER(?type IN ({CLAIM_CLASSES}))
    OPTIONAL {{ ?claim nkg:cue ?cue }} OPTIONAL {{ ?claim nkg:claimDate ?date }} OPTIONAL {{ ?claim nkg:claimKind ?form }}
  }}
}} ORDER BY ?start ?end ?claim"""
MENTIONS = """SELECT ?start ?end ?node WHERE {
  GRAPH ?a { ?m a nkg:Mention ; nkg:mentionOf ?node ; nkg:startOffset ?start ; nkg:endOffset ?end }
} ORDER BY ?start ?end"""
NODES = """SELECT ?node ?label ?type ?match WHERE {
  GRAPH ?a { ?a nkg:mentions ?node }
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node a ?type FILTER(?type IN (nkg:Person, nkg:Organization, nkg:Location, nkg:UnnamedActor,
                                                nkg:UnnamedPerson, nkg:UnnamedGroup)) }
  OPTIONAL { ?node skos:exactMatch ?match }
}"""
CSV_FIELDS = ["claim", "kind", "speakers", "speaker_iris", "text", "date", "about", "cue", "start", "end"]


def _meta(a) -> dict:
    meta: dict = {"title": "", "body": "", "published": None, "url": "", "authors": [], "contributors": [],
                  "publisher": None, "reported_from": []}
    lists = {"author": "authors", "contributor": "contributors", "reportedFrom": "reported_from"}
    for r in select(META, a=a):
        p = r["p"].value.rsplit("#", 1)[-1]
        if p in ("headline", "label") and not meta["title"]:
            meta["title"] = r["o"].value
        elif p == "articleBody":
            meta["body"] = r["o"].value
        elif p == "published":
            meta["published"] = r["o"]
        elif p == "url":
            meta["url"] = r["o"].value
        elif p == "publisher":
            meta["publisher"] = node(r["o"], r["label"])
        elif p in lists and all(n["iri"] != r["o"].value for n in meta[lists[p]]):
            meta[lists[p]].append(node(r["o"], r["label"]))
    return meta


def _claims(a) -> list[dict]:
    claims: dict[str, dict] = {}
    for r in select(CLAIMS, a=a):
        iri = r["claim"].value
        if iri in claims:
            continue  # one row per claim, whatever was written twice
        claims[iri] = {"node": node(r["claim"]), "kind": kind_of([r["type"]]), "class": "nkg:" + r["type"].value.rsplit("#")[-1],
                       "text": r["text"].value, "start": int(r["start"].value), "end": int(r["end"].value),
                       "cue": iso(r["cue"]), "date": text(r["date"]), "date_iso": iso(r["date"]), "form": iso(r["form"])}
    links = claim_links([ox.NamedNode(i) for i in claims])
    for iri, c in claims.items():
        c.update(links[iri])
    return list(claims.values())


def _nodes(a) -> dict[str, dict]:
    nodes: dict[str, dict] = {}
    for r in select(NODES, a=a):
        n = nodes.setdefault(r["node"].value, {**node(r["node"], r["label"]), "types": set(), "wikidata": set()})
        if r["type"] is not None:
            n["types"].add(r["type"].value)
        if r["match"] is not None:
            n["wikidata"].add(r["match"].value)
    for n in nodes.values():
        n["type"] = entity_type(n["types"])
        n["unnamed"] = any(t.endswith("#UnnamedActor") for t in n["types"])
    return nodes


def article_data(a) -> dict:
    """Everything the article page shows, read from the store (``a``: the article's IRI)."""
    meta = _meta(a)
    claims = _claims(a)
    nodes = _nodes(a)
    mentions = []
    for r in select(MENTIONS, a=a):
        n = nodes.get(r["node"].value) or node(r["node"])
        mentions.append(Span(int(r["start"].value), int(r["end"].value), href=n["href"], label=n["label"]))
    return {"meta": meta, "claims": claims, "nodes": nodes, "mentions": mentions}


def title_of(meta: dict, a) -> str:
    """The headline; else "outlet, date"; else the article's id."""
    if meta["title"]:
        return meta["title"]
    parts = [meta["publisher"]["label"] if meta["publisher"] else "", text(meta["published"])]
    return ", ".join(p for p in parts if p) or a.value.rsplit("/", 1)[-1]


def render(a, fmt: str):
    """The article page of ``a`` in ``fmt`` (html, json or csv)."""
    d = article_data(a)
    meta, claims, nodes = d["meta"], d["claims"], d["nodes"]
    spans = [Span(c["start"], c["end"], kind=c["kind"], anchor=f"c-{c['start']}-{c['end']}", speakers=c["speakers"])
             for c in claims]
    named = sorted((n for n in nodes.values() if not n["unnamed"]), key=lambda n: n["label"].casefold())
    wikidata = [n for n in named if n["wikidata"]]
    rows = [{"claim": c["node"]["iri"], "kind": c["kind"], "speakers": [s["label"] for s in c["speakers"]],
             "speaker_iris": [s["iri"] for s in c["speakers"]], "text": c["text"], "date": c["date_iso"],
             "about": [n["label"] for n in c["about"]], "cue": c["cue"], "start": c["start"], "end": c["end"]}
            for c in claims]
    data = {"iri": a.value, "headline": meta["title"], "outlet": meta["publisher"] and public(meta["publisher"]),
            "published": iso(meta["published"]), "url": meta["url"],
            "authors": [public(n) for n in meta["authors"]], "text": meta["body"],
            "claims": [{**r, "speakers": [public(s) for s in c["speakers"]], "about": [public(n) for n in c["about"]],
                        "class": c["class"], "form": c["form"]}
                       for r, c in zip(rows, claims)],
            "entities": [{**public(n), "type": n["type"], "wikidata": sorted(n["wikidata"])} for n in named]}
    for r in data["claims"]:
        r.pop("speaker_iris")
    context = {"meta": meta, "published": text(meta["published"]), "claims": claims,
               "paragraphs": annotate(meta["body"], spans, d["mentions"]), "named": named, "wikidata": wikidata,
               "label": title_of(meta, a), "iri": a.value}
    return respond("article.html", context, data=data, rows=rows, fields=CSV_FIELDS, fmt=fmt, rdf=True)
