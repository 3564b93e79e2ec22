"""Language analysis: spaCy's trained pipeline plus newskg's named components, then the IR."""

from __future__ import annotations

from service.ir import Article, RawArticle
from service.nlp.components import build_nlp
from service.nlp.to_ir import article_id, doc_to_article


def analyse(raw: RawArticle, *, model: str = "en_core_web_sm") -> Article:
    """One article through the language pipeline."""
    return doc_to_article(build_nlp(model)(raw.text), raw)


def analyse_many(raws, *, model: str = "en_core_web_sm", batch_size: int = 16):
    """Articles through ``nlp.pipe`` in batches, in order."""
    raws = list(raws)
    nlp = build_nlp(model)
    for raw, doc in zip(raws, nlp.pipe((r.text for r in raws), batch_size=batch_size)):
        yield doc_to_article(doc, raw)


__all__ = ["analyse", "analyse_many", "build_nlp", "article_id"]
