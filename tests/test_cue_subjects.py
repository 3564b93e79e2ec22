"""Who a cue's subject is when the parser misattached it: the rules of service.nlp.cues on parses
given by hand (no model needed: the misparses are fixed, whatever a model version does)."""

import spacy
from spacy.tokens import Doc

from service.nlp.cues import subject


VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case), no model


def _doc(rows):
    """A Doc from (word, head, dep, pos, lemma) rows; heads are absolute indices."""
    words, heads, deps, pos, lemmas = zip(*rows)
    return Doc(VOCAB, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos), lemmas=list(lemmas),
               sent_starts=[True] + [False] * (len(rows) - 1))


def test_an_inverted_speaker_whose_first_names_hang_off_the_surname():
    doc = _doc([("“", 5, "punct", "PUNCT", "“"), ("Ports", 2, "nsubj", "NOUN", "port"), ("matter", 5, "ccomp", "VERB", "matter"),
                (",", 5, "punct", "PUNCT", ","), ("”", 5, "punct", "PUNCT", "”"), ("said", 5, "ROOT", "VERB", "say"),
                ("Ola", 8, "compound", "PROPN", "Ola"), ("Magnus", 8, "compound", "PROPN", "Magnus"),
                ("Dahl", 5, "dobj", "PROPN", "Dahl"), (".", 5, "punct", "PUNCT", ".")])
    assert subject(doc[5]).text == "Dahl"


def test_a_speaker_after_a_quotation_set_off_by_commas_with_a_title():
    # “Ports matter,” Eva Lund, an adviser, said: the parser hung "Lund" on the quotation's verb.
    doc = _doc([("“", 2, "punct", "PUNCT", "“"), ("Ports", 2, "nsubj", "NOUN", "port"), ("matter", 12, "ccomp", "VERB", "matter"),
                (",", 2, "punct", "PUNCT", ","), ("”", 2, "punct", "PUNCT", "”"), ("Eva", 6, "compound", "PROPN", "Eva"),
                ("Lund", 2, "npadvmod", "PROPN", "Lund"), (",", 6, "punct", "PUNCT", ","), ("an", 9, "det", "DET", "an"),
                ("adviser", 6, "appos", "NOUN", "adviser"), (",", 6, "punct", "PUNCT", ","),
                ("also", 12, "advmod", "ADV", "also"), ("said", 12, "ROOT", "VERB", "say"), (".", 12, "punct", "PUNCT", ".")])
    assert subject(doc[12]).text == "Lund"  # the name, passing over the title after it


def test_a_relative_clause_after_the_speaker_gives_the_phrase_before_it():
    # One resident, who asked not to be named, said ...: the parser made "asked" a clause of "said".
    doc = _doc([("One", 1, "nummod", "NUM", "one"), ("resident", 4, "nsubj", "NOUN", "resident"), (",", 1, "punct", "PUNCT", ","),
                ("who", 4, "nsubj", "PRON", "who"), ("asked", 6, "ccomp", "VERB", "ask"), (",", 6, "punct", "PUNCT", ","),
                ("said", 6, "ROOT", "VERB", "say"), ("no", 8, "neg", "DET", "no"), ("one", 6, "dobj", "NOUN", "one"),
                (".", 6, "punct", "PUNCT", ".")])
    assert subject(doc[6]).text == "resident"
