"""Concurrent use of the real server: `newskg serve` (granian, one worker process, threads) as a subprocess on
127.0.0.1, writer threads posting distinct articles (and re-posting some) while reader threads
query per-graph triple counts in a loop. No request fails, no article is lost, and no reader ever
sees an article graph other than complete (its triple count is always the final one). Every article
names one person in common, whose entity graph all writers derive again: at the end it is exactly
what the final article graphs give."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pyoxigraph as ox
import pytest
import requests

from service.store.oxigraph import OxigraphStore

from servers import free_port, stop, wait_until_up

pytestmark = pytest.mark.model

WRITERS, PER_WRITER, READERS = 3, 4, 3
TOKEN = "concurrency-token"
CITIES = ["Leeds", "Bristol", "Cardiff", "Dundee", "Exeter", "Hull", "Lincoln", "Norwich", "Oxford", "Preston",
          "Salford", "Truro"]
NAMES = ["Anna Berg", "Tom Okafor", "Maria Lopes", "David Chen", "Ruth Evans", "Ian Patel", "Sara Nolan",
         "Ben Walsh", "Clara Diaz", "Omar Haddad", "Lena Fischer", "Paul Moreau"]
PER_GRAPH = ("SELECT ?g (COUNT(*) AS ?n) (SAMPLE(?body) AS ?b) WHERE { GRAPH ?g { ?s ?p ?o "
             "OPTIONAL { ?g <https://w3id.org/newskg#articleBody> ?body } } } GROUP BY ?g")


def _article(i: int) -> dict:
    city, name = CITIES[i], NAMES[i]
    text = (f"The council in {city} said on Monday that the old library would reopen in June after repairs "
            f"costing {i + 2} million pounds.\n\n"
            f"\"We are ready to welcome readers back,\" said {name}, the council's head of culture. "
            f"According to the {city} Chamber of Commerce, shops near the library lost trade while it was shut.\n\n"
            f"Mary Okoye, who chairs the national library trust, said the work in {city} was a model for others.")
    return {"id": f"conc-{i}", "text": text, "published": "2024-03-0%d" % (1 + i % 9)}


@pytest.fixture(params=["embedded", "remote"])
def server(request, tmp_path):
    """`newskg serve` on the embedded store, or on an external `oxigraph serve` (--sparql-endpoint)."""
    port = free_port()
    extra = []
    if request.param == "remote":
        store_url = request.getfixturevalue("oxigraph_server")
        requests.post(store_url + "/update", data="DROP ALL", headers={"Content-Type": "application/sparql-update"},
                      timeout=10).raise_for_status()
        extra = ["--sparql-endpoint", store_url + "/query"]
    env = {**os.environ, "NEWSKG_UPDATE_TOKEN": TOKEN, "NEWSKG_LINK": "0", "NEWSKG_BASE_IRI": "http://newskg.test/",
           "NEWSKG_DATA_DIR": str(tmp_path / "data")}
    env.pop("NEWSKG_SPARQL_ENDPOINT", None)
    proc = subprocess.Popen([sys.executable, "-m", "service", "serve", "--store", str(tmp_path / "store"),
                             "--host", "127.0.0.1", "--port", str(port), "--threads", "8", *extra],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(proc, base + "/healthz", name="newskg serve", timeout=60)
    yield base
    stop(proc)


def test_concurrent_writers_and_readers(server):
    session_errors: list[str] = []
    posted: dict[str, str] = {}  # id -> IRI
    seen: list[tuple[str, int, bool]] = []  # (graph, triples, has body) as readers saw them
    polls = [0]
    writers_done = threading.Event()
    lock = threading.Lock()
    stop_at = time.monotonic() + 75  # bound the whole test

    def post(s: requests.Session, body: dict) -> None:
        r = s.post(server + "/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        if r.status_code != 201:
            session_errors.append(f"POST {body['id']}: {r.status_code} {r.text[:200]}")
            return
        with lock:
            posted[body["id"]] = r.json()["iri"]

    def writer(w: int) -> None:
        with requests.Session() as s:
            mine = [_article(w * PER_WRITER + k) for k in range(PER_WRITER)]
            for body in mine:
                post(s, body)
            post(s, mine[0])  # re-ingest while others write and read: replaces, never duplicates

    def reader() -> None:
        with requests.Session() as s:
            while time.monotonic() < stop_at:
                done = writers_done.is_set()
                r = s.get(server + "/sparql", params={"query": PER_GRAPH},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
                if r.status_code != 200:
                    session_errors.append(f"GET /sparql: {r.status_code} {r.text[:200]}")
                    return
                rows = r.json()["results"]["bindings"]
                with lock:
                    polls[0] += 1
                    seen.extend((row["g"]["value"], int(row["n"]["value"]), "b" in row) for row in rows)
                if done:
                    return

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    readers = [threading.Thread(target=reader) for _ in range(READERS)]
    for t in readers + threads:
        t.start()
    for t in threads:
        t.join(max(1, stop_at - time.monotonic()))
    writers_done.set()
    for t in readers:
        t.join(max(1, stop_at + 5 - time.monotonic()))
    assert not any(t.is_alive() for t in threads + readers), "the load did not finish in time"
    assert session_errors == []

    total = WRITERS * PER_WRITER
    assert len(posted) == total
    final = requests.get(server + "/sparql", params={"query": PER_GRAPH},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    counts = {row["g"]["value"]: int(row["n"]["value"]) for row in final["results"]["bindings"]}
    assert set(posted.values()) <= set(counts), "an article was lost"
    entity_graphs = {g for g in counts if g.startswith("http://newskg.test/entity/")}
    assert "http://newskg.test/entity/person/mary-okoye" in entity_graphs
    assert len(counts) == total + 1 + len(entity_graphs)  # the articles, the ontology graph and the entity graphs
    dump = list(ox.parse(requests.get(server + "/dump.nq", timeout=30).content, format=ox.RdfFormat.N_QUADS))
    articles = {g: [q for q in dump if q.graph_name.value == g] for g in posted.values()}
    mem = OxigraphStore.open(None)
    mem.put_graphs(articles)
    derived = {str(q) for q in mem.quads() if q.graph_name.value in entity_graphs}
    assert derived == {str(q) for q in dump if q.graph_name.value in entity_graphs}
    assert {q.graph_name.value for q in mem.quads()} - set(articles) == entity_graphs
    articles_seen = [(g, n, body) for g, n, body in seen if g in set(posted.values())]
    assert articles_seen, "the readers never saw an article"
    for g, n, body in articles_seen:
        assert body and n == counts[g], f"a reader saw {g} half-written ({n} of {counts[g]} triples)"
    print(f"{WRITERS} writers, {READERS} readers, {total} articles (+{WRITERS} re-posts), {polls[0]} polls, "
          f"{len(articles_seen)} article graphs observed, all complete")
