"""The page of a person, organisation or place: its name, type and roles; its Wikidata item
with the description stored when it was linked; the claims it made and the claims about it,
with article and date; who is named with it; the articles that name it. Lists are paged
(``?page=N``, ``views.PAGE_SIZE`` rows of each), so a node named in thousands of articles
answers as fast as one named once."""

from __future__ import annotations

import pyoxigraph as ox

from service.web.present import entity_type, kind_of
from service.web.reading import (CLAIM_CLASSES, article_node, claim_links, iso, node, public, select, text,
                                 values)
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
# The lists are read whole as IRIs and sorted and cut into pages here: ORDER BY over IRIs decodes
# every compared term from the store's dictionary, which took 0.5 s for a few thousand rows, against
# 15 ms for the same rows unordered (benchmarks/pages.py). Details are then read for one page only.
CLAIM_IDS = """SELECT ?rel ?claim ?article ?published WHERE {
  { ?claim nkg:claimant ?e BIND("claimant" AS ?rel) } UNION { ?claim nkg:about ?e BIND("about" AS ?rel) }
  ?claim nkg:quotedIn ?article . OPTIONAL { ?article nkg:published ?published }
} LIMIT 200000"""
CLAIM_DETAILS = f"""SELECT ?claim ?type ?text ?date ?article ?title ?published ?outlet WHERE {{
  VALUES ?claim {{ ?claims }}
  ?claim nkg:quotedIn ?article ; a ?type ; nkg:claimText ?text .
  FILTER(?type IN ({CLAIM_CLASSES}))
  OPTIONAL {{ ?claim nkg:claimDate ?date }}
  OPTIONAL {{ ?article rdfs:label ?title }} OPTIONAL {{ ?article nkg:published ?published }}
  OPTIONAL {{ ?article nkg:publisher/rdfs:label ?outlet }}
}}"""
CO_MENTIONED = """SELECT ?other (COUNT(?a) AS ?n) WHERE {
  ?a nkg:mentions ?e , ?other . FILTER(?other != ?e)
} GROUP BY ?other ORDER BY DESC(?n) LIMIT 60"""
ACTORS = """SELECT ?other ?label WHERE {
  VALUES ?other { ?others }
  ?other a nkg:Actor . FILTER NOT EXISTS { ?other a nkg:UnnamedActor }
  OPTIONAL { ?other rdfs:label ?label }
}"""
ARTICLES = """SELECT ?article ?title ?published ?outlet WHERE {
  ?article nkg:mentions ?e .
  OPTIONAL { ?article rdfs:label ?title } OPTIONAL { ?article nkg:published ?published }
  OPTIONAL { ?article nkg:publisher/rdfs:label ?outlet }
} LIMIT 100000"""
CSV_FIELDS = ["relation", "claim", "kind", "speakers", "text", "date", "article", "article_title", "published"]
NKG = "https://w3id.org/newskg#"


def newest_first(published, article: str, claim: str = "") -> tuple:
    """Sort key: the newest article first (undated ones last), then by article, then by claim
    (a claim's IRI ends in its offsets: ``…/claim/120-180``)."""
    stamp = published.value if published is not None else ""
    offsets = tuple(int(n) for n in claim.rsplit("/", 1)[-1].split("-") if n.isdigit())
    return (stamp == "", tuple(-ord(ch) for ch in stamp), article, offsets, claim)


def _claims(e, page: int) -> dict[str, tuple[list[dict], int]]:
    """Page ``page`` of the claims ``e`` made (``"claimant"``) and of the claims about it
    (``"about"``), each with how many there are: three queries for both lists (ids, details of
    the page's claims, their speakers and topics)."""
    ids: dict[str, dict] = {"claimant": {}, "about": {}}
    for r in select(CLAIM_IDS, e=e):
        ids[r["rel"].value].setdefault(r["claim"].value,
                                       newest_first(r["published"], r["article"].value, r["claim"].value))
    ordered = {rel: sorted(found, key=found.get) for rel, found in ids.items()}
    shown = {rel: iris[(page - 1) * PAGE_SIZE: page * PAGE_SIZE] for rel, iris in ordered.items()}
    wanted = sorted(set(shown["claimant"]) | set(shown["about"]))
    claims: dict[str, dict] = {}
    if wanted:
        for r in select(CLAIM_DETAILS.replace("?claims", values(ox.NamedNode(i) for i in wanted))):
            claims.setdefault(r["claim"].value, {
                "node": node(r["claim"]), "kind": kind_of([r["type"]]), "text": r["text"].value,
                "date": text(r["date"]), "date_iso": iso(r["date"]),
                "article": article_node(r["article"], r["title"], r["outlet"], r["published"]),
                "published": text(r["published"]), "published_iso": iso(r["published"])})
        links = claim_links([ox.NamedNode(i) for i in claims])
        for iri, c in claims.items():
            c.update(links[iri])
    return {rel: ([claims[i] for i in shown[rel] if i in claims], len(ordered[rel])) for rel in ordered}


def _co_mentioned(e) -> list[dict]:
    """The named actors most often named in the same articles as ``e`` (up to 20)."""
    counts = {r["other"].value: int(r["n"].value) for r in select(CO_MENTIONED, e=e)}
    if not counts:
        return []
    actors = {}
    for r in select(ACTORS.replace("?others", values(ox.NamedNode(i) for i in counts))):
        actors.setdefault(r["other"].value, node(r["other"], r["label"]))
    ranked = sorted(actors.values(), key=lambda n: (-counts[n["iri"]], n["label"].casefold()))
    return [{**n, "count": counts[n["iri"]]} for n in ranked[:20]]


def _articles(e, page: int) -> tuple[list[dict], int]:
    """Page ``page`` of the articles that name ``e``, newest first, and how many there are."""
    found = {}
    for r in select(ARTICLES, e=e):
        found.setdefault(r["article"].value, r)
    ordered = sorted(found.values(), key=lambda r: newest_first(r["published"], r["article"].value))
    shown = ordered[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return [{**article_node(r["article"], r["title"], r["outlet"], r["published"]), "published": text(r["published"]), "published_iso": iso(r["published"]),
             "outlet": iso(r["outlet"])} for r in shown], len(ordered)


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
    lists = _claims(e, page)
    (said, n_said), (about, n_about) = lists["claimant"], lists["about"]
    articles, n_articles = _articles(e, page)
    more = max(n_said, n_about, n_articles) > page * PAGE_SIZE
    return {**facts, "wikidata": wikidata, "roles": roles, "said": said, "about": about,
            "co_mentioned": _co_mentioned(e), "articles": articles,
            "totals": {"said": n_said, "about": n_about, "article": n_articles}, "more": more}


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
