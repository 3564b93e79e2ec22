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
