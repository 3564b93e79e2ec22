"""Where one attribution ends and the next begins: clauses holding their own cue, short answers,
misparsed reported clauses and participles of speech, on invented sentences through the real
model (marked ``model``)."""

import pytest

from service.ir import RawArticle
from service.nlp import analyse

pytestmark = pytest.mark.model


def _claims(text):
    a = analyse(RawArticle(text=text))
    return [(c.text, [a.entity(k).name for k in c.speakers]) for c in a.claims]


def test_a_short_answer_right_after_its_cue_is_a_claim():
    claims = _claims("Asked whether the ferry would run on Sunday, Ada Lind said, “No.”\n\n"
                     "Tor Berg, its chairman, told the Harbour Gazette simply, “We lost.”")
    assert ("No.", ["Ada Lind"]) in claims
    assert ("We lost.", ["Tor Berg"]) in claims


def test_a_quotation_after_a_short_quoted_phrase_keeps_its_own_claim():
    claims = _claims("Tor Berg called the plan “a sham” and said “the budget is quite clear that the city "
                     "cannot pay for it.”")
    assert ("the budget is quite clear that the city cannot pay for it.", ["Tor Berg"]) in claims


def test_a_reported_clause_taken_for_an_object_is_what_was_said():
    # "the rise in rents that tenants decry also makes ...": the parser took "the rise" for the object
    claims = _claims("Stig Moen says the rise in rents that tenants decry also makes his reelection even less likely.")
    assert ("the rise in rents that tenants decry also makes his reelection even less likely", ["Stig Moen"]) in claims


def test_the_speaker_and_the_clause_about_the_speaker_are_no_part_of_what_was_said():
    claims = _claims("Mr. Oskarsson, whose newest company, Tidewise, uses tide data to help ports plan berths, "
                     "said the mayor was a builder at heart.")
    assert ("the mayor was a builder at heart", ["Oskarsson"]) in claims
    assert not any("tide data" in t for t, _s in claims)


def test_a_participle_of_speech_after_a_comma_is_an_attribution_of_its_own():
    claims = _claims("Ada Lind announced that she had filed her financial statement with the harbour board, "
                     "saying it set a new standard for the port.")
    assert ("she had filed her financial statement with the harbour board", ["Ada Lind"]) in claims
    assert ("it set a new standard for the port", ["Ada Lind"]) in claims


def test_a_relative_clause_holding_its_own_cue_is_a_claim():
    claims = _claims("Erik Holm has made several promises on the matter, including a new bridge over the river, "
                     "which he said the province should also pay for.")
    assert ("which he said the province should also pay for", ["Erik Holm"]) in claims


def test_a_tweet_reports_its_that_clause():
    claims = _claims("The harbour master Ola Dahl tweeted that the ferry would not sail before noon.")
    assert ("the ferry would not sail before noon", ["Ola Dahl"]) in claims


def test_a_poll_framing_a_sentence_is_the_source_of_all_it_found():
    text = ("The council met on Monday. In a new Brightwater Institute poll released Friday, 60 percent of "
            "residents said they would back the tram plan. In the latest survey, conducted in May, the mayor "
            "led her rival by eight points. In the poll the lead grew again in June.")
    a = analyse(RawArticle(text=text))
    got = [(c.text, [a.entity(k).name for k in c.speakers], c.cue, c.attribution.value) for c in a.claims]
    assert got == [
        ("60 percent of residents said they would back the tram plan", ["new Brightwater Institute poll"], "In",
         "finding"),
        ("the mayor led her rival by eight points", ["latest survey"], "In", "finding"),
    ]  # the respondents speak only through the poll; without a comma the phrase's end is a guess


def test_an_act_of_speech_in_a_participle_after_a_reported_clause_is_its_own_claim():
    claims = _claims("Tor Berg says he would release his tax forms on Friday, calling them very boring papers. "
                     "In an interview, Ada Lind said Mr. Dorn should leave the race for the good of the party, "
                     "echoing a memo from the campaign manager.")
    assert ("he would release his tax forms on Friday", ["Tor Berg"]) in claims
    assert ("them very boring papers", ["Tor Berg"]) in claims
    assert ("Mr. Dorn should leave the race for the good of the party", ["Ada Lind"]) in claims
    assert ("a memo from the campaign manager", ["Ada Lind"]) in claims
