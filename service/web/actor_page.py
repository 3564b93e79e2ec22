"""The page of a person, organisation or place: its name, type and roles; its Wikidata item
with the description stored when it was linked; the claims it made and the claims about it,
with article and date; who is named with it; the articles that name it. Lists are paged
(``?page=N``, ``views.PAGE_SIZE`` rows of each), so a node named in thousands of articles
answers as fast as one named once."""

from __future__ import annotations

import pyoxigraph as ox

from service.web.present import entity_type
from service.web.reading import CLAIM_CLASSES, claim_links, iso, node, public, select, text
from service.web.views import PAGE_SIZE, page_number, pager, respond

FACTS = """SELECT ?p ?o ?label WHERE {
  ?e ?p ?o
  VALUES ?p { rdfs:label skos:altLabel rdf:type skos:exactMatch nkg:affiliation }
  OPTIONAL { ?o rdfs:label ?label FILTER(?p = nkg:affiliation) }
} LIMIT 500"""
DESCRIPTIONS = """SELECT ?item (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?description) WHERE {
  ?e skos:exactMatch ?item ; nkg:linkDecision ?decision . ?decision nkg:linkTarget ?item .
  OPTIONAL { ?decision nkg:linkLabel ?l } OPTIONAL { ?decision nkg:linkDescription ?d }
} GROUP BY ?item"""
ROLES = """SELECT ?title ?orgName ?former (SAMPLE(?org) AS ?someOrg) (COUNT(?role) AS ?n) WHERE {
  ?e nkg:holdsRole ?role . ?role nkg:roleTitle ?title .
  OPTIONAL { ?role nkg:roleIn ?org OPTIONAL { ?org rdfs:label ?orgName } }
  OPTIONAL { ?role nkg:formerRole ?former }
} GROUP BY ?title ?orgName ?former ORDER BY DESC(?n) ?title LIMIT 20"""
CLAIMS = f"""SELECT ?claim ?type ?text ?date ?article ?title ?published WHERE {{
  ?claim ?rel ?e ; nkg:quotedIn ?article ; a ?type ; nkg:claimText ?text .
  FILTER(?type IN ({CLAIM_CLASSES}))
  OPTIONAL {{ ?claim nkg:claimDate ?date }}
  OPTIONAL {{ ?article rdfs:label ?title }} OPTIONAL {{ ?article nkg:published ?published }}
}} ORDER BY DESC(?published) ?article ?claim LIMIT {PAGE_SIZE + 1} OFFSET ?offset"""
COUNTS = """SELECT
  (COUNT(DISTINCT ?said) AS ?saidN) (COUNT(DISTINCT ?about) AS ?aboutN) (COUNT(DISTINCT ?article) AS ?articleN)
WHERE { { ?said nkg:claimant ?e } UNION { ?about nkg:about ?e } UNION { ?article nkg:mentions ?e } }"""
CO_MENTIONED = """SELECT ?other (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a nkg:mentions ?e , ?other . FILTER(?other != ?e)
  ?other a nkg:Actor . FILTER NOT EXISTS { ?other a nkg:UnnamedActor }
  OPTIONAL { ?other rdfs:label ?l }
} GROUP BY ?other ORDER BY DESC(?n) ?label LIMIT 20"""
ARTICLES = f"""SELECT ?article ?title ?published ?outlet WHERE {{
  ?article nkg:mentions ?e .
  OPTIONAL {{ ?article rdfs:label ?title }} OPTIONAL {{ ?article nkg:published ?published }}
  OPTIONAL {{ ?article nkg:publisher/rdfs:label ?outlet }}
}} ORDER BY DESC(?published) ?article LIMIT {PAGE_SIZE + 1} OFFSET ?offset"""
CSV_FIELDS = ["relation", "claim", "kind", "speakers", "text", "date", "article", "article_title", "published"]
NKG = "https://w3id.org/newskg#"


def _offset(page: int) -> ox.Literal:
    return ox.Literal(str((page - 1) * PAGE_SIZE), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def _claims(e, rel: str, page: int) -> tuple[list[dict], bool]:
    """One page of the claims ``e`` made (``claimant``) or that are about it (``about``)."""
    rows = select(CLAIMS.replace("?offset", _offset(page).value), e=e, rel=ox.NamedNode(NKG + rel))
    claims: dict[str, dict] = {}
    for r in rows:
        claims.setdefault(r["claim"].value, {
            "node": node(r["claim"]), "kind": r["type"].value.rsplit("#", 1)[-1].lower(), "text": r["text"].value,
            "date": text(r["date"]), "date_iso": iso(r["date"]), "article": node(r["article"], r["title"]),
            "published": text(r["published"]), "published_iso": iso(r["published"])})
    items = list(claims.values())
    more = len(rows) > PAGE_SIZE
    items = items[:PAGE_SIZE]
    links = claim_links([ox.NamedNode(c["node"]["iri"]) for c in items])
    for c in items:
        c.update(links[c["node"]["iri"]])
    return items, more


def _facts(e) -> dict:
    labels, others, types, matches, affiliations = [], [], set(), set(), []
    for r in select(FACTS, e=e):
        p, o = r["p"].value, r["o"]
        if p.endswith("#label"):
            labels.append(o.value)
        elif p.endswith("#altLabel"):
            others.append(o.value)
        elif p.endswith("#type"):
            types.add(o.value)
        elif p.endswith("#exactMatch"):
            matches.add(o.value)
        elif p.endswith("#affiliation"):
            affiliations.append(node(o, r["label"]))
    labels.sort(key=lambda n: (n.count(" "), len(n), n), reverse=True)
    names = labels + sorted(set(others) - set(labels), key=str.casefold)
    return {"name": names[0] if names else "", "other_names": names[1:], "type": entity_type(types),
            "unnamed": NKG + "UnnamedActor" in types, "matches": sorted(matches), "affiliations": affiliations}


def actor_data(e, page: int) -> dict:
    """Everything the entity page shows for ``e`` (its IRI), with page ``page`` of each list."""
    facts = _facts(e)
    described = {r["item"].value: {"label": iso(r["label"]), "description": iso(r["description"])}
                 for r in select(DESCRIPTIONS, e=e)}
    wikidata = [{**node(ox.NamedNode(m)), "qid": m.rsplit("/", 1)[-1], **described.get(m, {"label": "", "description": ""})}
                for m in facts["matches"]]
    roles = [{"title": r["title"].value, "org": node(r["someOrg"], r["orgName"]) if r["someOrg"] else None,
              "former": r["former"] is not None and r["former"].value == "true", "count": int(r["n"].value)}
             for r in select(ROLES, e=e)]
    counts = select(COUNTS, e=e)[0]
    said, more_said = _claims(e, "claimant", page)
    about, more_about = _claims(e, "about", page)
    co = [{**node(r["other"], r["label"]), "count": int(r["n"].value)} for r in select(CO_MENTIONED, e=e)]
    arts = select(ARTICLES.replace("?offset", _offset(page).value), e=e)
    articles = [{**node(r["article"], r["title"]), "published": text(r["published"]),
                 "published_iso": iso(r["published"]), "outlet": iso(r["outlet"])} for r in arts[:PAGE_SIZE]]
    return {**facts, "wikidata": wikidata, "roles": roles, "said": said, "about": about, "co_mentioned": co,
            "articles": articles, "totals": {k: int(counts[k + "N"].value) for k in ("said", "about", "article")},
            "more": more_said or more_about or len(arts) > PAGE_SIZE}


def _claim_json(c: dict) -> dict:
    return {"claim": c["node"]["iri"], "kind": c["kind"], "text": c["text"], "date": c["date_iso"],
            "speakers": [public(s) for s in c["speakers"]], "about": [public(n) for n in c["about"]],
            "article": public(c["article"]), "published": c["published_iso"]}


def render(e, fmt: str):
    """The entity page of ``e`` in ``fmt`` (html, json or csv)."""
    page = page_number()
    d = actor_data(e, page)
    name = d["name"] or node(e)["label"]
    data = {"iri": e.value, "name": name, "type": d["type"], "other_names": d["other_names"],
            "roles": [{"title": r["title"], "organisation": r["org"] and public(r["org"]), "former": r["former"],
                       "count": r["count"]} for r in d["roles"]],
            "wikidata": [{"item": w["iri"], "label": w["label"], "description": w["description"]} for w in d["wikidata"]],
            "totals": d["totals"], "page": page, "per_page": PAGE_SIZE, "next": page + 1 if d["more"] else None,
            "claims_by": [_claim_json(c) for c in d["said"]], "claims_about": [_claim_json(c) for c in d["about"]],
            "co_mentioned": [{**public(n), "articles": n["count"]} for n in d["co_mentioned"]],
            "articles": [{**public(a), "published": a["published_iso"], "outlet": a["outlet"]} for a in d["articles"]]}
    rows = [{"relation": rel, **{k: v for k, v in c.items() if k not in ("article", "speakers", "about")},
             "speakers": [s["label"] for s in c["speakers"]], "article": c["article"]["iri"],
             "article_title": c["article"]["label"]}
            for rel, key in (("by", "claims_by"), ("about", "claims_about")) for c in data[key]]
    context = {**d, "label": name, "iri": e.value, "pager": pager(page, d["more"]), "page": page}
    return respond("actor.html", context, data=data, rows=rows, fields=CSV_FIELDS, fmt=fmt, rdf=True)
