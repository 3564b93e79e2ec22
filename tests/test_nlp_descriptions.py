"""'The senator' is the person the article named with that title (service/nlp/descriptions.py),
on invented sentences; the pipeline tests use the real model (marked ``model``)."""

import pytest

from service.ir import RawArticle
from service.nlp import analyse
from service.nlp.descriptions import compatible, role_of, title_of


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


@pytest.mark.model
def test_a_bare_president_is_not_a_body_president_named_after_the_countrys():
    text = ("President Tom Reilly praised the accord on Saturday.\n\n"
            "He played golf with Harbour Bank President Mark Dunn.\n\n"
            "The president later told reporters that the harbour fund would double by spring.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the harbour fund would double") == ["Tom Reilly"]
    # The description that names the body is still that body's president.
    text = ("President Tom Reilly praised the accord.\n\n"
            "He played golf with Harbour Bank President Mark Dunn.\n\n"
            "The Harbour Bank president said that the accord would help lending.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the accord would help lending") == ["Mark Dunn"]


def test_one_person_roles_count_as_titles_but_common_nouns_do_not():
    assert role_of("nominee") == "nominee" and role_of("Sen.") == "senator"
    assert role_of("teacher") == ""


def test_qualifiers_must_agree_for_a_description_to_be_a_titled_person():
    vice, bare = (frozenset({"vice"}), frozenset(), frozenset()), (frozenset(), frozenset(), frozenset())
    assert not compatible(bare, vice)  # "the president" is not "Vice President Jane Doe"
    assert compatible(vice, vice)
    red, blue = (frozenset(), frozenset({"republican"}), frozenset()), (frozenset(), frozenset({"democratic"}), frozenset())
    assert not compatible(red, blue)
    assert compatible(red, bare) and compatible(bare, blue)  # a word left out says nothing


@pytest.mark.model
def test_the_president_is_not_the_vice_president_named_last():
    text = ("President Ana Ruiz opened the new library on Monday.\n\n"
            "Guests included Vice President Carl Mendez and the city's mayor.\n\n"
            "\"Books are the cheapest way to travel,\" the president said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "Books are the cheapest way") == ["Ana Ruiz"]


@pytest.mark.model
def test_a_role_with_its_qualifiers_is_the_person_given_that_role():
    text = ("Lena Holm, the Green presidential nominee, toured a depot on Monday, and the Labour "
            "nominee, Piet Vos, stayed home.\n\n"
            "The Green nominee said the rail network would be her first priority.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the rail network would be") == ["Lena Holm"]


@pytest.mark.model
def test_a_qualified_role_nobody_was_given_is_the_one_person_named_so_far():
    text = ("Maria Olsen's pledge on Tuesday to cut rail fares drew criticism from unions.\n\n"
            "\"We will make trains cheaper than cars,\" the Liberal presidential nominee told a radio "
            "station.")
    assert _speaker_of(analyse(RawArticle(text=text)), "We will make trains") == ["Maria Olsen"]


@pytest.mark.model
def test_a_role_is_nobody_named_when_the_article_named_several():
    text = ("Maria Olsen and Tom Berg debated rail fares on Tuesday.\n\n"
            "\"We will make trains cheaper than cars,\" the Liberal presidential nominee told a radio "
            "station.")
    assert _speaker_of(analyse(RawArticle(text=text)), "We will make trains") not in (["Maria Olsen"], ["Tom Berg"])


@pytest.mark.model
def test_a_state_written_after_the_name_tells_which_senator_the_description_is():
    text = ("Sen. Jane Doe, R-Ohio, and Sen. Mark Dunn, D-Utah, met farmers on Monday.\n\n"
            "The Ohio senator said the drought had cost the state millions.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the drought had cost") == ["Jane Doe"]


@pytest.mark.model
def test_a_place_no_titled_person_was_given_is_nobody_named():
    text = ("Sen. Mark Dunn of Utah met farmers on Monday.\n\n"
            "The Ohio senator said the drought had cost the state millions.")
    speaker = _speaker_of(analyse(RawArticle(text=text)), "the drought had cost")
    assert speaker != ["Mark Dunn"]
    assert speaker == ["Ohio senator"]  # a senator described, not one named


@pytest.mark.model
def test_the_former_secretary_of_state_is_the_one_named_with_that_title():
    text = ("Former Secretary of State Margaret Olsen and Gov. Tom Berg toured a depot on Monday.\n\n"
            "The former secretary of state said the rail network needed money. The former secretary of "
            "the treasury said it did not.")
    article = analyse(RawArticle(text=text))
    assert _speaker_of(article, "the rail network needed") == ["Margaret Olsen"]
    assert _speaker_of(article, "it did not") != ["Margaret Olsen"]
    assert _speaker_of(article, "it did not") == ["former secretary of the treasury"]


@pytest.mark.model
def test_a_former_president_and_the_sitting_one_are_told_apart():
    text = ("Former President Carl Mendez met President Ana Ruiz on Monday.\n\n"
            "The former president said the talks had gone well.\n\n"
            "Later the president said the talks had been long.")
    article = analyse(RawArticle(text=text))
    assert _speaker_of(article, "the talks had gone well") == ["Carl Mendez"]
    assert _speaker_of(article, "the talks had been long") == ["Ana Ruiz"]


@pytest.mark.model
def test_a_job_the_article_gave_a_name_is_what_the_description_stands_for():
    text = ("The clinic hired neurosurgeon Lena Holm in March. She had worked abroad for years.\n\n"
            "Piet Vos, a retired plumber, fixed its pipes. The plumber said the pipes were old. "
            "\"The wards are full,\" the neurosurgeon said.")
    article = analyse(RawArticle(text=text))
    assert _speaker_of(article, "the pipes were old") == ["Piet Vos"]
    assert _speaker_of(article, "The wards are full") == ["Lena Holm"]


@pytest.mark.model
def test_a_job_the_article_taught_does_not_reach_past_the_story_on_that_person():
    text = ("The award went to actor Tom Hale.\n\n"
            "Singer Ana Lima spoke next.\n\n"
            "Singer Lea Moss spoke after her.\n\n"
            "Then dancer Bo Kerr came on stage. \"It was fun,\" the actor said.")
    speaker = _speaker_of(analyse(RawArticle(text=text)), "It was fun")
    assert speaker != ["Tom Hale"]
    assert speaker == ["actor"]  # an actor described, not the one named three paragraphs before


@pytest.mark.model
def test_his_campaign_is_the_campaign_the_article_names_by_the_person():
    text = ("Jim Roe toured Ohio on Monday, and the Roe campaign said the crowds were large.\n\n"
            "Roe spoke for an hour, and his campaign said he would return in May.")
    article = analyse(RawArticle(text=text))
    assert _speaker_of(article, "he would return in May") == ["Roe campaign"]
    assert _speaker_of(article, "the crowds were large") == ["Roe campaign"]


@pytest.mark.model
def test_his_campaign_stays_as_written_when_the_article_names_no_such_campaign():
    text = "Jim Roe toured Ohio on Monday, and his campaign said he would return in May."
    speaker = _speaker_of(analyse(RawArticle(text=text)), "he would return in May")
    assert speaker != ["Roe campaign"]
    assert speaker == ["his campaign"]
