"""'The senator' is the person the article named with that title (service/nlp/descriptions.py),
on invented sentences; the pipeline tests use the real model (marked ``model``)."""

import pytest

from service.ir import RawArticle
from service.nlp import analyse
from service.nlp.descriptions import title_of


def _speaker_of(article, prefix):
    [claim] = [c for c in article.claims if c.text.startswith(prefix)]
    return [article.entity(k).name for k in claim.speakers]


def test_abbreviations_and_spelled_out_titles_are_one_title():
    assert title_of("Sen.") == title_of("senator") == "senator"
    assert title_of("Gov.") == title_of("Governor") == "governor"
    assert title_of("congresswoman") == title_of("Rep.") == "representative"
    assert title_of("candidate") == ""


@pytest.mark.model
def test_the_senator_is_the_person_named_with_the_abbreviated_title():
    text = ("Sen. Jane Doe spoke on Monday about the budget.\n\n"
            "Later the senator said the cuts were too deep for rural schools.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the cuts were too deep") == ["Jane Doe"]


@pytest.mark.model
def test_the_governor_is_the_person_given_the_title_in_apposition():
    text = ("Mark Dunn, the governor of Ohio, met farmers on Monday.\n\n"
            "The governor said the drought had cost the state millions.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the drought had cost") == ["Mark Dunn"]


@pytest.mark.model
def test_the_president_of_something_else_is_not_the_president_named_before():
    text = ("President Ana Ruiz opened the session on Monday.\n\n"
            "The president of the bank said the loans were safe.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the loans were safe") != ["Ana Ruiz"]
