"""``/search`` and ``/claims`` through Flask's test client over a real store: status, rows, facet
counts against SPARQL counts over the same store, paging, the JSON and CSV alternates, errors; and
``newskg search`` / ``newskg claims`` giving what the pages give."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from search_corpus import BASE, corpus, put
from service.store.oxigraph import OxigraphStore
from service.web import create_app
from test_search_index import _sparql_counts


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    """A store of 40 invented articles, written once for the module's read-only tests."""
    st = OxigraphStore.open(tmp_path_factory.mktemp("search") / "store")
    for a in corpus(40):
        put(st, a)
    yield st
    st.close()


@pytest.fixture
def loaded(settings, forty):
    return create_app(settings, store=forty).test_client(), forty


def test_web_search_finds_claims_speakers_and_entities(loaded):
    client, _ = loaded
    resp = client.get("/search", query_string={"q": "Velt", "format": "json"})
    body = resp.get_json()
    assert resp.status_code == 200 and resp.headers["Vary"] == "Accept"
    assert [e["label"] for e in body["speakers"]["rows"]] == ["Mara Velt"]
    assert body["claims"]["total"] == body["speakers"]["rows"][0]["claims_by"] > 0
    assert all(c["speakers"][0]["label"] == "Mara Velt" for c in body["claims"]["rows"])
    places = client.get("/search?q=Varnholm&format=json").get_json()
    assert {e["label"] for e in places["entities"]["rows"]} == {"Varnholm", "Varnholm Daily"}
    words = client.get("/search?q=ferry+strike&format=json").get_json()["claims"]
    assert words["total"] > 0 and all("ferry strike" in c["text"] for c in words["rows"])
    html = client.get("/search?q=Velt").get_data(as_text=True)
    assert 'value="Velt"' in html and "Mara Velt" in html and 'rel="alternate" type="text/csv"' in html


def test_web_search_pages_one_list(loaded):
    client, _ = loaded
    first = client.get("/search?q=the&what=claims&format=json").get_json()["claims"]
    assert first["total"] > 50 and first["next"] == 2 and len(first["rows"]) == 50
    second = client.get("/search?q=the&what=claims&page=2&format=json").get_json()["claims"]
    assert len(second["rows"]) == first["total"] - 50
    assert not {c["claim"] for c in first["rows"]} & {c["claim"] for c in second["rows"]}
    html = client.get("/search?q=the&what=claims").get_data(as_text=True)
    assert 'rel="next"' in html


def test_web_claims_facet_counts_equal_sparql_counts(loaded):
    client, st = loaded
    body = client.get("/claims?format=json&facet_size=1000").get_json()
    for facet, values in body["facets"].items():
        assert {v["value"]: v["count"] for v in values} == _sparql_counts(st, facet), facet
    assert body["total"] == sum(_sparql_counts(st, "kind").values())
    # Clicking a facet value narrows: its link selects it, and the counts follow.
    html = client.get("/claims").get_data(as_text=True)
    speaker = body["facets"]["speaker"][0]
    assert f'data-value="{speaker["value"]}"' in html
    outlet = body["facets"]["outlet"][0]["value"]
    narrowed = client.get("/claims", query_string={"speaker": speaker["value"], "outlet": outlet, "month": "2021-03",
                                                   "format": "json", "facet_size": 1000}).get_json()
    where = f"?c nkg:claimant <{speaker['value']}> . ?c nkg:quotedIn ?art . ?art nkg:publisher <{outlet}> ; " \
            "nkg:published ?pub . FILTER(STRSTARTS(STR(?pub), '2021-03'))"
    for facet, values in narrowed["facets"].items():
        assert {v["value"]: v["count"] for v in values} == _sparql_counts(st, facet, where), facet
    assert narrowed["selected"] == {"speaker": [speaker["value"]], "outlet": [outlet], "month": ["2021-03"]}
    assert all(c["speakers"][0]["iri"] == speaker["value"] and c["outlet"] == outlet for c in narrowed["claims"])


def test_web_claims_paging_and_csv_alternate(loaded):
    client, st = loaded
    total = client.get("/claims?format=json").get_json()["total"]
    seen, page = [], 1
    while page:
        body = client.get(f"/claims?format=json&page={page}").get_json()
        assert body["per_page"] == 50
        seen += [c["claim"] for c in body["claims"]]
        page = body["next"]
    assert len(seen) == len(set(seen)) == total
    html = client.get("/claims?kind=belief").get_data(as_text=True)
    alt = next(line for line in html.splitlines() if 'type="text/csv"' in line and "<link" in line)
    href = alt.split('href="')[1].split('"')[0].replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query) == {"kind": ["belief"], "format": ["csv"]}
    resp = client.get("/claims?kind=belief&format=csv")
    assert resp.content_type.startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    beliefs = _sparql_counts(st, "kind")["belief"]
    assert len(rows) == min(50, beliefs) and {r["kind"] for r in rows} == {"belief"}
    assert all(r["speaker_iri"].startswith(BASE + "entity/person/") and r["claim"] for r in rows)
    accept = client.get("/claims?kind=belief", headers={"Accept": "text/csv"})
    assert accept.get_data() == resp.get_data()


@pytest.mark.parametrize("url, status, words", [
    ('/search?q="unclosed', 400, "does not parse"),
    ("/search?q=NEAR(", 400, "does not parse"),
    ("/search?q=" + "x" * 600, 400, "too long"),
    ("/search?q=&format=json", 400, "empty"),
    ("/claims?q=a+AND", 400, "does not parse"),
    ("/claims?kind=rumour", 400, "statement"),
    ("/claims?page=0", 400, "page"),
    ("/claims?facet_size=-1", 400, "facet_size"),
    ("/claims?format=xml", 400, "format"),
    ("/search?q=x&what=everything", 400, "what"),
])
def test_web_search_bad_requests_are_json_errors(loaded, url, status, words):
    client, _ = loaded
    resp = client.get(url)
    body = resp.get_json()
    assert resp.status_code == status and body["ok"] is False and body["status"] == status
    assert words in body["message"] and body["error"] == "Bad input"


def test_web_search_with_an_external_store_says_it_has_no_index(settings):
    from service.store.remote import RemoteStore

    remote = RemoteStore.from_settings(settings.replace(sparql_endpoint="http://127.0.0.1:9/query"))
    client = create_app(settings, store=remote).test_client()
    for url in ("/search?q=x", "/claims"):
        resp = client.get(url)
        assert resp.status_code == 501 and "--sparql-endpoint" in resp.get_json()["message"]


def test_web_search_empty_form_and_nothing_found(loaded):
    client, _ = loaded
    assert 'name="q"' in client.get("/search").get_data(as_text=True)
    html = client.get("/search?q=zzzqqq").get_data(as_text=True)
    assert 'id="nothing"' in html


def test_cli_search_and_claims_give_what_the_pages_give(settings):
    from service.cli import cli

    st = OxigraphStore.open(settings.store)
    for a in corpus(12):
        put(st, a)
    client = create_app(settings, store=st).test_client()
    web = client.get("/search?q=Velt&format=json").get_json()
    web_claims = client.get("/claims?kind=finding&format=csv").get_data(as_text=True)
    st.close()  # the CLI opens the store itself
    env = {"NEWSKG_STORE": settings.store}
    run = CliRunner().invoke(cli, ["search", "Velt", "--format", "json"], env=env)
    assert run.exit_code == 0, run.output
    assert json.loads(run.output) == web
    run = CliRunner().invoke(cli, ["claims", "--facet", "kind=finding", "--format", "csv"], env=env)
    assert run.exit_code == 0 and run.output.replace("\r\n", "\n") == web_claims.replace("\r\n", "\n")
    bad = CliRunner().invoke(cli, ["search", '"unclosed'], env=env)
    assert bad.exit_code != 0 and "does not parse" in str(bad.exception)
