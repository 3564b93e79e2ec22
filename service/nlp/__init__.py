"""Language analysis: spaCy's trained pipeline plus newskg's named components, then the IR."""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager, nullcontext
from typing import Callable, ContextManager, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from service.ir import Article, RawArticle
from service.nlp.components import HEADLINE_COMPONENT, NEWSKG_COMPONENTS, build_nlp
from service.nlp.to_ir import article_id, doc_to_article

# Above this many characters an article's trained components run chunk by chunk (paragraphs of
# about CHUNK_CHARS), each chunk in its own turn, so that a long article never holds the pipeline
# for its whole run; newskg's components then read the whole document at once.
LONG_ARTICLE_CHARS = 20_000
CHUNK_CHARS = 10_000

Turn = Callable[[], ContextManager]


class Turns:
    """A first-come, first-served lock (``threading.Lock`` promises no order): a request that
    arrives while a long article is analysed goes next, between two of its chunks."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._issued = 0
        self._serving = 0

    @contextmanager
    def __call__(self):
        with self._cond:
            ticket = self._issued
            self._issued += 1
            self._cond.wait_for(lambda: self._serving == ticket)
        try:
            yield
        finally:
            with self._cond:
                self._serving += 1
                self._cond.notify_all()


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut after paragraph breaks into pieces of about ``size`` characters; joined, they
    give ``text`` back exactly."""
    pieces, start = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        if m.end() - start >= size:
            pieces.append(text[start:m.end()])
            start = m.end()
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def parse_long(nlp: Language, text: str, turn: Turn = nullcontext) -> Doc:
    """A long text through the trained components chunk by chunk (one turn each), then through
    newskg's components as one document (they keep no shared state, so need no turn). The
    headline component runs the trained components on the headline, so it runs with the first
    chunk, in that chunk's turn."""
    docs = []
    for k, piece in enumerate(chunks(text)):
        with turn():
            docs.append(nlp(piece, disable=[n for n in NEWSKG_COMPONENTS if k > 0 or n != HEADLINE_COMPONENT]))
    doc = Doc.from_docs(docs, ensure_whitespace=False) if len(docs) > 1 else docs[0]
    for name in NEWSKG_COMPONENTS:
        if name != HEADLINE_COMPONENT:
            doc = nlp.get_pipe(name)(doc)
    return doc


def analyse(raw: RawArticle, *, model: str = "en_core_web_sm") -> Article:
    """One article through the language pipeline."""
    return next(analyse_many([raw], model=model))


def analyse_many(raws: Iterable[RawArticle], *, model: str = "en_core_web_sm", batch_size: int = 16,
                 turn: Turn = nullcontext) -> Iterator[Article]:
    """Articles through the pipeline, in order: short ones through ``nlp.pipe`` in batches (one
    turn a batch), long ones chunk by chunk (:func:`parse_long`)."""
    nlp = build_nlp(model)
    batch: list[RawArticle] = []

    def flush() -> Iterator[Article]:
        with turn():
            docs = list(nlp.pipe((r.text for r in batch), batch_size=batch_size))
        yield from (doc_to_article(doc, raw) for raw, doc in zip(batch, docs))
        batch.clear()

    for raw in raws:
        if len(raw.text) <= LONG_ARTICLE_CHARS:
            batch.append(raw)
            if len(batch) >= batch_size:
                yield from flush()
            continue
        if batch:
            yield from flush()
        yield doc_to_article(parse_long(nlp, raw.text, turn), raw)
    if batch:
        yield from flush()


__all__ = ["analyse", "analyse_many", "build_nlp", "article_id", "Turns"]
