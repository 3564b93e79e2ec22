"""Roles whose body the title does not name (issue 13, round 3): staff of another person, a body
taken up by a common noun, a service rank, an office in a relative clause, an apposition the parser
hung elsewhere, an envoy serving under presidents, a plural title before a list of names, a
nameless title in an earlier sentence, a time in office; and the names these rules read.

Every sentence here is invented; all tests run the real model.
"""

import pytest

from tests.test_facts import _analyse, _names, _roles

pytestmark = pytest.mark.model


def test_a_staff_title_after_a_pronoun_serves_that_persons_administration():
    a = _analyse("The Morrow administration praised the deal. President Jane Morrow thanked her economic adviser, "
                 "Dana Holt, on Friday.")
    assert ("Morrow administration", "Organization") in _names(a)
    assert ("Dana Holt", "economic adviser", "Morrow administration", False) in _roles(a)


def test_a_staff_title_takes_the_body_of_the_person_it_serves_but_a_lawyer_does_not():
    roles = _roles(_analyse("Acme Council chair Ann Lee will leave in May, and her press aide, Tom Reed, will go too."))
    assert ("Ann Lee", "Acme Council chair", "Acme Council", False) in roles
    assert ("Tom Reed", "press aide", "Acme Council", False) in roles
    roles = _roles(_analyse("Acme Council chair Ann Lee will leave in May. Her lawyer, Tom Reed, declined to comment."))
    assert ("Tom Reed", "lawyer", None, False) in roles


def test_the_group_is_the_organisation_named_before_it_and_no_committee():
    a = _analyse("A lobby group called Harbor First paid for ads before the Senate Fisheries committee met. "
                 "\"It is weak,\" said Tom Reed, a spokesman for the group. The money came from a PAC named "
                 "Harbor First.")
    names = _names(a)
    assert ("Harbor First", "Organization") in names
    assert ("Senate Fisheries committee", "Organization") in names
    assert not any(n == "PAC" for n, _ in names)  # "a PAC named X" names X, not "PAC"
    assert ("Tom Reed", "spokesman", "Harbor First", False) in _roles(a)
    a = _analyse("In July, the ACLU called for a moratorium on new prisons, its director said.")
    assert ("ACLU", "Organization") in _names(a)  # "called for" names nothing
    assert any(c.text.startswith("a moratorium") or "moratorium" in c.text for c in a.claims)


def test_a_service_rank_after_a_civil_title_is_a_role_in_that_service():
    a = _analyse("\"We are ready,\" said Harbor Authority spokesman Navy Capt. Dana Holt. Gunmen injured two "
                 "guards, Staff Sgt. Tom Reed said.")
    roles = _roles(a)
    assert ("Dana Holt", "Harbor Authority spokesman", "Harbor Authority", False) in roles
    assert ("Dana Holt", "Navy Captain", "Navy", False) in roles
    assert ("Tom Reed", "Staff Sergeant", None, False) in roles  # "Staff" is part of the rank
    assert not any(n == "Staff" for n, _ in _names(a))


def test_an_office_in_a_relative_clause_is_held_in_the_appositions_body():
    roles = _roles(_analyse("Jane Doe, a veteran of the Acme Agency who retired as its deputy director in 2019, "
                            "said the plan is weak."))
    assert ("Jane Doe", "veteran", "Acme Agency", False) in roles
    assert ("Jane Doe", "deputy director", "Acme Agency", True) in roles  # retired from it
    roles = _roles(_analyse("Jane Doe, an Acme Board veteran who served as treasurer until 2019, said it is weak."))
    assert ("Jane Doe", "treasurer", "Acme Board", False) in roles


def test_an_apposition_hung_on_an_earlier_noun_is_still_the_names():
    roles = _roles(_analyse("The report praised the hospital and Tom Reed, a former Army officer who worked there "
                            "for years."))
    assert ("Tom Reed", "former Army officer", "Army", True) in roles


def test_an_envoy_under_presidents_serves_their_national_office():
    roles = _roles(_analyse("Grant Vale, a trade envoy under Presidents Karl Vance and Jane Morrow, met U.S. "
                            "officials."))
    assert ("Grant Vale", "trade envoy", "U.S.", False) in roles


def test_a_plural_title_before_a_list_of_names_is_each_ones():
    roles = _roles(_analyse("Three NATO officers, Glen Vale and Tom Reed, led the talks."))
    assert ("Glen Vale", "NATO officers", "NATO", False) in roles
    assert ("Tom Reed", "NATO officers", "NATO", False) in roles


def test_a_nameless_title_in_the_sentence_before_gives_the_body():
    roles = _roles(_analyse("The NATO commander visited troops on Friday. \"We are ready,\" said Adm. Tom Reed, "
                            "the allied commander in the Baltic."))
    assert ("Tom Reed", "allied commander", "NATO", False) in roles


def test_the_possessor_of_a_time_in_office_holds_the_title_after_as():
    roles = _roles(_analyse("Jane Doe spoke fondly of her years as Fisheries minister."))
    assert ("Jane Doe", "Fisheries minister", "Ministry of Fisheries", False) in roles


def test_towns_the_model_calls_nationalities_untagged_rivers_and_numbered_units():
    names = _names(_analyse("Shells fell on the far side of the Valdor River. Police in the town of Qarsim came "
                            "under attack, and jets struck near Beledra. The blast hit the 3rd Lancer Division."))
    assert {("Valdor River", "Place"), ("Qarsim", "Place"), ("Beledra", "Place"),
            ("3rd Lancer Division", "Organization")} <= names
    names = _names(_analyse("The shuttle went to the Harbor Sea-Air-Land Museum in Boston."))
    assert not any(n == "Harbor Sea" for n, _ in names)


def test_others_count_what_the_clause_before_named_and_a_range_of_minutes_has_two_ends():
    a = _analyse("A mine killed a guard near Qarsim and wounded four others on Sunday. The repair took a solid "
                 "25 to 28 minutes, and the talks ran between two and three hours.")
    got = {(x.value, x.unit) for x in a.amounts}
    assert (4, "guard") in got and (4, "other") not in got
    assert {(25, "minute"), (28, "minute"), (2, "hour"), (3, "hour")} <= got
