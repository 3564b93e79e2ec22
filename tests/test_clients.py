"""Standard clients against a real `newskg serve` (a subprocess on 127.0.0.1) whose store was minted
under the default base IRI (http://127.0.0.1:5000/) but is served on another port: SPARQLWrapper
with its defaults and every return format, and a browser's view of the pages, whose links must
work on the port that serves them."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
import requests
from rdflib import Graph, URIRef

from servers import free_port, stop, wait_until_up
from service.ir import Article, Claim, ClaimKind, Entity, EntityKind, Mention, Role

MINTED = "http://127.0.0.1:5000/"  # NEWSKG_BASE_IRI's default: the IRIs the data holds
TEXT = "Jana Novak, the mayor of Chisinau, said the bridge would reopen in May. Moldova said it would pay."


def _article() -> Article:
    def ent(key, kind, name):
        at = TEXT.index(name)
        return Entity(key, kind, name, (Mention(at, at + len(name), name),))

    start = TEXT.index("the bridge")
    claim = Claim(ClaimKind.INDIRECT, "the bridge would reopen in May", start, start + 30, ("person-jana-novak",),
                  cue="said", about=("place-chisinau",))
    pays = TEXT.index("it would pay")
    claim2 = Claim(ClaimKind.INDIRECT, "it would pay", pays, pays + 12, ("place-moldova",), cue="said")
    role = Role("person-jana-novak", "mayor", "place-chisinau", 0, TEXT.index(","))
    return Article(id="c1", text=TEXT, title="Bridge to reopen",
                   entities=(ent("person-jana-novak", EntityKind.PERSON, "Jana Novak"),
                             ent("place-chisinau", EntityKind.PLACE, "Chisinau"),
                             ent("place-moldova", EntityKind.PLACE, "Moldova")),
                   claims=(claim, claim2), roles=(role,))


def _make_store(path):
    from service.config import Settings
    from service.ingest import Pipeline, ensure_ontology
    from service.store import open_store

    settings = Settings.load(environ={}, store=str(path), link=False, base_iri=MINTED)
    st = open_store(settings)
    pipeline = Pipeline(settings, link=False)
    ensure_ontology(st)
    st.put_graph(pipeline.iri(_article()), pipeline.quads(_article()))
    st.close()
    return path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    return _make_store(tmp_path_factory.mktemp("clients") / "store")


def _serve(store_dir, tmp_path, base_iri: str):
    port = free_port()
    env = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_DATA_DIR": str(tmp_path / "data"), "NEWSKG_BASE_IRI": base_iri}
    env.pop("NEWSKG_SPARQL_ENDPOINT", None)
    proc = subprocess.Popen([sys.executable, "-m", "service", "serve", "--store", str(store_dir), "--host", "127.0.0.1",
                             "--port", str(port), "--threads", "2", "--no-access-log"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(proc, url + "/healthz", name="newskg serve", timeout=60)
    return proc, url


@pytest.fixture(scope="module")
def server(store_dir, tmp_path_factory):
    """Served on a free port with the default base: the IRIs name port 5000, the server is elsewhere."""
    proc, url = _serve(store_dir, tmp_path_factory.mktemp("serve"), MINTED)
    yield url, proc
    stop(proc)


def test_serve_warns_when_the_base_iri_is_not_its_address(server):
    url, proc = server
    line = b""
    while b"NEWSKG_BASE_IRI" not in line:  # the warning comes before the server's own start-up lines
        line = proc.stderr.readline()
        assert line, "no warning about the base IRI"
    text = line.decode()
    assert text.startswith("newskg: warning: IRIs are minted under http://127.0.0.1:5000/")
    assert f"NEWSKG_BASE_IRI={url}/" in text  # says how to fix it


# ---------------------------------------------------------------- SPARQLWrapper

CONSTRUCT = "CONSTRUCT { ?c <https://schema.org/text> ?t } WHERE { ?c a <https://schema.org/Claim> ; <https://schema.org/text> ?t }"


def _wrapper(url: str, query: str, fmt: str | None = None):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    if fmt is not None:
        sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_defaults_for_select_construct_describe_and_ask(server):
    url, _proc = server
    rows = _wrapper(url, "SELECT ?t WHERE { ?c a <https://schema.org/Claim> ; <https://schema.org/text> ?t }").query()
    doc = rows.convert()  # the default return format: SPARQL XML results, as an XML DOM
    texts = sorted(n.firstChild.data for n in doc.getElementsByTagName("literal"))
    assert texts == ["it would pay", "the bridge would reopen in May"]
    # CONSTRUCT and DESCRIBE with the default format send format=xml: RDF/XML, not a 406.
    g = _wrapper(url, CONSTRUCT).query().convert()
    assert isinstance(g, Graph) and len(g) == 2
    jana = URIRef(MINTED + "entity/person/jana-novak")
    described = _wrapper(url, f"DESCRIBE <{jana}>").query().convert()
    assert isinstance(described, Graph) and (jana, None, None) in described
    ask = _wrapper(url, "ASK { ?c a <https://schema.org/Claim> }").query().convert()
    assert ask.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", ["xml", "rdf+xml", "rdf", "n3", "turtle", "json-ld"])
def test_sparqlwrapper_graph_return_formats(server, fmt):
    url, _proc = server
    result = _wrapper(url, CONSTRUCT, fmt).query()
    body = result.response.read()
    parse_as = {"xml": "xml", "rdf+xml": "xml", "rdf": "xml", "n3": "turtle", "turtle": "turtle",
                "json-ld": "json-ld"}[fmt]
    g = Graph().parse(data=body, format=parse_as)
    assert {str(o) for o in g.objects()} == {"it would pay", "the bridge would reopen in May"}


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select_return_formats(server, fmt):
    url, _proc = server
    result = _wrapper(url, "SELECT ?n WHERE { ?p a <https://w3id.org/newskg#Person> ; "
                           "<http://www.w3.org/2000/01/rdf-schema#label> ?n }", fmt).query()
    body = result.response.read().decode()
    assert "Jana Novak" in body and body.count("Jana Novak") == 1  # one person, one label: one row


# ---------------------------------------------------------------- pages and links on another port

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"  # what a browser asks for


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _links(html: str) -> list[str]:
    p = _Links()
    p.feed(html)
    return p.links


def _follow_all(page_url: str, html: str) -> list[str]:
    """Every link of the page that points into the service answers 200 on this server."""
    seen = []
    for link in _links(html):
        target = urljoin(page_url, link)
        if not target.startswith(page_url.split("/", 3)[0] + "//" + page_url.split("/", 3)[2]):
            assert not target.startswith(MINTED), f"{link} leaves for the minted base"
            continue
        resp = requests.get(target, timeout=10, headers={"Accept": BROWSER})
        assert resp.status_code == 200, (page_url, link, resp.status_code)
        seen.append(target)
    return seen


def test_entity_pages_and_their_links_work_on_another_port(server):
    url, _proc = server
    page = url + "/entity/person/jana-novak"
    resp = requests.get(page, headers={"Accept": "text/html"}, timeout=10)
    assert resp.status_code == 200 and "Jana Novak" in resp.text
    followed = _follow_all(page, resp.text)
    assert any("/article/c1/claim/" in t for t in followed) and any(t.endswith("/article/c1") for t in followed)
    assert all(not link.startswith("/") and not link.startswith(MINTED) for link in _links(resp.text)
               if not link.startswith("http")), "page links are relative"
    ttl = requests.get(page, headers={"Accept": "text/turtle"}, timeout=10)
    assert ttl.status_code == 200 and "jana-novak" in ttl.text


def test_front_page_and_canned_query_links_work_on_another_port(server):
    url, _proc = server
    front = requests.get(url + "/", timeout=10)
    assert front.status_code == 200
    followed = _follow_all(url + "/", front.text)
    assert any("/queries/most-quoted" in t for t in followed) and any(t.endswith("/dump.rdf") for t in followed)
    table = requests.get(url + "/queries/most-quoted", timeout=10)
    assert table.status_code == 200
    assert any("/entity/person/jana-novak" in t for t in _follow_all(url + "/queries/most-quoted", table.text))
    rdf = requests.get(url + "/dump.rdf", timeout=10)
    assert rdf.status_code == 200 and rdf.headers["Content-Type"].startswith("application/rdf+xml")
    assert len(Graph().parse(data=rdf.content, format="xml")) > 20


def test_pages_find_the_minted_iris_when_the_base_is_set_to_another_address(tmp_path):
    """Serving with NEWSKG_BASE_IRI changed after the data was minted under :5000: the request path
    maps onto the base the store's articles were minted under, so pages and their links still work."""
    proc, url = _serve(_make_store(tmp_path / "store"), tmp_path, "https://news.example.org/kg/")
    try:
        resp = requests.get(url + "/entity/Q1", headers={"Accept": BROWSER}, timeout=10)
        assert resp.status_code == 404
        resp = requests.get(url + "/entity/place/chisinau", headers={"Accept": BROWSER}, timeout=10)
        assert resp.status_code == 200 and "Chisinau" in resp.text and "Jana Novak" in resp.text
        assert _follow_all(url + "/entity/place/chisinau", resp.text)
    finally:
        stop(proc)
