"""A cue that is negated or a condition reports nothing said (service/nlp/assertion.py): "Doe did
not say that ..." is no claim of Doe's. Invented sentences; the real model (marked ``model``)."""

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from service.ir import RawArticle
from service.nlp import analyse
from service.nlp.assertion import asserted


def _claims(text: str) -> dict[str, list[str]]:
    article = analyse(RawArticle(text=text))
    return {c.text: [article.entity(k).name for k in c.speakers] for c in article.claims}


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Mayor Jane Doe did not say that the levy would rise.",
    "The trustees would not confirm that the contract had been signed.",
    "Paul Roe did not deny that the money was gone.",
    "Paul Roe didn't want to say that the plan had failed.",
    "Paul Roe isn't saying whether the fund broke any rules.",
    "No trustee said that the levy would rise.",
    "Nobody claimed that the levy would rise.",
])
def test_a_negated_cue_makes_no_claim(sentence):
    text = f"Council vote delayed\n\n{sentence}\n\nThe council meets again on Friday."
    assert _claims(text) == {}


@pytest.mark.model
def test_a_cue_in_a_condition_makes_no_claim_but_the_report_around_it_stands():
    text = ("Council vote delayed\n\n"
            "The mayor will step down unless the board says the deal is off.\n\n"
            "If the council confirms that the plan is legal, work will begin in May, Jane Doe said.")
    claims = _claims(text)
    assert not any(t.startswith("the deal is off") for t in claims)
    [(said, speakers)] = claims.items()
    assert "work will begin in May" in said and speakers == ["Jane Doe"]


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Jane Doe has not just claimed that the plan is legal, she has proved it.",
    "Jane Doe did not hesitate to say that the plan is legal.",
    "Jane Doe could not help saying that the plan is legal.",
])
def test_a_negation_that_asserts_the_saying_keeps_the_claim(sentence):
    assert _claims(f"Council vote delayed\n\n{sentence}") == {"the plan is legal": ["Jane Doe"]}


def _parsed(words, heads, deps, lemmas):
    """A hand-made parse, so that a rule is tested on exactly the attachment the model sometimes makes."""
    return Doc(Vocab(), words=words, heads=heads, deps=deps, lemmas=lemmas)


def test_a_not_after_the_cue_belongs_to_what_follows():
    # "Doe left, promising reform, probably not what Roe wanted": the parser may hang "not" on the cue
    words = ["Doe", "left", ",", "promising", "reform", ",", "probably", "not", "what", "Roe", "wanted"]
    heads = [1, 1, 1, 1, 3, 3, 7, 3, 10, 10, 7]
    deps = ["nsubj", "ROOT", "punct", "advcl", "dobj", "punct", "advmod", "neg", "dobj", "nsubj", "ccomp"]
    doc = _parsed(words, heads, deps, [w.lower() for w in words])
    assert asserted(doc[3])
    before = _parsed(["Doe", "did", "not", "promise", "reform"], [3, 3, 3, 3, 3],
                     ["nsubj", "aux", "neg", "ROOT", "dobj"], ["doe", "do", "not", "promise", "reform"])
    assert not asserted(before[3])


@pytest.mark.model
def test_a_negation_inside_what_was_said_keeps_the_claim():
    text = "Council vote delayed\n\nJane Doe said that the plan was not legal."
    assert _claims(text) == {"the plan was not legal": ["Jane Doe"]}


@pytest.mark.model
@pytest.mark.parametrize("sentence, said", [
    ("If the council confirms that the plan is legal, work will begin in May, Maria Lopez said.",
     "If the council confirms that the plan is legal, work will begin in May"),
    ("Maria Lopez said that because the vote was delayed, work would begin in May.",
     "because the vote was delayed, work would begin in May"),
])
def test_a_condition_inside_what_was_said_stays_in_the_claim(sentence, said):
    # without its "if" or "because", the content would read as something asserted outright
    assert _claims(f"Council vote delayed\n\n{sentence}") == {said: ["Maria Lopez"]}
