"""Names the model left untagged or typed wrongly, on parses given by hand (no model needed: the
tagging is fixed, whatever a model version does): a full name that speaks makes its surname a
person's, and a known surname left untagged as a clause's subject is that person."""

import spacy
from spacy.tokens import Doc, Span

from service.nlp.attribution import Attributor
from service.nlp.components import EXTENSIONS  # noqa: F401  (registers the doc._ extensions)
from service.nlp.entities import build_clusters, entities_component
from service.nlp.quotes import find_quotes

VOCAB = spacy.blank("en").vocab


def _doc(sentences, ents=()):
    """A Doc from sentences of (word, head within the sentence, dep, pos, tag, lemma) rows, with
    entities as (start, end, label) over the whole document."""
    words, heads, deps, pos, tags, lemmas, starts = [], [], [], [], [], [], []
    for rows in sentences:
        base = len(words)
        for k, (word, head, dep, p, tag, lemma) in enumerate(rows):
            words.append(word)
            heads.append(base + head)
            deps.append(dep)
            pos.append(p)
            tags.append(tag)
            lemmas.append(lemma)
            starts.append(k == 0)
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas, sent_starts=starts)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


SAID = [("Ada", 1, "compound", "PROPN", "NNP", "Ada"), ("Varga", 2, "nsubj", "PROPN", "NNP", "Varga"),
        ("said", 2, "ROOT", "VERB", "VBD", "say"), ("the", 4, "det", "DET", "DT", "the"),
        ("plan", 5, "nsubj", "NOUN", "NN", "plan"), ("failed", 2, "ccomp", "VERB", "VBD", "fail"),
        (".", 2, "punct", "PUNCT", ".", ".")]


def test_the_surname_of_an_untagged_full_name_that_speaks_is_a_person():
    # "Ada Varga said the plan failed. Varga left.": the model tagged no full name, and the
    # surname alone as a place.
    doc = _doc([SAID, [("Varga", 1, "nsubj", "PROPN", "NNP", "Varga"), ("left", 1, "ROOT", "VERB", "VBD", "leave"),
                       (".", 1, "punct", "PUNCT", ".", ".")]], ents=[(7, 8, "GPE")])
    [varga] = [c for c in build_clusters(doc) if c.name == "Varga"]
    assert varga.kind == "Person"


def test_a_known_surname_left_untagged_as_a_subject_is_the_pronouns_antecedent():
    # "Ada Varga leads the union. Ms. Eva Lund met the mayor. Varga shared her view.
    # “We will strike,” she said.": the second "Varga" is untagged; she is Varga, not Lund.
    doc = _doc([
        [("Ada", 1, "compound", "PROPN", "NNP", "Ada"), ("Varga", 2, "nsubj", "PROPN", "NNP", "Varga"),
         ("leads", 2, "ROOT", "VERB", "VBZ", "lead"), ("the", 4, "det", "DET", "DT", "the"),
         ("union", 2, "dobj", "NOUN", "NN", "union"), (".", 2, "punct", "PUNCT", ".", ".")],
        [("Ms.", 2, "compound", "PROPN", "NNP", "Ms."), ("Eva", 2, "compound", "PROPN", "NNP", "Eva"),
         ("Lund", 3, "nsubj", "PROPN", "NNP", "Lund"), ("met", 3, "ROOT", "VERB", "VBD", "meet"),
         ("the", 5, "det", "DET", "DT", "the"), ("mayor", 3, "dobj", "NOUN", "NN", "mayor"),
         (".", 3, "punct", "PUNCT", ".", ".")],
        [("Varga", 1, "nsubj", "PROPN", "NNP", "Varga"), ("shared", 1, "ROOT", "VERB", "VBD", "share"),
         ("her", 3, "poss", "PRON", "PRP$", "her"), ("view", 1, "dobj", "NOUN", "NN", "view"),
         (".", 1, "punct", "PUNCT", ".", ".")],
        [("“", 7, "punct", "PUNCT", "``", "“"), ("We", 3, "nsubj", "PRON", "PRP", "we"),
         ("will", 3, "aux", "AUX", "MD", "will"), ("strike", 7, "ccomp", "VERB", "VB", "strike"),
         (",", 3, "punct", "PUNCT", ",", ","), ("”", 7, "punct", "PUNCT", "''", "”"),
         ("she", 7, "nsubj", "PRON", "PRP", "she"), ("said", 7, "ROOT", "VERB", "VBD", "say"),
         (".", 7, "punct", "PUNCT", ".", ".")],
    ], ents=[(0, 2, "PERSON"), (7, 9, "PERSON")])
    entities_component(doc)
    doc._.nkg_quotes = find_quotes(doc.text)
    claims = Attributor(doc).run()
    [claim] = [c for c in claims if c.kind == "direct"]
    assert [s.name for s in claim.speakers] == ["Ada Varga"]


def test_an_untagged_full_name_joins_the_person_known_by_the_surname():
    # "Ada Varga said the plan failed. Varga left.": one person, who said it.
    doc = _doc([SAID, [("Varga", 1, "nsubj", "PROPN", "NNP", "Varga"), ("left", 1, "ROOT", "VERB", "VBD", "leave"),
                       (".", 1, "punct", "PUNCT", ".", ".")]], ents=[(7, 8, "GPE")])
    entities_component(doc)
    doc._.nkg_quotes = find_quotes(doc.text)
    [claim] = Attributor(doc).run()
    [speaker] = claim.speakers
    assert (0, 2) in speaker.spans and (7, 8) in speaker.spans
