"""The Wikidata linker against a local fake of the Action API (the real one is never called)."""

from __future__ import annotations

import json
import logging
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.config import Settings
from service.ir import Article, Entity, EntityKind, Link, Mention
from service.linker import Linker, WikidataClient, build_linker
from service.linker.client import MAX_IDS
from fake_wikidata import FakeWikidata

P, O, L = EntityKind.PERSON, EntityKind.ORGANIZATION, EntityKind.PLACE
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def fake():
    with FakeWikidata() as f:
        yield f


def settings(tmp_path, url, **kw) -> Settings:
    return Settings.load(environ={}, wikidata_api=url, data_dir=str(tmp_path / "data"), **kw)


def article(text: str, entities: list[tuple], id: str = "a1") -> Article:
    """An IR article whose entities' mentions are every place their name occurs in the text."""
    ents = []
    for spec in entities:
        kind, name, *rest = spec
        opts = rest[0] if rest else {}
        mentions = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text))
        key = f"{kind.value.lower()}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"
        ents.append(Entity(key=key, kind=kind, name=name, mentions=mentions, **opts))
    return Article(id=id, text=text, entities=tuple(ents))


def links(art: Article) -> dict[str, Link]:
    return {e.name: e.link for e in art.entities}


def qids(art: Article) -> dict[str, str | None]:
    return {e.name: e.link.qid for e in art.entities}


def searches(fake: FakeWikidata) -> list[str]:
    return [r["params"]["search"] for r in fake.requests if r["params"].get("action") == "wbsearchentities"]


LIBYA = ("Libyan forces backed by American airstrikes drove Islamic State fighters out of Sirte "
         "this week, officials at the Pentagon said. Fighters fled towards Tripoli and Benghazi, "
         "the largest cities of Libya, where Ansar al-Sharia is still active. In Washington, "
         "analysts warned that Al Qaeda could gain from the chaos in Libya.")
LIBYA_ENTITIES = [(O, "Islamic State"), (L, "Sirte"), (O, "Pentagon"), (L, "Tripoli"), (L, "Benghazi"),
                  (L, "Libya"), (O, "Ansar al-Sharia"), (L, "Washington"), (O, "Al Qaeda")]

LEBANON = ("BEIRUT — Clashes between the Lebanese Army and gunmen in Tripoli killed four people on "
           "Sunday, the state news agency said. Tripoli, the second city of Lebanon, has seen the war "
           "in neighbouring Syria spill over its streets. Hezbollah denied any role. Najib Mikati, "
           "a former prime minister who comes from the city, called for calm, Reuters reported "
           "from Beirut.")
LEBANON_ENTITIES = [(L, "Beirut"), (O, "Lebanese Army"), (L, "Tripoli"), (L, "Lebanon"), (L, "Syria"),
                    (O, "Hezbollah"), (P, "Najib Mikati"), (O, "Reuters")]


# ---------------------------------------------------------------- choosing the item


def test_traps_of_a_libya_article(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    got = qids(linker.link(article(LIBYA, LIBYA_ENTITIES)))
    assert got == {
        "Islamic State": "Q2429253",   # the armed group, not the form of government (Q9900601)
        "Sirte": "Q162413",            # the city, not Sirte District
        "Pentagon": "Q11209",          # the department, not the building or the polygon
        "Tripoli": "Q3579",            # Libya's capital, not Tripoli in Lebanon or Greece
        "Benghazi": "Q40816",          # the city, not the district
        "Libya": "Q1016",
        "Ansar al-Sharia": "Q4770519",  # the Libyan group, not the Tunisian or Yemeni one
        "Washington": "Q61",           # the city, not the state or the president
        "Al Qaeda": "Q34490",          # not one of its regional branches
    }


def test_second_article_context_picks_other_namesakes(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    got = qids(linker.link(article(LEBANON, LEBANON_ENTITIES)))
    assert got == {
        "Beirut": "Q3820",             # the city, not the band or the governorate
        "Lebanese Army": "Q9900705",
        "Tripoli": "Q9900405",         # Tripoli in Lebanon this time
        "Lebanon": "Q822",
        "Syria": "Q858",               # the country, not the Roman province
        "Hezbollah": "Q9900703",       # not the Turkish group of the same name
        "Najib Mikati": "Q9900707",
        "Reuters": "Q130879",          # the news agency, not its owner or its founder
    }


def test_same_name_other_kind(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    text = ("George Washington crossed the river. The Pentagon, a five-sided building, was hit. "
            "The New York Times reported it; shares of the New York Times Company fell.")
    got = qids(linker.link(article(text, [(P, "George Washington"), (L, "Pentagon"),
                                          (O, "The New York Times"), (O, "New York Times Company")])))
    assert got == {"George Washington": "Q23", "Pentagon": "Q11208",
                   "The New York Times": "Q9684", "New York Times Company": "Q9900612"}


def qid_of(fake: FakeWikidata, label: str, description: str = "") -> str:
    """The fixture's QID for the item with this label (and words of its description)."""
    found = [q for q, item in fake.items.items()
             if item["label"] == label and description in item.get("description", "")]
    assert len(found) == 1, (label, description, found)
    return found[0]


def test_full_text_search_finds_a_name_that_starts_no_label(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    text = ("The court in Sydney, Australia, heard the case on Monday, the Morning Herald "
            "reported. Sydney has seen two such trials this year.")
    got = qids(linker.link(article(text, [(O, "Morning Herald"), (L, "Sydney"), (L, "Australia")])))
    assert got == {"Morning Herald": qid_of(fake, "The Sydney Morning Herald"),
                   "Sydney": qid_of(fake, "Sydney", "New South Wales"),
                   "Australia": qid_of(fake, "Australia", "country")}
    fulltext = [r["params"]["srsearch"] for r in fake.requests if r["params"].get("list") == "search"]
    assert fulltext == ["Morning Herald"]  # the others have a label that is their name


def test_names_share_one_full_text_request(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    text = ("The Morning Herald and the Straits Times reported that the Washington D.C. museum "
            "will open. The Comic Corps of Canada did not comment.")
    got = qids(linker.link(article(text, [(O, "Morning Herald"), (L, "Washington D.C."),
                                          (O, "Comic Corps of Canada"), (O, "Straits Times")])))
    assert got == {"Morning Herald": qid_of(fake, "The Sydney Morning Herald"), "Washington D.C.": "Q61",
                   "Comic Corps of Canada": None, "Straits Times": qid_of(fake, "The Straits Times")}
    fulltext = [r["params"]["srsearch"] for r in fake.requests if r["params"].get("list") == "search"]
    assert fulltext == ['"Morning Herald" OR "Washington D.C." OR "Comic Corps of Canada"']


@pytest.mark.parametrize("status", [200, 400])
def test_an_api_without_full_text_search_still_links(fake, tmp_path, status):
    """An API that refuses list=search (an error answer, or HTTP 400) is no outage."""
    if status == 200:
        answer = fake.answer
        fake.answer = lambda params: ({"error": {"code": "badvalue", "info": 'Unrecognized value for "list"'}}
                                      if params.get("list") == "search" else answer(params))
    else:
        fake.refuse[("list", "search")] = status
    linker = build_linker(settings(tmp_path, fake.url))
    got = qids(linker.link(article("The Morning Herald reported from Sydney, Australia.",
                                   [(O, "Morning Herald"), (L, "Sydney"), (L, "Australia")])))
    assert got == {"Morning Herald": None, "Sydney": qid_of(fake, "Sydney", "New South Wales"),
                   "Australia": qid_of(fake, "Australia", "country")}
    assert not linker.unreachable and fake.calls("query") == 1


def test_search_hits_that_do_not_say_what_matched_are_fetched_and_judged(tmp_path):
    class Terse(FakeWikidata):
        def search(self, text: str, limit: int) -> dict:
            body = super().search(text, limit)
            body["search"] = [{"id": h["id"], "label": h["label"]} for h in body["search"]]
            return body

    with Terse() as fake:
        got = qids(build_linker(settings(tmp_path, fake.url)).link(article(LIBYA, [(L, "Sirte"), (L, "Libya")])))
    assert got == {"Sirte": "Q162413", "Libya": "Q1016"}
    text = "Forces retook Surt, in Libya, on Monday."
    with Terse() as fake:  # "Surt" is an alias: the hit's label alone does not name the entity
        got = qids(build_linker(settings(tmp_path / "b", fake.url)).link(article(text, [(L, "Surt"), (L, "Libya")])))
    assert got == {"Surt": "Q162413", "Libya": "Q1016"}


def test_a_private_person_is_not_linked_to_a_namesake(fake, tmp_path):
    """Same name, a country the article names, but nothing else: no link; the ambassador is."""
    linker = build_linker(settings(tmp_path, fake.url))
    text = ("The robotics team from Herat, Afghanistan, was coached by Alireza Mehraban, who moved "
            "there from Iran. Ambassador Hamdullah Mohib said Afghanistan was proud of the girls.")
    got = qids(linker.link(article(text, [(P, "Alireza Mehraban"), (P, "Hamdullah Mohib"),
                                          (L, "Herat"), (L, "Afghanistan"), (L, "Iran")])))
    assert got["Alireza Mehraban"] is None  # an Iranian footballer of that name exists
    assert got["Hamdullah Mohib"] == qid_of(fake, "Hamdullah Mohib")
    assert got["Herat"] == qid_of(fake, "Herat", "city")


def test_an_occupation_the_article_contradicts_rules_a_namesake_out(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    text = ("Emeritus Professor John Burrows, who chairs the panel, said New Zealand would vote "
            "on a new flag. The panel met in Wellington, New Zealand, on Tuesday.")
    out = linker.link(article(text, [(P, "John Burrows"), (L, "New Zealand"), (L, "Wellington")]))
    got = qids(out)
    # A New Zealand rugby player of that name fits the country, not the professor.
    assert got["John Burrows"] is None
    assert got["Wellington"] == qid_of(fake, "Wellington", "capital city of New Zealand")
    assert linker.explanations["person-john-burrows"][0].role == -1.0


def test_statements_tie_an_item_to_the_other_entities(fake, tmp_path):
    """Coherence: the state a city is in, the party a politician is of."""
    linker = build_linker(settings(tmp_path, fake.url))
    text = ("The Museum of Flight in Seattle, Washington, will get a trainer. Another museum in "
            "Saratoga Springs, New York, asked too.")
    got = qids(linker.link(article(text, [(O, "Museum of Flight"), (L, "Seattle"), (L, "Washington"),
                                          (L, "Saratoga Springs"), (L, "New York")])))
    assert got["Washington"] == "Q1223"                      # the state, not the capital
    assert got["New York"] == qid_of(fake, "New York", "state of the United States")
    assert got["Museum of Flight"] == qid_of(fake, "Museum of Flight")
    text = ("Hong Kong voters elected Andrew Wan of the Democratic Party and Alvin Yeung of the "
            "Civic Party to the Legislative Council.")
    got = qids(linker.link(article(text, [(P, "Andrew Wan"), (O, "Democratic Party"), (P, "Alvin Yeung"),
                                          (O, "Civic Party"), (L, "Hong Kong")], id="a2")))
    assert got["Democratic Party"] == qid_of(fake, "Democratic Party", "Hong Kong")
    assert got["Andrew Wan"] == qid_of(fake, "Andrew Wan", "Hong Kong politician")  # not the violinist
    assert got["Alvin Yeung"] == qid_of(fake, "Alvin Yeung")


def test_dates_rule_out_people_not_yet_born_and_weigh_the_dead_less(tmp_path):
    items = {
        "Q9920001": {"label": "Marta Lindqvist", "description": "Swedish novelist (1921–1980)",
                     "P31": ["Q5"], "P569": ["1921-03-01"], "P570": ["1980-05-01"], "sitelinks": 20},
        "Q9920002": {"label": "Marta Lindqvist", "description": "Swedish novelist and footballer",
                     "P31": ["Q5"], "P569": ["1990-01-01"], "sitelinks": 20},
    }
    text = "The Swedish novelist Marta Lindqvist read from her new book."
    with FakeWikidata({"items": items}) as fake:
        linker = build_linker(settings(tmp_path, fake.url))
        early = dataclasses_replace(article(text, [(P, "Marta Lindqvist")]), published="1975-04-01")
        late = dataclasses_replace(article(text, [(P, "Marta Lindqvist")], id="a2"), published="2020-04-01")
        assert linker.link(early).entities[0].link.qid == "Q9920001"   # the other was not born
        assert [r.qid for r in linker.explanations["person-marta-lindqvist"]] == ["Q9920001"]
        assert linker.link(late).entities[0].link.qid == "Q9920002"    # the first had died


def dataclasses_replace(obj, **changes):
    import dataclasses

    return dataclasses.replace(obj, **changes)


def test_journalist_and_senator_of_the_same_name(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    press = article("Eric Schmitt, who covers national security for The New York Times, wrote the "
                    "report. The New York Times published it on Friday.", [(P, "Eric Schmitt")])
    senate = article("Senator Eric Schmitt of Missouri said the Senate would vote. Missouri farmers "
                     "welcomed the bill, Schmitt said.", [(P, "Eric Schmitt")], id="a2")
    assert linker.link(press).entities[0].link.qid == "Q9900503"
    assert linker.link(senate).entities[0].link.qid == "Q9900504"


def test_a_surname_alone_is_not_linked(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    link = linker.link(article("Rasmussen said the threat remained.", [(P, "Rasmussen")])).entities[0].link
    assert link.qid is None and link.method == "none"
    # ... but the same person named in full is.
    full = article("Nicholas J. Rasmussen, director of the National Counterterrorism Center, spoke.",
                   [(P, "Nicholas J. Rasmussen")])
    assert linker.link(full).entities[0].link.qid == "Q9900505"


def test_only_wrong_kind_candidates_give_no_link(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    text = "Obama said so in Chicago. Pentagon was the code name of the informant."
    got = links(linker.link(article(text, [(O, "Obama"), (P, "Pentagon"), (P, "Nobody Atall")])))
    for name, link in got.items():
        assert link.qid is None, (name, link)
        assert link.method == "none"
    assert got["Obama"].score < 0.55


def test_links_carry_score_label_and_description(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    link = linker.link(article(LIBYA, [(L, "Tripoli"), (L, "Libya")])).entities[0].link
    assert link.method == "search" and link.qid == "Q3579"
    assert 0.55 <= link.score <= 1.0
    assert link.label == "Tripoli" and "Libya" in link.description


def test_unnamed_actors_are_not_searched(fake, tmp_path):
    linker = build_linker(settings(tmp_path, fake.url))
    art = article("An official at the ministry said so.", [(P, "official at the ministry", {"named": False})])
    out = linker.link(art)
    assert out.entities[0].link == Link(None, 0.0, "none")
    assert art.entities[0].link is None  # a copy comes back; the input is untouched
    assert fake.calls() == 0


# ---------------------------------------------------------------- overrides


def test_overrides_win_before_search(fake, tmp_path):
    csv = tmp_path / "overrides.csv"
    csv.write_text("surface form,type,qid\n"
                   "Washington,Place,Q1223\n"
                   "the Pentagon,*,none\n"
                   "# an editor's note\n", encoding="utf-8")
    linker = build_linker(settings(tmp_path, fake.url, wikidata_overrides=str(csv)))
    got = links(linker.link(article(LIBYA, [(L, "Washington"), (O, "Pentagon"), (L, "Libya")])))
    assert got["Washington"].qid == "Q1223" and got["Washington"].method == "override"
    assert got["Washington"].label == "Washington"  # filled in from wbgetentities
    assert got["Pentagon"] == Link(None, 1.0, "override")
    assert got["Libya"].qid == "Q1016" and got["Libya"].method == "search"
    assert searches(fake) == ["Libya"]


def test_overrides_file_errors_are_reported(tmp_path):
    from service.errors import InputError
    from service.linker.overrides import Overrides

    bad = tmp_path / "bad.csv"
    bad.write_text("Washington,Place,Washington DC\n", encoding="utf-8")
    with pytest.raises(InputError, match="neither a QID"):
        Overrides.load(bad)
    with pytest.raises(InputError, match="cannot read"):
        Overrides.load(tmp_path / "missing.csv")


# ---------------------------------------------------------------- politeness and cache


def test_second_run_is_served_from_the_cache(fake, tmp_path):
    s = settings(tmp_path, fake.url)
    first = build_linker(s).link(article(LIBYA, LIBYA_ENTITIES))
    cold = fake.calls()
    assert cold > 0 and (tmp_path / "data" / "cache" / "wikidata").is_dir()
    linker = build_linker(s)  # a new run, the same data directory
    second = linker.link(article(LIBYA, LIBYA_ENTITIES))
    assert fake.calls() == cold, "the warm run must make no HTTP call"
    assert linker.calls == 0
    assert qids(second) == qids(first)


def test_requests_are_polite(fake, tmp_path):
    build_linker(settings(tmp_path, fake.url, wikidata_contact="ops@news.example")).link(
        article(LIBYA, LIBYA_ENTITIES))
    assert fake.requests
    for r in fake.requests:
        assert r["params"]["maxlag"] == "5"
        assert r["params"]["format"] == "json"
        ua = r["headers"]["User-Agent"]
        assert ua.startswith("newskg/") and "ops@news.example" in ua
    for r in fake.requests:
        if r["params"]["action"] == "wbgetentities":
            assert len(r["params"]["ids"].split("|")) <= MAX_IDS


def test_full_text_search_answers_qids(fake, tmp_path):
    client = WikidataClient(fake.url, contact="t@example.org")
    assert client.fulltext("Morning Herald") == [qid_of(fake, "The Sydney Morning Herald")]
    assert client.fulltext("no such words anywhere") == []
    request = fake.requests[0]
    assert request["params"]["action"] == "query" and request["params"]["list"] == "search"
    assert request["params"]["srsearch"] == "Morning Herald" and request["params"]["maxlag"] == "5"


def test_entities_are_fetched_in_batches_of_50(fake, tmp_path):
    client = WikidataClient(fake.url, contact="t@example.org", max_workers=2)
    ids = list(fake.items)
    assert len(ids) > 2 * MAX_IDS
    got = client.entities(ids + ["Q1"])  # Q1 is not in the fake: left out
    assert set(got) == set(ids)
    batches = [r["params"]["ids"].split("|") for r in fake.requests]
    assert len(batches) == -(-(len(ids) + 1) // MAX_IDS) and all(len(b) <= MAX_IDS for b in batches)
    assert sorted(i for b in batches for i in b) == sorted(ids + ["Q1"])


def test_429_with_retry_after_is_honoured(fake, tmp_path):
    fake.script.append((429, {"Retry-After": "1"}, {"error": {"code": "ratelimited", "info": "slow down"}}))
    linker = build_linker(settings(tmp_path, fake.url))
    t0 = time.monotonic()
    out = linker.link(article(LIBYA, [(L, "Libya")]))
    assert out.entities[0].link.qid == "Q1016"
    first, second = fake.requests[0], fake.requests[1]
    assert first["params"] == second["params"]  # the same search, asked again ...
    assert second["time"] - first["time"] >= 0.95  # ... after the second Retry-After asked for
    assert time.monotonic() - t0 < 10


def test_maxlag_error_is_waited_out_and_not_cached(fake, tmp_path):
    lagged = {"error": {"code": "maxlag", "info": "Waiting for a database server: 6 seconds lagged"}}
    fake.script.append((200, {"Retry-After": "1", "X-Database-Lag": "6"}, lagged))
    s = settings(tmp_path, fake.url)
    out = build_linker(s).link(article(LIBYA, [(L, "Libya")]))
    assert out.entities[0].link.qid == "Q1016"
    assert fake.requests[1]["time"] - fake.requests[0]["time"] >= 0.95
    n = fake.calls()
    again = build_linker(s).link(article(LIBYA, [(L, "Libya")]))
    assert again.entities[0].link.qid == "Q1016" and fake.calls() == n


# ---------------------------------------------------------------- offline


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_api_costs_one_failure_per_run(tmp_path, caplog):
    url = f"http://127.0.0.1:{_closed_port()}/w/api.php"
    linker = build_linker(settings(tmp_path, url))
    caplog.set_level(logging.WARNING)
    t0 = time.monotonic()
    one = linker.link(article(LIBYA, LIBYA_ENTITIES))
    two = linker.link(article(LEBANON, LEBANON_ENTITIES, id="a2"))
    assert time.monotonic() - t0 < 3
    for art in (one, two):
        assert all(e.link == Link(None, 0.0, "unreachable") for e in art.entities)
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1 and linker.unreachable


def test_wikidata_is_asked_again_after_a_backoff_that_doubles(fake, tmp_path, caplog):
    """A long-running server: Wikidata down, then back; asked again after 0.4 s, then 0.8 s."""
    caplog.set_level(logging.INFO, logger="service.linker")
    fake.down = True  # every request answers 503
    client = WikidataClient(fake.url, contact="t@example.org", retries=0,
                            cache_path=tmp_path / "cache.sqlite")
    linker = Linker(client, retry_after=0.4)
    art = article(LIBYA, [(L, "Libya"), (L, "Tripoli")])

    def methods() -> set[str]:
        return {e.link.method for e in linker.link(art).entities}

    assert methods() == {"unreachable"} and linker.unreachable
    assert fake.calls() == 1                    # one failed request, not one per entity
    assert methods() == {"unreachable"} and fake.calls() == 1   # not asked during the wait
    time.sleep(0.45)
    assert methods() == {"unreachable"} and fake.calls() == 2   # asked again: still down
    time.sleep(0.45)
    assert methods() == {"unreachable"} and fake.calls() == 2   # the wait doubled to 0.8 s
    fake.down = False
    time.sleep(0.4)
    assert qids(linker.link(art)) == {"Libya": "Q1016", "Tripoli": "Q3579"}
    assert not linker.unreachable
    messages = [r.getMessage() for r in caplog.records]
    assert sum("Wikidata is unreachable" in m for m in messages) == 1
    assert sum("still unreachable" in m for m in messages) == 1
    assert sum("reachable again" in m for m in messages) == 1


def test_a_silent_api_costs_one_timeout_not_one_per_entity(tmp_path):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/w/api.php"
        linker = build_linker(settings(tmp_path, url, wikidata_timeout=0.5))
        t0 = time.monotonic()
        out = linker.link(article(LIBYA, LIBYA_ENTITIES))
        elapsed = time.monotonic() - t0
    assert 0.4 <= elapsed < 1.5, elapsed
    assert {e.link.method for e in out.entities} == {"unreachable"}


def test_overrides_still_apply_when_unreachable(tmp_path):
    csv = tmp_path / "o.csv"
    csv.write_text("Libya,Place,Q1016\n", encoding="utf-8")
    url = f"http://127.0.0.1:{_closed_port()}/w/api.php"
    out = build_linker(settings(tmp_path, url, wikidata_overrides=str(csv))).link(
        article(LIBYA, [(L, "Libya"), (L, "Tripoli")]))
    assert links(out) == {"Libya": Link("Q1016", 1.0, "override"), "Tripoli": Link(None, 0.0, "unreachable")}


def test_linking_off_leaves_articles_alone(tmp_path):
    linker = build_linker(settings(tmp_path, "http://127.0.0.1:9/", link=False))
    art = article(LIBYA, LIBYA_ENTITIES)
    assert linker.link(art) is art


def test_linker_imports_only_the_bottom_layer():
    code = ("import sys, service.linker; bad = [m for m in ('spacy', 'rdflib', 'pyoxigraph', 'flask', "
            "'service.mapping', 'service.store', 'service.web', 'service.cli', 'service.nlp') "
            "if m in sys.modules]; assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


# ---------------------------------------------------------------- the sample article


@pytest.mark.shared
def test_sample_article_links_against_gold(fake, tmp_path):
    """The gold entities of the sample, as IR (no spaCy), linked: P >= 0.97 and R >= 0.95."""
    gold_file = SHARED / "eval" / "gold" / "seed-libya-2016.json"
    if not gold_file.exists():
        pytest.skip("../shared is absent")
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    text = (SHARED / "eval" / gold["article_file"]).read_text(encoding="utf-8")
    kinds = {"Person": P, "Organization": O, "Place": L}
    specs, expected = [], {}
    for g in gold["entities"]:
        if g["type"] not in kinds or not g.get("required"):
            continue
        forms = [f for f in [g["label"], *g["aliases"]] if f in text]
        if not forms:
            continue
        specs.append((kinds[g["type"]], forms[0], {"aliases": tuple(forms[1:])}))
        if g.get("qid"):
            expected[forms[0]] = {g["qid"], *g.get("qid_alternatives", [])}
    got = qids(build_linker(settings(tmp_path, fake.url)).link(article(text, specs)))
    linked = [n for n in expected if got[n]]
    right = [n for n in linked if got[n] in expected[n]]
    precision = len(right) / len(linked)
    recall = len(right) / len(expected)
    assert precision >= 0.97 and recall >= 0.95, (precision, recall, {n: got[n] for n in expected})
    wrong_extra = {n: q for n, q in got.items() if n not in expected and q}
    assert all(q.startswith("Q") for q in wrong_extra.values())


# ---------------------------------------------------------------- re-linking stored articles


def _stored(tmp_path, art: Article):
    from service.ingest import Pipeline, ensure_ontology
    from service.store import open_store

    s = Settings.load(environ={}, store=str(tmp_path / "store"), data_dir=str(tmp_path / "data"),
                      link=False, base_iri="http://newskg.test/")
    store = open_store(s)
    pipeline = Pipeline(s, link=False)
    ensure_ontology(store)
    store.put_graph(pipeline.iri(art), pipeline.quads(art))
    return store


def _exact_matches(store) -> dict[str, set[str]]:
    """{label (lower case): Wikidata items}, and each linked node is the item's own node, whose graph holds the link."""
    out: dict[str, set[str]] = {}
    rows = store.query("SELECT ?g ?e ?l ?q WHERE { GRAPH ?g { ?e <http://www.w3.org/2004/02/skos/core#exactMatch> ?q ; "
                       "<http://www.w3.org/2000/01/rdf-schema#label> ?l } }")
    for row in rows:
        assert row["g"] == row["e"] and row["e"].value == "http://newskg.test/entity/" + row["q"].value.rsplit("/", 1)[-1]
        out.setdefault(row["l"].value.lower(), set()).add(row["q"].value.rsplit("/", 1)[-1])
    return out


def test_relink_links_stored_entities_and_replaces_old_links(fake, tmp_path):
    from service.ingest import relink

    art = article(LIBYA, LIBYA_ENTITIES)
    unlinked = dataclass_replace_links(art, Link(None, 0.0, "unreachable"))
    store = _stored(tmp_path, unlinked)
    try:
        assert _exact_matches(store) == {}
        counts = relink(store, build_linker(settings(tmp_path, fake.url)), progress=False)
        assert counts["articles"] == 1 and counts["linked"] == len(LIBYA_ENTITIES)
        got = _exact_matches(store)
        assert got["tripoli"] == {"Q3579"} and got["washington"] == {"Q61"}
        methods = {row["m"].value for row in store.query(
            "SELECT ?m WHERE { ?d <https://w3id.org/newskg#linkMethod> ?m }")}
        assert methods == {"search"}
        assert not store.query("ASK { ?e <http://www.w3.org/2002/07/owl#sameAs> ?q }")  # never owl:sameAs

        # An editor's override, applied by re-linking: the old link goes, the new one stays alone.
        csv = tmp_path / "o.csv"
        csv.write_text("Washington,Place,Q1223\nTripoli,Place,none\n", encoding="utf-8")
        relink(store, build_linker(settings(tmp_path, fake.url, wikidata_overrides=str(csv))), progress=False)
        got = _exact_matches(store)
        assert got["washington"] == {"Q1223"} and "tripoli" not in got
        # Unlinked again, Tripoli is the node of its name; the item's node is gone with its last reference.
        assert store.query("ASK { GRAPH <http://newskg.test/entity/place/tripoli> { ?s ?p ?o } }")
        assert not store.query("ASK { GRAPH <http://newskg.test/entity/Q3579> { ?s ?p ?o } }")
        n_decisions = len(list(store.query(
            "SELECT ?e ?d WHERE { ?e <https://w3id.org/newskg#linkDecision> ?d }")))
        assert n_decisions == len(LIBYA_ENTITIES)

        # Wikidata down: stored links are kept.
        down = f"http://127.0.0.1:{_closed_port()}/w/api.php"
        counts = relink(store, build_linker(settings(tmp_path, down)), progress=False)
        assert counts["unreachable"] == len(LIBYA_ENTITIES) and _exact_matches(store) == got
    finally:
        store.close()


def dataclass_replace_links(art: Article, link: Link) -> Article:
    import dataclasses

    return dataclasses.replace(art, entities=tuple(dataclasses.replace(e, link=link) for e in art.entities))


def test_cli_link_command(fake, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from service.cli import cli

    import gc

    store = _stored(tmp_path, article(LEBANON, LEBANON_ENTITIES))
    store.close()
    del store
    gc.collect()  # the embedded store is released when its object goes
    monkeypatch.setenv("NEWSKG_WIKIDATA_API", fake.url)
    monkeypatch.setenv("NEWSKG_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSKG_LINK", "false")  # `newskg link` links even when ingest would not
    result = CliRunner().invoke(cli, ["link", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert f"linked {len(LEBANON_ENTITIES)} of {len(LEBANON_ENTITIES)} entities" in result.output


def test_method_works_without_class_items_or_known_classes(tmp_path):
    """Another fake: unknown classes that the API cannot describe; descriptions must do."""
    items = {
        "Q889": {"label": "Afghanistan", "description": "country in Central and South Asia",
                 "P31": ["Q6256"], "P17": ["Q889"], "sitelinks": 300},
        "Q9910001": {"label": "Kandahar", "description": "city in southern Afghanistan",
                     "P31": ["Q9919001"], "P17": ["Q889"], "sitelinks": 90},
        "Q9910002": {"label": "Kandahar Province", "aliases": ["Kandahar"],
                     "description": "province of Afghanistan", "P31": ["Q9919002"], "P17": ["Q889"],
                     "sitelinks": 70},
        "Q9910003": {"label": "Kandahar", "description": "2023 film by Ric Roman Waugh",
                     "P31": ["Q9919003"], "sitelinks": 30},
        "Q9910007": {"label": "Kandahar", "description": ""},  # no statements: "claims": [] and so on
        "Q9910004": {"label": "John Smith", "description": "English explorer and colonial governor",
                     "P31": ["Q5"], "sitelinks": 60},
        "Q9910005": {"label": "John Smith", "description": "British Labour Party politician",
                     "P31": ["Q5"], "sitelinks": 40},
        "Q9910006": {"label": "Taliban", "description": "Islamist militant group in Afghanistan",
                     "P31": ["Q9919004"], "P17": ["Q889"], "sitelinks": 120},
    }
    text = ("Taliban fighters entered Kandahar, the second city of Afghanistan, on Friday. "
            "John Smith, a local trader, said shops had closed.")
    with FakeWikidata({"items": items}) as fake:
        got = qids(build_linker(settings(tmp_path, fake.url)).link(article(
            text, [(O, "Taliban"), (L, "Kandahar"), (L, "Afghanistan"), (P, "John Smith")])))
    assert got == {"Taliban": "Q9910006", "Kandahar": "Q9910001", "Afghanistan": "Q889",
                   "John Smith": None}  # two namesakes, neither a local trader: no link


# ---------------------------------------------------------------- the GUM development fixture


@pytest.mark.shared
def test_gum_mentions_are_placed_as_the_corpus_lists_them():
    """tests/gum_linking.py reads the CoNLL-U; GUM's own linked_entities.jsonl, derived apart,
    must give the same mentions per Wikipedia identity."""
    import collections

    import gum_linking

    if not gum_linking.available():
        pytest.skip("../shared is absent")
    listed = collections.Counter()
    for line in (gum_linking.GUM / "linked_entities.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        listed[(row["doc"].removeprefix("GUM_news_"), row["wikipedia_title"])] += 1
    parsed = collections.Counter()
    for name in gum_linking.documents():
        doc = gum_linking.load(name)
        for g in doc.groups.values():
            if g.identity:
                parsed[(name, g.identity)] += len(g.spans)
                for start, end in g.spans:
                    assert doc.text[start:end].strip() == doc.text[start:end] != ""
    assert parsed == listed


@pytest.mark.shared
def test_gum_cases_point_at_real_groups_and_fixture_items(fake):
    import gum_linking

    if not gum_linking.available():
        pytest.skip("../shared is absent")
    cases = gum_linking.cases()
    assert len(cases) >= 150 and sum(c.qid is None for c in cases) >= 20
    docs = {}
    for c in cases:
        doc = docs.setdefault(c.doc, gum_linking.load(c.doc))
        group = doc.group(c.ref)
        assert group is not None, c
        assert bool(group.identity) == (not c.ref.startswith("#")), c   # no-item cases have none
        assert c.qid is None or c.qid in fake.items, c
        assert c.qid is None or not fake.items[c.qid].get("class"), c


@pytest.mark.shared
@pytest.mark.model
@pytest.mark.slow
def test_gum_fixture_through_the_pipeline_links_right_or_not_at_all(tmp_path):
    """The GUM documents analysed, then linked against the fake: the numbers of the README."""
    import collections

    import gum_linking
    from service.ir import RawArticle
    from service.nlp import analyse_many

    if not gum_linking.available():
        pytest.skip("../shared is absent")
    by_doc = collections.defaultdict(list)
    for c in gum_linking.cases():
        by_doc[c.doc].append(c)
    docs = {name: gum_linking.load(name) for name in by_doc}
    raws = [RawArticle(text=d.text, id=name, title=d.title, published=d.date) for name, d in docs.items()]
    tallies = {"dev": gum_linking.Tally(), "held-out": gum_linking.Tally()}
    with FakeWikidata() as fake:
        linker = build_linker(settings(tmp_path, fake.url))
        for art in analyse_many(raws):
            cases = by_doc[art.id]
            tallies[cases[0].split].add(gum_linking.score(docs[art.id], cases, linker.link(art)))
    dev, held = tallies["dev"], tallies["held-out"]
    assert dev.precision >= 0.98 and dev.recall >= 0.93, (dev.precision, dev.recall, dev.misses)
    assert held.precision >= 0.97 and held.recall >= 0.85, (held.precision, held.recall, held.misses)
    assert dev.no_item_unlinked + held.no_item_unlinked >= dev.no_item + held.no_item - 2, dev.misses + held.misses
