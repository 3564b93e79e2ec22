"""The reading pages (article, entity, claim, data view) through Flask's test client, on invented
articles built as IR (``pages_data``): every count on a page is held to a count over the IR."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html import unescape

import pytest

from pages_data import BASE, FERRY_ARTICLES, articles, harbour_article, store_of
from service.mapping.iris import span_iri
from service.web import create_app


@pytest.fixture(scope="module")
def arts():
    return articles()


@pytest.fixture(scope="module")
def client(arts, tmp_path_factory):
    from service.config import Settings

    tmp = tmp_path_factory.mktemp("pages")
    settings = Settings.load(environ={}, store=str(tmp / "store"), data_dir=str(tmp / "data"), link=False,
                             base_iri=BASE)
    return create_app(settings, store=store_of(arts)).test_client()


def _claim_path(article, claim) -> str:
    return "/" + str(span_iri(BASE, article.id, "claim", claim.start, claim.end))[len(BASE):]


def _hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def test_article_page_shows_metadata_the_whole_text_and_each_claim_once(client):
    art = harbour_article()
    resp = client.get("/article/harbour-1")
    html = resp.data.decode()
    assert resp.status_code == 200 and resp.headers["Vary"] == "Accept"
    assert '<h1 id="label">Harbour bridge to reopen</h1>' in html
    assert "Vastby Courier" in html and "2 April 2031" in html and "Lena Fisk" in html
    assert "^^" not in html and "XMLSchema" not in html and "…" not in html
    # The whole text is there (nothing cut), paragraph by paragraph.
    body = html.split('id="text">')[1].split("</div>")[0]
    body = re.sub(r'<a class="speaker-tag"[^>]*>[^<]*</a>', "", body)  # the speakers shown after claims
    shown = [unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", body, re.S)]
    assert shown == art.text.split("\n\n")
    # Each claim highlighted once, followed by its speakers; the table has one row per claim.
    assert html.count('<mark class="claim') == len(art.claims)
    table = html.split('id="claims-table"')[1].split("</table>")[0]
    assert table.count("<tr>") - 1 == len(art.claims)  # minus the header row
    kinds = Counter(re.findall(r'class="kind kind-(\w+)"', table))
    assert kinds == Counter(c.attribution.value for c in art.claims)
    tags = re.findall(r'class="speaker-tag" href="([^"]+)"', html)
    assert len(tags) == sum(len(c.speakers) for c in art.claims)
    assert all(t.startswith("../entity/person/") or t.startswith("../entity/organization/") or
               t.startswith("../entity/Q") for t in tags)
    # Each mention once, linked to its entity.
    assert html.count('class="mention"') == sum(len(e.mentions) for e in art.entities)
    # The Wikidata link, and links that work on any host (relative; Wikidata's own page).
    assert "https://www.wikidata.org/wiki/Q98765432" in html
    assert all(not h.startswith("/") and not h.startswith(BASE) for h in _hrefs(html))


def test_article_json_and_csv_hold_the_same_claims(client):
    art = harbour_article()
    data = client.get("/article/harbour-1?format=json").get_json()
    assert data["headline"] == art.title and data["published"] == art.published and data["text"] == art.text
    assert len(data["claims"]) == len(art.claims)
    assert sorted(c["text"] for c in data["claims"]) == sorted(c.text for c in art.claims)
    by_text = {c["text"]: c for c in data["claims"]}
    assert by_text["the council will agree"]["kind"] == "belief"
    assert by_text["the council will agree"]["speakers"] == [{"iri": BASE + "entity/Q98765432", "label": "Ana Lindqvist"}]
    assert by_text["the harbour bridge would reopen in May"]["date"] == "2031-05"
    rows = list(csv.DictReader(io.StringIO(client.get("/article/harbour-1?format=csv").data.decode())))
    assert len(rows) == len(art.claims) and rows[0]["speakers"] == "Ana Lindqvist"
    by_accept = client.get("/article/harbour-1", headers={"Accept": "text/csv"})
    assert by_accept.headers["Content-Type"].startswith("text/csv")
    html = client.get("/article/harbour-1").data.decode()
    assert 'rel="alternate" type="application/json" href="harbour-1?format=json"' in html
    assert client.get("/article/harbour-1?format=pdf").status_code == 400


def test_article_rdf_alternates_are_its_graph(client):
    from rdflib import Graph, URIRef

    from service.vocab import NKG

    art = harbour_article()
    for url, fmt in (("/article/harbour-1?format=ttl", "turtle"), ("/article/harbour-1?format=jsonld", "json-ld")):
        g = Graph().parse(data=client.get(url).data, format=fmt)
        claims = set(g.subjects(NKG.quotedIn, URIRef(BASE + "article/harbour-1")))
        assert len(claims) == len(art.claims)
    ttl = client.get("/article/harbour-1", headers={"Accept": "text/turtle"})
    assert ttl.headers["Content-Type"].startswith("text/turtle")


def test_entity_page_pages_the_claims_of_a_speaker_in_many_articles(client, arts):
    said = [c for a in arts for c in a.claims if "person-kari-holm" in c.speakers]
    assert len(said) == FERRY_ARTICLES
    first = client.get("/entity/person/kari-holm")
    html = first.data.decode()
    assert first.status_code == 200 and '<h1 id="label">Kari Holm</h1>' in html and "person" in html
    assert f"({len(said)})" in html
    rows_1 = html.split('id="said"')[1].split("</table>")[0].count("<tr>") - 1
    assert rows_1 == 50 and 'rel="next" href="kari-holm?page=2"' in html
    second = client.get("/entity/person/kari-holm?page=2").data.decode()
    rows_2 = second.split('id="said"')[1].split("</table>")[0].count("<tr>") - 1
    assert rows_1 + rows_2 == len(said) and 'rel="prev"' in second and 'rel="next"' not in second
    data = client.get("/entity/person/kari-holm?format=json").get_json()
    assert data["totals"] == {"said": len(said), "about": 0, "article": FERRY_ARTICLES}
    page2 = client.get("/entity/person/kari-holm?format=json&page=2").get_json()
    seen = {c["claim"] for c in data["claims_by"]} | {c["claim"] for c in page2["claims_by"]}
    assert len(seen) == len(said) and page2["next"] is None
    assert client.get("/entity/person/kari-holm?page=0").status_code == 400
    assert client.get("/entity/person/kari-holm?page=x").status_code == 400


def test_entity_page_claims_about_co_mentioned_roles_and_articles(client, arts):
    about = [c for a in arts for c in a.claims if "person-tomas-berg" in c.about]
    named_in = [a for a in arts if any(e.key == "person-tomas-berg" for e in a.entities)]
    data = client.get("/entity/person/tomas-berg?format=json").get_json()
    assert data["type"] == "person"
    assert data["totals"] == {"said": 1, "about": len(about), "article": len(named_in)}
    assert data["roles"][0]["title"] == "engineer" and data["roles"][0]["organisation"]["label"] == "Nordbyggen"
    assert data["claims_by"][0]["text"] == "We are not ready"
    assert {c["speakers"][0]["label"] for c in data["claims_about"]} == {"Kari Holm"}
    co = {n["label"]: n["articles"] for n in data["co_mentioned"]}
    assert co["Kari Holm"] == FERRY_ARTICLES and co["Ana Lindqvist"] == 1
    assert len(data["articles"]) == 50 and data["next"] == 2
    rows = list(csv.DictReader(io.StringIO(client.get("/entity/person/tomas-berg?format=csv").data.decode())))
    assert Counter(r["relation"] for r in rows) == {"by": 1, "about": 50}


def test_entity_page_shows_the_stored_wikidata_description(client):
    html = client.get("/entity/Q98765432").data.decode()
    assert "Ana Lindqvist" in html and "invented mayor of an invented town" in html
    assert "https://www.wikidata.org/wiki/Q98765432" in html
    place = client.get("/entity/place/vastby?format=json").get_json()
    assert place["type"] == "place" and place["totals"]["about"] == 2


def test_claim_page_shows_speaker_kind_cue_paragraph_about_and_date(client):
    art = harbour_article()
    claim = art.claims[0]
    resp = client.get(_claim_path(art, claim))
    html = resp.data.decode()
    assert resp.status_code == 200
    assert claim.text in html and 'id="cue">said<' in html and "May 2031" in html
    assert 'class="speaker" href="../../../entity/Q98765432">Ana Lindqvist</a>' in html
    assert "kind-statement" in html and "Vastby</a>" in html
    assert '<div class="article-text" id="paragraph"><p>Mayor' in html  # the paragraph, from its start
    assert "We are not ready" not in html  # ... and no other paragraph
    data = client.get(_claim_path(art, art.claims[2]) + "?format=json").get_json()
    assert data["kind"] == "finding" and data["cue"] == "found" and data["class"] == "nkg:Finding"
    assert data["paragraph"].startswith("A survey") and data["speakers"][0]["label"] == "Harbour Institute"
    jsonld = client.get(_claim_path(art, claim), headers={"Accept": "application/ld+json"})
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")


def test_data_view_shows_statements_with_labels_and_readable_literals(client):
    art = harbour_article()
    m = art.entities[0].mentions[0]
    html = client.get(f"/article/harbour-1/mention/{m.start}-{m.end}").data.decode()
    assert "nkg:startOffset" in html and f"<td>{m.start}</td>" in html and "^^" not in html
    assert ">Ana Lindqvist</a>" in html  # the mention's node by its label, not its IRI
    data = client.get("/article/harbour-1?view=data&format=json").get_json()
    assert any(s["predicate"].endswith("#articleBody") for s in data["statements"])
    assert client.get("/entity/person/nobody").status_code == 404


def test_static_parts_viewport_and_favicon(client):
    html = client.get("/article/harbour-1").data.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert client.get("/static/favicon.svg").status_code == 200
    assert client.get("/static/newskg.css").status_code == 200
    assert '<form class="search" role="search" method="get" action="../search">' in html


@pytest.mark.model
def test_article_page_claims_table_matches_the_extractor_on_the_sample(sample_article, tmp_path):
    """The sample article through the real pipeline: one table row and one mark per claim the
    extractor produced, one link per mention."""
    from service.config import Settings

    settings = Settings.load(environ={}, store=str(tmp_path / "s"), data_dir=str(tmp_path / "d"), link=False,
                             base_iri=BASE)
    client = create_app(settings, store=store_of([sample_article])).test_client()
    html = client.get("/article/" + sample_article.id).data.decode()
    table = html.split('id="claims-table"')[1].split("</table>")[0]
    assert table.count("<tr>") - 1 == len(sample_article.claims)
    data = client.get(f"/article/{sample_article.id}?format=json").get_json()
    assert sorted(c["text"] for c in data["claims"]) == sorted(c.text for c in sample_article.claims)
    spoken = Counter(s["label"] for c in data["claims"] for s in c["speakers"])
    names = {e.key: e.name for e in sample_article.entities}
    assert sum(spoken.values()) == sum(len(c.speakers) for c in sample_article.claims)
    assert set(spoken) <= set(names.values()) | {n for e in sample_article.entities for n in e.aliases}
