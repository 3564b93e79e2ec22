"""Who said which stretch of text when attributions meet: clauses joined before one cue, turns in
an exchange of quotations, on invented sentences through the real model (marked ``model``)."""

import pytest

from service.ir import RawArticle
from service.nlp import analyse

pytestmark = pytest.mark.model


def _claims(text):
    a = analyse(RawArticle(text=text))
    return [(c.text, sorted(a.entity(k).name for k in c.speakers)) for c in a.claims]


def test_two_clauses_joined_by_and_before_their_cue_are_one_claim():
    claims = _claims("Two wells ran dry near Kandar on Saturday, and two more pumps failed at the river station "
                     "the day before, the Ruritanian water ministry said.")
    assert len(claims) == 1
    text, speakers = claims[0]
    assert text.startswith("Two wells ran dry") and text.endswith("the day before")
    assert speakers == ["Ruritanian water ministry"]


def test_a_verb_that_is_no_cue_before_a_quotation_gives_the_turn_to_its_subject():
    claims = _claims("The two rivals clashed over the banks. \"I stood up to the lenders when nobody else would,\" "
                     "Lena Okafor said. Ravi Mendel shot back, \"My opponent took their money for years and never "
                     "said a word.\"")
    assert ("I stood up to the lenders when nobody else would", ["Lena Okafor"]) in claims
    assert ("My opponent took their money for years and never said a word.", ["Ravi Mendel"]) in claims


@pytest.mark.parametrize("turn, said", [
    ("\"That figure is simply false,\" Ravi Mendel shot back.", "That figure is simply false"),
    ("\"Read the bill before you vote on it,\" Ravi Mendel countered on Monday.", "Read the bill before you vote on it"),
    ("\"Did anyone here read the bill?\" scoffed Ravi Mendel.", "Did anyone here read the bill?"),
])
def test_a_verb_that_is_no_cue_after_a_quotation_gives_the_turn_to_its_subject(turn, said):
    claims = _claims("The two rivals clashed over the banks. \"I stood up to the lenders when nobody else would,\" "
                     f"Lena Okafor said. {turn}")
    assert (said, ["Ravi Mendel"]) in claims




@pytest.mark.parametrize("sentence, first, second", [
    # the second clause hung on the first "said" as more of what was said
    ("One in five said the new bridge is too narrow for the buses and one in six said the toll was far too "
     "high.", ("the new bridge is too narrow for the buses", ["One in five"]),
     ("the toll was far too high", ["one in six"])),
    # the second subject hung as a conjunct on the last noun of the first clause
    ("Several pilots have said they will refuse the route and others have told us the pay is too low.",
     ("they will refuse the route", ["Several pilots"]), ("the pay is too low", ["others"])),
])
def test_two_clauses_of_speech_joined_by_and_are_two_speakers_statements(sentence, first, second):
    claims = _claims(sentence)
    assert first in claims
    assert second in claims


def test_a_clause_without_a_verb_of_speech_after_and_is_still_what_was_said():
    claims = _claims("Ivo Holt said the ferry failed and Maria Lund resigned.")
    assert claims and all(speakers == ["Ivo Holt"] for _text, speakers in claims)


@pytest.mark.parametrize("colon, speaker", [
    ("Jon Roe, a baker, weighed in:", ["Jon Roe"]),
    ("When the bridge reopened, Ann Roe put out a short note:", ["Ann Roe"]),
    ("As Ann Roe of the Lyon Courier noted, the fair had a rival in town:", ["Ann Roe"]),
])
def test_a_quotation_after_a_paragraph_ending_in_a_colon_is_the_turn_of_its_subject(colon, speaker):
    # Not the last speaker's: the colon hands the quotation to whoever its sentence is about.
    claims = _claims(f"Tom Berg said the vote in the valley was close.\n\n{colon}\n\n"
                     "\u201cNobody came for the jam this year; they all came for the brass band.\u201d")
    assert ("Nobody came for the jam this year; they all came for the brass band.", speaker) in claims


@pytest.mark.parametrize("sentence", [
    "After the \"reform,\" Ravi Mendel left.",  # a scare quote inside the sentence
    "\"The Crown,\" Ravi Mendel watched the whole series.",  # the verb has an object of its own
])
def test_a_quoted_title_or_scare_quote_before_a_verb_is_no_turn(sentence):
    assert _claims(f"The rivals met on Monday. {sentence}") == []


def test_speakers_set_off_between_commas_inside_the_statement_are_who_speaks():
    claims = _claims("The source of the appeal of the mayor, union members and leaders say, is manifold: "
                     "his positions on trade and a frustration with politicians.")
    assert len(claims) == 1
    text, speakers = claims[0]
    assert text.startswith("The source of the appeal of the mayor") and "is manifold" in text
    assert "union members" in speakers and "members" not in text


def test_an_inverted_cue_set_into_the_statement_names_who_spoke():
    claims = _claims("Any honest reading of the minister's actions, said Tor Levine, an expert on the region at the "
                     "Harbour Institute, would read this as a retreat from the talks.")
    assert claims == [("Any honest reading of the minister's actions would read this as a retreat from the talks",
                       ["Tor Levine"])]


def test_a_headline_cue_is_no_part_of_the_speakers_name():
    # the model runs the name on through the headline's verb ("Lindqvist Says Museum Will Open")
    a = analyse(RawArticle(text="Lindqvist Says Museum Will Open in May\n\nThe town council met on Monday."))
    assert [e.name for e in a.entities] == ["Lindqvist"]
    assert [(c.text, [a.entity(k).name for k in c.speakers]) for c in a.claims] == \
        [("Museum Will Open in May", ["Lindqvist"])]


def test_a_verb_that_is_no_cue_between_two_pieces_of_a_quotation_is_the_cue_of_both():
    claims = _claims("Dora Wick said none of it was beyond the pale.\n\n"
                     "“The way I see it,” she elaborated, “no one ever questioned the sacrifice or the service of "
                     "the major.”")
    direct = [(t, s) for t, s in claims if "sacrifice" in t]
    assert len(direct) == 1 and direct[0][0].startswith("The way I see it")
    assert direct[0][1] == ["Dora Wick"]


def test_a_reported_clause_after_a_phrase_of_time_is_what_was_said():
    # the parser hangs "she would not accept ..." on the verb as an adverbial clause
    claims = _claims("Okafor said after the convention she would not accept the endorsement if it were offered.")
    assert claims == [("she would not accept the endorsement if it were offered", ["Okafor"])]


def test_an_adverbial_clause_with_its_own_conjunction_is_no_reported_clause():
    assert _claims("Okafor said it when she was still mayor of the town.") == []


def test_a_reported_clause_with_a_short_quotation_is_a_claim():
    claims = _claims("Demonstrators said they want “justice for Tomas,” but pledged to keep the protest peaceful.")
    assert [(t.startswith("they want") and "justice for Tomas" in t, s) for t, s in claims] == [(True, ["Demonstrators"])]
