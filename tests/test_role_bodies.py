"""Roles whose body the title does not name (issue 13, round 3): staff of another person, a body
taken up by a common noun, a service rank, an office left in a relative clause, an apposition the
parser hung elsewhere, an official serving under presidents; and the names these rules read.

Every sentence here is invented; all tests run the real model.
"""

import pytest

from service.ir import RawArticle

pytestmark = pytest.mark.model


def _analyse(text, published="2022-03-09"):
    from service.nlp import analyse

    return analyse(RawArticle(text=text, published=published))


def _roles(article):
    """(person, title, organisation or None, former) for every role, by name."""
    names = {e.key: e for e in article.entities}
    return {(names[r.person].name, r.title, names[r.organization].name if r.organization else None, r.former)
            for r in article.roles}


def _names(article):
    return {(e.name, e.kind.value) for e in article.entities}


def test_a_staff_title_after_a_pronoun_serves_that_persons_administration():
    a = _analyse("The Morrow administration will review it. If she fails, President Jane Morrow will be left with "
                 "the note her national security adviser, Dana Holt, issued.")
    assert ("Morrow administration", "Organization") in _names(a)
    assert ("Dana Holt", "national security adviser", "Morrow administration", False) in _roles(a)


def test_a_staff_title_takes_the_body_of_the_person_it_serves_but_a_lawyer_does_not():
    roles = _roles(_analyse("Acme Council chair Ann Lee will leave in May. Should Lee's nomination pass, her top "
                            "deputy, Tom Reed, will be promoted."))
    assert ("Ann Lee", "Acme Council chair", "Acme Council", False) in roles
    assert ("Tom Reed", "top deputy", "Acme Council", False) in roles
    roles = _roles(_analyse("Acme Council chair Ann Lee will leave in May. Her lawyer, Tom Reed, declined to comment."))
    assert ("Tom Reed", "lawyer", None, False) in roles


def test_the_group_is_the_organisation_named_before_it_and_no_committee():
    a = _analyse("A newly formed super PAC called Forward 45 ran ads before a special House Fisheries committee. "
                 "\"It is weak,\" said Tom Reed, a senior adviser to the group.")
    names = _names(a)
    assert ("Forward 45", "Organization") in names
    assert ("House Fisheries committee", "Organization") in names
    assert not any(n == "PAC" for n, _ in names)  # "a super PAC called X" names X, not "PAC"
    assert ("Tom Reed", "senior adviser", "Forward 45", False) in _roles(a)


def test_a_service_rank_after_a_civil_title_is_a_role_in_that_service():
    a = _analyse("\"We are ready,\" said Pentagon spokesman Navy Capt. Dana Holt. Gunmen injured two guards, "
                 "Master Sgt. Tom Reed said.")
    roles = _roles(a)
    assert ("Dana Holt", "Pentagon spokesman", "Pentagon", False) in roles
    assert ("Dana Holt", "Navy Captain", "Navy", False) in roles
    assert ("Tom Reed", "Master Sergeant", None, False) in roles  # "Master" is part of the rank
    assert not any(n == "Master" for n, _ in _names(a))


def test_an_office_left_in_a_relative_clause_is_a_former_one_in_the_appositions_body():
    roles = _roles(_analyse("Jane Doe, a 30-year veteran of the Acme Agency who retired as acting director in "
                            "2013, said the plan is weak."))
    assert ("Jane Doe", "30-year veteran", "Acme Agency", False) in roles
    assert ("Jane Doe", "acting director", "Acme Agency", True) in roles  # retired from it


def test_an_apposition_hung_on_an_earlier_noun_is_still_the_names():
    roles = _roles(_analyse("The film renders a portrait of the agency and Tom Reed, a former Army medic who spent "
                            "32 years with the agency."))
    assert ("Tom Reed", "former Army medic", "Army", True) in roles


def test_an_official_under_presidents_serves_their_national_office():
    roles = _roles(_analyse("U.S. officials met on Monday. Some accusations are hard to prove, said Grant Vale, a "
                            "national security official under Presidents Karl Vance and Jane Morrow."))
    assert ("Grant Vale", "national security official", "U.S.", False) in roles


def test_a_plural_title_before_a_list_of_names_is_each_ones():
    roles = _roles(_analyse("The base came under fire, and two NATO officers, Glen Vale and Tom Reed, were killed."))
    assert ("Glen Vale", "NATO officers", "NATO", False) in roles
    assert ("Tom Reed", "NATO officers", "NATO", False) in roles


def test_a_nameless_title_in_the_sentence_before_gives_the_body():
    roles = _roles(_analyse("The visiting NATO commander expressed surprise on Friday. \"I expected the opposite,\" "
                            "said Gen. Tom Reed, the supreme allied commander in Europe."))
    assert ("Tom Reed", "supreme allied commander", "NATO", False) in roles


def test_the_possessor_of_a_time_in_office_holds_the_title_after_as():
    roles = _roles(_analyse("The debate was an opening for Jane Doe to highlight her experience as secretary of "
                            "State under President Karl Vance."))
    assert ("Jane Doe", "secretary of State", "Department of State", False) in roles
