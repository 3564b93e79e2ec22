"""Claims that report nothing: a reporting verb in a sense that is no communication
(service/nlp/senses.py), someone dared or urged to say something who did not say it
(service/nlp/assertion.py), and "most of whom" as a speaker (service/nlp/speakers.py). Invented
sentences through the real model (marked ``model``)."""

import pytest

from service.ir import RawArticle
from service.nlp import analyse

pytestmark = pytest.mark.model


def _claims(sentence: str) -> dict[str, list[str]]:
    article = analyse(RawArticle(text=f"Council vote delayed\n\n{sentence}"))
    return {c.text: [article.entity(k).name for k in c.speakers] for c in article.claims}


@pytest.mark.parametrize("sentence", [
    # a particle that changes the verb's sense
    "The new code would let farmers write off the cost of their tractors.",
    "The firm called off the merger talks with its rival last week.",
    # a person confirmed in an office, a rival run against
    "The council had confirmed twelve judicial nominees by the end of May.",
    "Jane Roe, who is challenging Mayor Paul Doe for his seat, toured the harbour on Monday.",
    # a person who finds a thing comes upon it
    "Paul Roe finally found a way into the final round.",
    # someone dared to say something, who did not
    "In effect, the mayor was daring Roe to say that the audit had been faked.",
    "The senator dared Paul Roe to say that the audit had been faked.",
])
def test_a_verb_that_reports_nothing_makes_no_claim(sentence):
    assert _claims(sentence) == {}


@pytest.mark.parametrize("sentence, said, speaker", [
    ("The audit added that the fund had lost money.", "the fund had lost money", "audit"),
    ("Jane Doe told reporters that the harbour would reopen.", "the harbour would reopen", "Jane Doe"),
    ("A spokesman for the board confirmed that the vote was delayed.", "the vote was delayed",
     "spokesman for the board"),
    ("Paul Roe challenged Jane Doe on the budget figures at the hearing.",
     "Jane Doe on the budget figures at the hearing", "Roe"),
    ("The survey found strong support for the harbour levy among older residents.",
     "strong support for the harbour levy among older residents", "survey"),
    ("Jane Doe found that the harbour fund had lost money.", "the harbour fund had lost money", "Jane Doe"),
    ("Last year a district judge found the levy unlawful.", "the levy unlawful", "district judge"),
    # the one who begged is who the claim is of: the request is theirs
    ("Doe practically begged the crowd to ask her about anything but the ferry contract.", "anything", "Doe"),
])
def test_the_reports_stay(sentence, said, speaker):
    assert _claims(sentence)[said] == [speaker]


def test_a_quantifier_of_whom_speaks_for_the_noun_before_it():
    claims = _claims("The board heard from nine residents, all of whom said the levy was too high.")
    assert claims == {"the levy was too high": ["nine residents"]}
