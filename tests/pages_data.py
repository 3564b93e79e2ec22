"""Invented articles for the reading-page tests, built as IR by hand (no spaCy model), mapped
and stored as ingest stores them; the tests count against these IR objects."""

from __future__ import annotations

from service.config import ONTOLOGY_FILE
from service.ir import (Article, AttributionKind, Claim, ClaimKind, Entity, EntityKind, Link, Mention, Role)
from service.mapping import article_triples
from service.rdfterms import file_quads, triples_quads
from service.store.oxigraph import OxigraphStore
from service.vocab import ONTOLOGY_IRI

BASE = "http://newskg.test/"
HARBOUR = ("Mayor Ana Lindqvist of Vastby said the harbour bridge would reopen in May.\n\n"
           "“We are not ready,” said Tomas Berg, an engineer at Nordbyggen.\n\n"
           "A survey by the Harbour Institute found that most residents of Vastby support the plan. "
           "Lindqvist believes the council will agree.")
FERRY_ARTICLES = 57  # more than one page (50) of claims by the same speaker


def _at(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def _mention(text: str, phrase: str, nth: int = 0) -> Mention:
    return Mention(*_at(text, phrase, nth), phrase)


def _claim(text, phrase, speakers, *, kind=ClaimKind.INDIRECT, attribution=AttributionKind.STATEMENT, cue="said",
           about=(), date=None) -> Claim:
    start, end = _at(text, phrase)
    return Claim(kind, phrase, start, end, speakers, cue=cue, about=about, date=date, attribution=attribution)


def harbour_article() -> Article:
    """One article with a statement, a quotation, a finding and a belief, four speakers, roles and a link."""
    t = HARBOUR
    ana = Entity("person-ana-lindqvist", EntityKind.PERSON, "Ana Lindqvist",
                 (_mention(t, "Ana Lindqvist"), _mention(t, "Lindqvist", 1)),
                 link=Link("Q98765432", 0.9, "search", "Ana Lindqvist", "invented mayor of an invented town"))
    tomas = Entity("person-tomas-berg", EntityKind.PERSON, "Tomas Berg", (_mention(t, "Tomas Berg"),))
    nord = Entity("organization-nordbyggen", EntityKind.ORGANIZATION, "Nordbyggen", (_mention(t, "Nordbyggen"),))
    inst = Entity("organization-harbour-institute", EntityKind.ORGANIZATION, "Harbour Institute",
                  (_mention(t, "Harbour Institute"),))
    town = Entity("place-vastby", EntityKind.PLACE, "Vastby", (_mention(t, "Vastby"), _mention(t, "Vastby", 1)))
    claims = (
        _claim(t, "the harbour bridge would reopen in May", ("person-ana-lindqvist",), about=("place-vastby",),
               date="2031-05"),
        _claim(t, "We are not ready", ("person-tomas-berg",), kind=ClaimKind.DIRECT),
        _claim(t, "most residents of Vastby support the plan", ("organization-harbour-institute",),
               attribution=AttributionKind.FINDING, cue="found", about=("place-vastby",)),
        _claim(t, "the council will agree", ("person-ana-lindqvist",), attribution=AttributionKind.BELIEF,
               cue="believes"),
    )
    roles = (Role("person-tomas-berg", "engineer", "organization-nordbyggen", *_at(t, "Tomas Berg, an engineer at Nordbyggen")),)
    return Article(id="harbour-1", text=t, title="Harbour bridge to reopen", published="2031-04-02",
                   publisher="Vastby Courier", authors=("Lena Fisk",), entities=(ana, tomas, nord, inst, town),
                   claims=claims, roles=roles)


def ferry_article(i: int) -> Article:
    """One of many short articles in which the same person says something about Tomas Berg."""
    t = f"Kari Holm said ferry number {i} would run late. Tomas Berg was not asked."
    kari = Entity("person-kari-holm", EntityKind.PERSON, "Kari Holm", (_mention(t, "Kari Holm"),))
    tomas = Entity("person-tomas-berg", EntityKind.PERSON, "Tomas Berg", (_mention(t, "Tomas Berg"),))
    claim = _claim(t, f"ferry number {i} would run late", ("person-kari-holm",), about=("person-tomas-berg",))
    return Article(id=f"ferry-{i:03d}", text=t, title=f"Ferry {i} late", published=f"2031-03-{1 + i % 28:02d}",
                   entities=(kari, tomas), claims=(claim,))


def articles() -> list[Article]:
    """Every invented article, the harbour one first."""
    return [harbour_article()] + [ferry_article(i) for i in range(FERRY_ARTICLES)]


def store_of(arts: list[Article], base: str = BASE) -> OxigraphStore:
    """An in-memory store holding ``arts`` as ingest stores them (and the ontology)."""
    store = OxigraphStore.open(None)
    store.put_graph(str(ONTOLOGY_IRI), file_quads(str(ONTOLOGY_FILE), str(ONTOLOGY_IRI)))
    graphs = {}
    for a in arts:
        name, triples = article_triples(a, base=base)
        graphs[str(name)] = triples_quads(triples, str(name))
    store.put_graphs(graphs)  # one write, as a bulk load makes it; the nodes' graphs are derived in it
    return store
