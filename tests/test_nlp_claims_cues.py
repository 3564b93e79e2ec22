"""Cues found by their frequency in news: wishes, knowledge, stances and acts of speech without
their words, on invented sentences through the real model (marked ``model``)."""

import pytest

from service.ir import RawArticle
from service.nlp import analyse

pytestmark = pytest.mark.model


def _got(text):
    a = analyse(RawArticle(text=text))
    return {c.text: ([a.entity(k).name for k in c.speakers], c.attribution.value) for c in a.claims}


def test_wishes_knowledge_and_decisions_are_beliefs():
    got = _got("Mara Lindqvist wants to close the old ferry terminal by the spring. "
               "Lindqvist knows the harbour fund cannot pay for a second pier. "
               "The Velden Rowing Club decided to move its regatta to the northern lake.")
    assert got["to close the old ferry terminal by the spring"] == (["Mara Lindqvist"], "belief")
    assert got["the harbour fund cannot pay for a second pier"] == (["Mara Lindqvist"], "belief")
    assert got["to move its regatta to the northern lake"] == (["Velden Rowing Club"], "belief")


def test_a_stance_is_held_on_its_object_alone():
    got = _got("Senator Oskar Brandt supports a tax on empty holiday homes along the coast. "
               "The Dock Workers Union backed the plan to rebuild the eastern quay.")
    assert got["a tax on empty holiday homes along the coast"] == (["Oskar Brandt"], "belief")
    assert got["the plan to rebuild the eastern quay"] == (["Dock Workers Union"], "belief")


def test_acts_of_speech_reported_without_their_words():
    got = _got("Ines Falk encouraged residents to report broken street lights to the council. "
               "Falk apologized for the delays on the river bus line.")
    assert got["residents to report broken street lights to the council"] == (["Ines Falk"], "statement")
    assert got["for the delays on the river bus line"] == (["Ines Falk"], "statement")


def _parsed(words, heads, deps, pos):
    """A Doc with the parse given by hand: the misparses under test, independent of the model."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_a_relative_clause_without_that_taken_for_a_complement_is_no_content():
    from service.nlp.complements import _relative_misparsed

    # "request berths they want the tugs to clear": the parser hung "want" off "request" as its
    # complement; its subject follows the object of "request" directly, so it is a relative clause.
    words = "The pilots request berths they want the tugs to clear .".split()
    heads = [1, 2, 2, 2, 5, 2, 7, 9, 9, 5, 2]
    deps = ["det", "nsubj", "ROOT", "dobj", "nsubj", "ccomp", "det", "nsubj", "aux", "ccomp", "punct"]
    pos = ["DET", "NOUN", "VERB", "NOUN", "PRON", "VERB", "DET", "NOUN", "PART", "VERB", "PUNCT"]
    assert _relative_misparsed(_parsed(words, heads, deps, pos)[5])
    # "said they want the tugs to clear": a complement with no object before its subject
    words = "The pilots said they want the tugs to clear .".split()
    heads = [1, 2, 2, 4, 2, 6, 8, 8, 4, 2]
    deps = ["det", "nsubj", "ROOT", "nsubj", "ccomp", "det", "nsubj", "aux", "ccomp", "punct"]
    pos = ["DET", "NOUN", "VERB", "PRON", "VERB", "DET", "NOUN", "PART", "VERB", "PUNCT"]
    assert not _relative_misparsed(_parsed(words, heads, deps, pos)[4])


def test_a_speaker_set_off_by_commas_is_found_when_the_parser_attached_it_elsewhere():
    got = _got("As a part of her plea, Mara Lindholm Vinter, 51, said that she moved the money from the harbour fund. "
               "One councillor, who like others spoke on the condition of anonymity to describe the closed meeting, "
               "said the vote was not going to happen before May. "
               "In a statement to the Gazette, Anton Vik, a navy spokesman in Kiel, said the drills would continue.")
    assert got["she moved the money from the harbour fund"][0] == ["Mara Lindholm Vinter"]
    assert got["the vote was not going to happen before May"][0] == ["One councillor"]
    assert got["the drills would continue"][0] == ["Anton Vik"]  # the name, not the place in the title


def test_a_relative_clause_with_a_subject_reports_its_holder():
    got = _got("The tax was drafted by Senator Lise Varga, who has criticized the airport expansion plan for years. "
               "The route described in the council memo was never built. "
               "The audit, which echoed earlier warnings from the harbour inspectors, found no fraud.")
    assert got["the airport expansion plan"][0] == ["Lise Varga"]  # "who": the noun it relates to
    assert not any(t.startswith("in the council memo") for t in got)  # no subject of its own: no act
    assert not any(t.startswith("earlier warnings") for t in got)  # "which": a thing's doing, no one's act


def test_a_polling_average_or_footage_is_the_source_of_what_it_shows():
    text = ("The ferry vote is on Sunday. The Brightwater average of polls shows the mayor leading her rival "
            "47 percent to 44 percent. Footage from the harbour shows that the ferry left the dock early.")
    a = analyse(RawArticle(text=text))
    got = [(c.text, [a.entity(k).name for k in c.speakers], c.attribution.value) for c in a.claims]
    assert got == [
        ("the mayor leading her rival 47 percent to 44 percent", ["Brightwater average of polls"], "finding"),
        ("the ferry left the dock early", ["Footage from the harbour"], "finding"),
    ]


def test_a_body_named_by_a_common_noun_acts_in_words_like_a_person():
    got = _got("The ferry strike entered its third week. The Velden campaign called the charges false "
               "and invented by former staff. The union criticized the harbour board for its silence.")
    assert got["the charges false and invented by former staff"] == (["Velden campaign"], "statement")
    assert got["the harbour board for its silence"] == (["union"], "statement")
