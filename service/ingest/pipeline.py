"""The steps of ingest that run per article: check → analyse (spaCy) → IR → link → RDF.

``Pipeline`` holds what is loaded once (the spaCy pipeline, the linker) and is shared by the
threads of the web service and by the worker processes of a parallel run, which fork from a
process where it is already loaded (``Pipeline.warm``).
"""

from __future__ import annotations

import logging
import threading
from typing import Iterable, Iterator

from pyoxigraph import Quad

from service.config import ONTOLOGY_FILE, Settings
from service.errors import InputError
from service.ir import Article, RawArticle
from service.mapping import article_dataset, article_iri, article_triples
from service.rdfterms import file_quads, triples_quads
from service.vocab import ONTOLOGY_IRI

log = logging.getLogger("newskg")

# spaCy's own limit (nlp.max_length) is 1,000,000 characters; one paragraph longer than this is
# not news prose (a dump, a minified page) and would take minutes to parse.
MAX_ARTICLE_CHARS = 1_000_000
MAX_PARAGRAPH_CHARS = 50_000


def check_raw(raw: RawArticle, settings: Settings) -> RawArticle:
    """Refuse articles that cannot be analysed, with a sentence that says why."""
    where = f"{raw.source}: " if raw.source else ""
    if not raw.text.strip():
        raise InputError(f"{where}the article has no body text (only byline, footer or page furniture)")
    if len(raw.text.encode("utf-8")) > settings.max_article_bytes:
        raise InputError(f"{where}the article body is {len(raw.text):,} characters; the limit is "
                         f"{settings.max_article_bytes:,} bytes (NEWSKG_MAX_ARTICLE_BYTES)")
    if sum(ch.isalpha() for ch in raw.text) < 20:
        raise InputError(f"{where}the article has almost no words ({len(raw.text)} characters)")
    if len(raw.text) > MAX_ARTICLE_CHARS:
        raise InputError(f"{where}the article body is {len(raw.text):,} characters; the language pipeline "
                         f"takes at most {MAX_ARTICLE_CHARS:,}")
    longest = max((len(p) for p in raw.text.split("\n\n")), default=0)
    if longest > MAX_PARAGRAPH_CHARS:
        raise InputError(f"{where}one paragraph is {longest:,} characters long; the limit is "
                         f"{MAX_PARAGRAPH_CHARS:,} (is this news prose? split it on blank lines)")
    return raw


def make_linker(settings: Settings):
    """The Wikidata linker, or None when linking is off."""
    if not settings.link:
        return None
    from service.linker import build_linker

    return build_linker(settings)


class Pipeline:
    """Settings, the spaCy pipeline and the linker, loaded once and reused for many articles."""

    def __init__(self, settings: Settings, *, linker=None, link: bool | None = None) -> None:
        from service.nlp import Turns

        self.settings = settings
        self.linker = linker if linker is not None else (make_linker(settings) if link is not False else None)
        # Threads (the web service) share one pipeline: spaCy runs one batch or chunk at a time,
        # first come first served, and the linker one article at a time.
        self.turns = Turns()
        self._link_lock = threading.Lock()

    def warm(self) -> "Pipeline":
        """Load the spaCy pipeline and fill the mapping's entailment rules for every term of the
        ontology, so that the first articles cost what the others do (and processes forked from
        this one start warm)."""
        from service.mapping import warm as warm_mapping
        from service.nlp import build_nlp

        build_nlp(self.settings.model)
        warm_mapping()
        return self

    def analyse(self, raws: Iterable[RawArticle]) -> Iterator[Article]:
        """Articles checked (``check_raw``), analysed and linked, in order."""
        from service.nlp import analyse_many

        articles = analyse_many([check_raw(r, self.settings) for r in raws], model=self.settings.model,
                                turn=self.turns)
        for article in articles:
            if self.linker is None:
                yield article
                continue
            with self._link_lock:
                linked = self.linker.link(article)
            yield linked

    def quads(self, article: Article, *, alone: bool = False) -> list[Quad]:
        """The article graph's quads; with ``alone``, also the graphs of the shared actors and places
        it names, as this article alone gives them (what an empty store holds after ingesting it)."""
        if alone:
            return [q for name, triples in article_dataset(article, base=self.settings.base).items()
                    for q in triples_quads(triples, str(name))]
        name, triples = article_triples(article, base=self.settings.base)
        return triples_quads(triples, str(name))

    def extract(self, raw: RawArticle, *, alone: bool = False) -> tuple[Article, list[Quad]]:
        """One article analysed, and its graph (``alone``: with its actors' and places' graphs)."""
        article = next(self.analyse([raw]))
        return article, self.quads(article, alone=alone)

    def iri(self, article: Article) -> str:
        """The article's IRI, which names its graph."""
        return str(article_iri(self.settings.base, article.id))


def ontology_quads() -> list[Quad]:
    """The ontology, as the quads of its own named graph."""
    return file_quads(str(ONTOLOGY_FILE), str(ONTOLOGY_IRI))


def ensure_ontology(store) -> None:
    """The ontology lives in its own named graph, so queries can follow subclass links."""
    if not store.has_graph(str(ONTOLOGY_IRI)):
        store.put_graph(str(ONTOLOGY_IRI), ontology_quads())
