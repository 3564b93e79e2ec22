"""Title-case headlines re-read in sentence case, a sentence opened by its cue ("Said Doe: “...”")
a closing quotation mark run into the next word and
a quotation dash before a source, on invented sentences (the real model's tests
are marked ``model``)."""

import pytest
import spacy

from service.ir import RawArticle
from service.nlp.headlines import first_line, is_title_case, keeps_capital, name_words, speaker_line

BODY = ("\n\nSenator Maren Holt spoke in Eastport on Monday. Holt said the Tarvik dam would flood the valley "
        "and that the Eastport council had not read the plan.")


def _claims(text):
    from service.nlp import analyse

    a = analyse(RawArticle(text=text))
    return [(c.text, sorted(a.entity(k).name for k in c.speakers)) for c in a.claims]


def test_a_headline_is_title_case_when_every_word_but_the_short_ones_is_capitalised():
    assert is_title_case("Senator Warns Dam Will Flood the Valley".split())
    assert is_title_case("Holt Urges Council to Drop Dam Plan".split())
    assert not is_title_case("Senator warns dam will flood the valley".split())
    assert not is_title_case("Holt Speaks Out".split())  # too short to tell a headline from a name


def test_words_keep_their_capital_when_the_body_only_writes_them_capitalised():
    doc = spacy.blank("en")("Holt Warns Dam\n\nIn the town Holt spoke , and the dam is old . Holt left .")
    start, end = first_line(doc)
    assert doc[start:end].text == "Holt Warns Dam"
    names = name_words(doc, end)
    assert "holt" in names and "dam" not in names and "warns" not in names
    assert keeps_capital("Holt", names, first=False)
    assert not keeps_capital("Warns", names, first=False)
    assert keeps_capital("Warns", names, first=True)  # the line's first word stays as printed
    assert keeps_capital("NATO", names, first=False) and keeps_capital("McAllister", names, first=False)


def test_a_headline_that_opens_with_a_speaker_and_a_colon_is_left_to_the_speaker_line_rule():
    assert speaker_line("Senator Holt: Dam Will Flood the Valley")
    assert not speaker_line("The Latest: Holt Warns Dam Will Flood the Valley")
    assert not speaker_line("Holt Warns Dam Will Flood the Valley")


@pytest.mark.model
def test_a_title_case_headline_verb_is_a_cue_and_its_subject_the_speaker():
    claims = _claims("Senator Maren Holt Warns Tarvik Dam Would Flood The Valley" + BODY)
    assert ("Tarvik Dam Would Flood The Valley", ["Maren Holt"]) in claims


@pytest.mark.model
def test_a_headline_urging_names_who_urges_and_keeps_the_text_as_printed():
    claims = _claims("Maren Holt Urges Eastport Council To Reject Tarvik Dam Plan" + BODY)
    headline = [(t, s) for t, s in claims if "Council" in t]
    assert headline == [("Eastport Council To Reject Tarvik Dam Plan", ["Maren Holt"])]


@pytest.mark.model
def test_a_headline_in_sentence_case_is_read_as_the_model_reads_it():
    from service.nlp import build_nlp

    nlp = build_nlp("en_core_web_sm")
    text = "Maren Holt warns Tarvik dam would flood the valley" + BODY
    with nlp.select_pipes(disable=["newskg_headline"]):
        plain = nlp(text)
    doc = nlp(text)
    assert [(t.tag_, t.dep_, t.head.i) for t in doc] == [(t.tag_, t.dep_, t.head.i) for t in plain]


@pytest.mark.model
def test_a_sentence_opened_by_its_cue_names_the_speaker_after_it():
    claims = _claims("The dam has split the valley. Said Holt: “I have never seen a plan read so little by so many.”"
                     "\n\nSaid Ivo Brandt, \"The council will vote on it before the winter floods come.\"")
    assert ("I have never seen a plan read so little by so many.", ["Holt"]) in claims
    assert ("The council will vote on it before the winter floods come.", ["Ivo Brandt"]) in claims


@pytest.mark.model
def test_a_first_name_spelt_like_a_verb_stays_part_of_the_name():
    from service.nlp import analyse

    a = analyse(RawArticle(text="Said Karimov, the engineer, said the dam was safe."))
    assert any(e.name == "Said Karimov" for e in a.entities)


@pytest.mark.model
def test_a_closing_quotation_mark_run_into_the_speakers_name_still_ends_the_quotation():
    claims = _claims("Maren Holt spoke to the crowd. “The plan is a disaster for the valley,”Holt said. "
                     "“We will fight it.”")
    assert ("The plan is a disaster for the valley We will fight it.", ["Maren Holt"]) in claims


@pytest.mark.model
def test_a_quotation_followed_by_a_horizontal_bar_and_a_name_is_that_persons():
    claims = _claims("Readers wrote to us after the vote.\n\n"
                     "“He is not fit to lead the city and everyone knows it by now.” ― Marta Ilves\n\n"
                     "“The council has failed us again and again on the housing plan.” ― Toomas Kask")
    assert ("He is not fit to lead the city and everyone knows it by now.", ["Marta Ilves"]) in claims
    assert ("The council has failed us again and again on the housing plan.", ["Toomas Kask"]) in claims


@pytest.mark.model
def test_a_name_the_model_ran_on_past_the_headline_starts_again_after_the_line():
    from spacy.tokens import Span

    from service.nlp import build_nlp

    nlp = build_nlp("en_core_web_sm")
    doc = nlp.make_doc("Maren Holt Warns Tarvik Dam Would Flood The Valley\n\nIn May it did not.")
    for name, proc in nlp.pipeline:
        if name == "newskg_headline":
            break
        doc = proc(doc)
    doc.ents = [Span(doc, 8, 11, label="PERSON")]  # "Valley \n\n In", across the line break
    doc = nlp.get_pipe("newskg_headline")(doc)
    assert doc[9].ent_iob_ == "B" and doc[10].ent_iob_ == "I"
    assert doc[3].pos_ == "PROPN" and doc[2].pos_ == "VERB"  # the headline itself was re-read


def test_month_and_day_names_keep_their_capital_whatever_the_body_says():
    assert keeps_capital("May", set(), first=False) and keeps_capital("Tuesday", set(), first=False)
    assert not keeps_capital("Might", set(), first=False)
