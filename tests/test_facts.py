"""The facts around claims: roles, amounts, claim dates and title fragments (issue 13).

Every sentence here is invented. The language tests run the real model (marked ``model``); the
date resolver and the mapping need none.
"""

import pytest
from rdflib import Graph, Literal

from service.ir import Amount, Article, Entity, EntityKind, RawArticle, Role
from service.mapping import article_dataset
from service.nlp.dates import resolve
from service.vocab import NKG, RDF

BASE = "http://127.0.0.1:5000/"


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


# ------------------------------------------------------------------ dates (no model)

def test_relative_dates_resolve_against_the_publication_date():
    assert resolve("earlier this month", "2022-03-09") == "2022-03"
    assert resolve("two years ago", "2022-03-09") == "2020"
    assert resolve("three days ago", "2022-03-09") == "2022-03-06"
    assert resolve("Monday afternoon", "2022-03-09") == "2022-03-07"
    assert resolve("Saturday's", "2022-03-09") == "2022-03-05"
    assert resolve("in 2003", "2022-03-09") == "2003"


def test_a_week_resolves_to_the_month_of_its_thursday_never_an_iso_week():
    # 2022-03-09 is a Wednesday; last week ran from Feb 28 to Mar 6, its Thursday is Mar 3.
    assert resolve("last week", "2022-03-09") == "2022-03"
    # 2022-02-02: last week ran from Jan 24 to Jan 30.
    assert resolve("last week", "2022-02-02") == "2022-01"
    assert resolve("this week", "2022-03-09") == "2022-03"


# ------------------------------------------------------------------ mapping (no model)

def test_a_former_role_and_what_an_amount_describes_reach_the_graph():
    person = Entity(key="person-jane-doe", kind=EntityKind.PERSON, name="Jane Doe")
    org = Entity(key="organization-acme", kind=EntityKind.ORGANIZATION, name="Acme", aliases=("Acme Group",))
    text = "Jane Doe, a former adviser at Acme, met a 7-year-old girl."
    article = Article(id="facts-1", text=text, entities=(person, org),
                      roles=(Role(person=person.key, title="former adviser", organization=org.key, start=0, end=34,
                                  former=True),),
                      amounts=(Amount(value=7, unit="year", text="7-year-old", start=43, end=53, of="girl",
                                      kind="age"),))
    g = Graph()  # the article's graph and the graphs of the actors it names (their names, classes)
    for t in set().union(*article_dataset(article, base=BASE).values()):
        g.add(t)
    [role] = list(g.subjects(RDF.type, NKG.Role))
    assert g.value(role, NKG.formerRole) == Literal(True)
    [amount] = list(g.subjects(RDF.type, NKG.Amount))
    assert (g.value(amount, NKG.amountOf), g.value(amount, NKG.amountKind)) == (Literal("girl"), Literal("age"))
    [acme] = [s for s in g.subjects(RDF.type, NKG.Organization)]
    assert Literal("Acme Group") in set(g.objects(acme, None))


# ------------------------------------------------------------------ roles (model)

@pytest.mark.model
def test_a_cabinet_title_before_a_name_implies_its_department_and_is_no_entity():
    a = _analyse("The others were Fisheries Secretary Jane Morrow and Tourism Secretary Tom Reed.")
    roles = _roles(a)
    assert ("Jane Morrow", "Fisheries Secretary", "Department of Fisheries", False) in roles
    assert ("Tom Reed", "Tourism Secretary", "Department of Tourism", False) in roles
    dept = next(e for e in a.entities if e.name == "Department of Fisheries")
    assert "Fisheries Department" in dept.aliases
    assert not {n for n, _ in _names(a)} & {"Fisheries", "Tourism"}


@pytest.mark.model
def test_a_portfolio_title_uses_the_department_the_article_names():
    a = _analyse("The Transport Department said the line would close. Transport Secretary Mary Lund "
                 "met union leaders on Monday.")
    assert ("Mary Lund", "Transport Secretary", "Transport Department", False) in _roles(a)


@pytest.mark.model
def test_a_title_before_a_name_and_a_comma_takes_its_possessor():
    a = _analyse("Norway's foreign minister, Erik Dahl, said the talks would resume.")
    assert ("Erik Dahl", "foreign minister", "Norway", False) in _roles(a)


@pytest.mark.model
def test_a_nationality_adjective_gives_the_nations_government_body():
    a = _analyse("The Chilean Authority denied the report. Chilean Foreign Minister Ana Rojas told "
                 "reporters in Lima that the border would stay open.")
    roles = _roles(a)
    assert any(p == "Ana Rojas" and o == "Chilean Authority" for p, _t, o, _f in roles), roles


@pytest.mark.model
def test_an_apposition_after_the_name_marks_a_former_role_and_its_body():
    a = _analyse("\"The plan will fail,\" said Lena Fox, a former adviser at the Brightwater Institute.")
    roles = _roles(a)
    assert ("Lena Fox", "former adviser", "Brightwater Institute", True) in roles


@pytest.mark.model
def test_a_who_was_clause_gives_a_role():
    a = _analyse("Tom Vale, who was director of the Harbor Trust from 2001 to 2005, said the pier was unsafe.")
    assert ("Tom Vale", "director", "Harbor Trust", False) in _roles(a)


@pytest.mark.model
def test_a_sending_title_belongs_to_the_country_that_sends_it():
    a = _analyse("\"The aid will arrive,\" said Anders Lund, the Norwegian ambassador to Kenya.")
    roles = _roles(a)
    assert any(p == "Anders Lund" and o == "Norway" for p, _t, o, _f in roles), roles


# ------------------------------------------------------------------ entity repairs (model)

@pytest.mark.model
def test_title_fragments_group_names_state_abbreviations_and_plural_places():
    a = _analyse("Sen. Amy Carr (Okla.), a member of the panel, spoke at a Group of 8 summit. "
                 "She later attended a fund-raiser in the Catskills with Fisheries Secretary Jane Morrow.")
    names = _names(a)
    assert ("Oklahoma", "Place") in names
    assert ("Group of 8", "Organization") in names
    assert ("Catskills", "Place") in names
    assert not any(n in ("Okla", "Group", "Fisheries") for n, _ in names)


@pytest.mark.model
def test_department_of_x_and_x_department_are_one_body():
    a = _analyse("Officials of the Department of Energy met. The Energy Department said the plant was safe.")
    assert [n for n, k in _names(a) if "Energy" in n] == ["Department of Energy"]


# ------------------------------------------------------------------ amounts (model)

def _amounts(article):
    return {(q.value, q.unit, q.qualifier, q.of, q.kind) for q in article.amounts}


@pytest.mark.model
def test_ages_and_durations_are_amounts():
    a = _analyse("The photo of a 7-year-old girl spread after a 45-minute speech. The talks lasted for "
                 "three hours, more than a week ahead of schedule. The senator, who turned 60 on Sunday, "
                 "spoke. Jane Roe, 42, agreed.")
    got = _amounts(a)
    assert (7, "year", None, "girl", "age") in got
    assert (45, "minute", None, "speech", "duration") in got
    assert (3, "hour", None, None, "duration") in got
    assert (1, "week", "more than", None, "duration") in got
    assert (60, "year", None, None, "age") in got
    assert (42, "year", None, "Roe", "age") in got


@pytest.mark.model
def test_counts_of_people_money_and_harm():
    a = _analyse("Four million Chileans have left, and 2,000 asylum seekers arrived. The fund paid "
                 "NZ $ 5 million and 300,000 euros. The blast killed 12 and wounded 30.")
    got = {(v, u) for v, u, *_ in _amounts(a)}
    assert {(4e6, "Chilean"), (2000, "asylum seeker"), (5e6, "NZD"), (300000, "EUR"), (12, "people"),
            (30, "people")} <= got


@pytest.mark.model
def test_a_number_inside_a_name_is_no_amount():
    a = _analyse("Leaders met at a Group of 8 summit.")
    assert not [q for q in a.amounts if q.value == 8]


@pytest.mark.model
def test_a_year_before_a_singular_noun_names_it_and_a_hyphenated_word_is_counted_whole():
    a = _analyse("In the fluid 2016 presidential primary, many voters are expected to delay casting their ballots. "
                 "The race drew two class-action lawsuits and three long-shot candidates.")
    got = {(x.value, x.unit) for x in a.amounts}
    assert not any(x.value == 2016 for x in a.amounts)
    assert {(2, "class-action lawsuit"), (3, "long-shot candidate")} <= got
    ages = _analyse("The lessons, aimed at 11 to 14-year-olds, will introduce them to copyright.").amounts
    assert not any(ch.isdigit() for x in ages for ch in x.unit)  # a number is no part of the unit's word


@pytest.mark.model
def test_a_nationality_and_a_faith_after_a_or_an_describe_someone_and_name_no_body():
    names = _names(_analyse("The killer was a British Sikh, police said. A Kurdish Workers Party militant was killed."))
    assert not any("Sikh" in n for n, _ in names)
    assert ("Kurdish Workers Party", "Organization") in names  # a name that modifies the noun stays one


@pytest.mark.model
def test_a_bodys_name_goes_on_after_its_head_noun_but_not_into_a_date():
    a = _analyse("Joint Council for the Welfare of Fishermen campaigner Dana Holt spoke. The Centre for Control of "
                 "Iodine Deficiency Disorders agreed. The Acme Foundation on Monday said it would close.")
    names = _names(a)
    assert ("Joint Council for the Welfare of Fishermen", "Organization") in names
    assert ("Centre for Control of Iodine Deficiency Disorders", "Organization") in names
    assert ("Acme Foundation", "Organization") in names
    assert any(r[0] == "Dana Holt" and r[2] == "Joint Council for the Welfare of Fishermen" for r in _roles(a))


# ------------------------------------------------------------------ claim dates (model)

@pytest.mark.model
def test_a_programme_named_like_a_date_does_not_date_a_claim():
    [claim] = _analyse("Dana Holt told ABC's This Week that the plan would fail.").claims
    assert claim.date is None


@pytest.mark.model
def test_a_year_after_the_article_is_not_when_a_claim_was_said():
    [claim] = _analyse("Dana Holt said in 2023 the party will win.").claims  # published 2022-03-09
    assert claim.date is None


@pytest.mark.model
def test_a_claim_takes_a_date_from_its_sentence_but_not_from_a_clause_about_the_speaker():
    a = _analyse("On Tuesday, the mayor of Brookfield told reporters that the bridge would reopen.\n\n"
                 "Dana Holt, who retired in 2009, said the plan would fail.")
    dates = {c.text.split()[1]: c.date for c in a.claims}
    assert dates["bridge"] == "2022-03-08"
    assert dates["plan"] is None


@pytest.mark.model
def test_a_quotation_that_goes_on_keeps_the_date_of_the_claim_before_it():
    a = _analyse("Dana Holt said on Monday that the plan would fail. \"We warned them,\" she said.")
    assert [c.date for c in sorted(a.claims, key=lambda c: c.start)] == ["2022-03-07", "2022-03-07"]


@pytest.mark.model
def test_a_pronoun_or_the_same_surname_keeps_the_paragraph_date():
    a = _analyse("Ambassador Tom Reed told reporters Monday that he had not been asked about the post. "
                 "\"Nobody has called me,\" he said.\n\n"
                 "Last Friday, Dana Holt told a crowd in Brookfield that the mill would close. "
                 "\"It is over,\" Holt said.")
    dates = {c.text.split()[0].strip('"'): c.date for c in a.claims}
    assert dates["Nobody"] == "2022-03-07"
    assert dates["It"] == "2022-03-04"


@pytest.mark.model
def test_a_dated_act_of_saying_dates_that_speakers_claims_after_it():
    a = _analyse("Dana Holt's assertion Monday that the dam is unsafe drew rebukes from engineers.\n\n"
                 "Holt also said that the county had ignored three reports.\n\n"
                 "Tom Reed, an engineer, said the dam is sound.")
    dates = {c.text.split()[1]: c.date for c in a.claims}
    assert dates["county"] == "2022-03-07"
    assert dates["dam"] is None  # another speaker's claim is not dated by it


@pytest.mark.model
def test_a_date_inside_another_claim_is_not_when_this_one_was_said():
    a = _analyse("Dana Holt said the council approved the budget Friday and added: \"We have never been "
                 "so close.\"")
    [added] = [c for c in a.claims if c.text.startswith("We")]
    assert added.date is None


@pytest.mark.model
def test_a_bare_national_office_is_held_in_the_home_country_the_article_names(monkeypatch):
    text = ("President Dana Holt met U.S. trade officials on Monday. Sen. Tom Reed (Ore.) said the talks "
            "went well. The rebels fought the government of President Karl Vance.")
    roles = _roles(_analyse(text))
    assert ("Dana Holt", "President", "U.S.", False) in roles
    assert ("Tom Reed", "Senator", "U.S.", False) in roles
    assert ("Karl Vance", "President", None, False) in roles  # a foreign government's leader
    # Another outlet's country, named in the article, holds it instead; unnamed, it holds nothing.
    monkeypatch.setenv("NEWSKG_HOME_COUNTRY", "Valdoria, Valdorian Republic")
    assert ("Dana Holt", "President", None, False) in _roles(_analyse(text))
    assert ("Dana Holt", "President", "Valdoria", False) in _roles(_analyse(text + " Valdoria hosted them."))


@pytest.mark.model
def test_the_home_country_holds_only_its_own_offices_and_never_another_nations_or_a_companys(monkeypatch):
    text = ("Prime Minister Dana Holt met U.S. trade officials on Monday. The Valdorian president, Karl Vance, "
            "also met them. \"Sales are up,\" said Tom Reed, a senior vice president. Since President Jane Morrow "
            "took office, U.S. exports rose.")
    roles = _roles(_analyse(text))
    assert ("Dana Holt", "Prime Minister", None, False) in roles  # the home country has no such office
    assert ("Karl Vance", "Valdorian president", None, False) in roles  # Valdoria's, not named: no body
    assert ("Tom Reed", "senior vice president", None, False) in roles  # a company's post
    assert ("Jane Morrow", "President", "U.S.", False) in roles  # "Since" is no part of the title
    monkeypatch.setenv("NEWSKG_HOME_OFFICES", "president, prime minister")
    assert ("Dana Holt", "Prime Minister", "U.S.", False) in _roles(_analyse(text))


@pytest.mark.model
def test_a_title_held_for_another_person_or_by_another_person_is_not_the_named_persons():
    roles = _roles(_analyse("\"We will win,\" said Dana Holt, a spokeswoman for Tom Reed. Karl Vance, field director "
                            "for Reed, agreed. The mayor attacked Jane Morrow, Senator Tom Reed's wife."))
    assert ("Dana Holt", "spokeswoman", None, False) in roles
    assert ("Karl Vance", "field director", None, False) in roles
    assert ("Tom Reed", "Senator", None, False) in roles
    assert not any(r[0] == "Tom Reed" and r[1] != "Senator" for r in roles)  # not his spokeswoman or director
    assert not any(r[0] == "Jane Morrow" for r in roles)  # her husband's title
    roles = _roles(_analyse("\"It is hard,\" said Paul Reed, a spokesman for the Holt super PAC that backs Dana Holt."))
    assert ("Paul Reed", "spokesman", "Holt super PAC", False) in roles  # a name inside the body keeps the title


@pytest.mark.model
def test_a_title_word_describing_a_group_before_names_is_no_ones_title():
    roles = _roles(_analyse("The deal needs the approval of major shareholders Karl Vance and Jane Morrow."))
    assert not any(r[0] in ("Karl Vance", "Jane Morrow") for r in roles)


@pytest.mark.model
def test_a_company_named_after_a_country_in_a_title_is_the_body_not_the_country():
    roles = _roles(_analyse("Dana Holt, chief executive of US firm Snapgrid Systems, said sales rose."))
    assert ("Dana Holt", "chief executive", "Snapgrid Systems", False) in roles


@pytest.mark.model
def test_a_bare_office_takes_the_country_given_elsewhere_and_title_words_that_begin_a_named_body():
    a = _analyse("Valdoria voted. The Valdorian president, Karl Vance, spoke first in the U.S. capital. Later "
                 "President Karl Vance left. National security adviser Jane Morrow briefed the National Security "
                 "Board on Monday.")
    roles = _roles(a)
    assert ("Karl Vance", "President", "Valdoria", False) in roles  # not the home country the article names
    assert ("Jane Morrow", "National security adviser", "National Security Board", False) in roles


@pytest.mark.model
def test_a_title_ending_a_prepositional_phrase_before_a_speaking_name_is_no_apposition():
    a = _analyse("\"The record is clear\" on that point, more than the account of the bank chief, Tom Reed said. "
                 "Jane Doe, Director of the Fisheries Survey, and Chairman of the Coastal Water Board, spoke.")
    roles = _roles(a)
    assert not any(r[0] == "Tom Reed" for r in roles)
    assert any(r[0] == "Jane Doe" and r[1].lower().startswith("chairman") for r in roles)


@pytest.mark.model
def test_a_title_serving_another_office_takes_that_offices_body():
    roles = _roles(_analyse("\"It is late,\" said Dana Holt, a former speechwriter to Fisheries Secretary Tom Reed. "
                            "Karl Vance, a top trade adviser to then-President Jane Morrow, disagreed in the U.S. press."))
    assert ("Dana Holt", "former speechwriter to Fisheries Secretary", "Department of Fisheries", True) in roles
    assert any(r[0] == "Karl Vance" and r[1].startswith("top trade adviser") and r[2] == "U.S." for r in roles)


@pytest.mark.model
def test_a_proper_noun_before_a_bodys_own_title_is_that_body():
    roles = _roles(_analyse("The app drew praise from US President Dana Holt to Snapgrid creator Tom Reed."))
    assert ("Tom Reed", "Snapgrid creator", "Snapgrid", False) in roles
    assert not any(r[2] == "Vice" for r in _roles(_analyse("Vice President Jane Morrow met Tesla CEO Dana Holt.")))
    roles = _roles(_analyse("The panel was led by Emeritus Professor Tom Reed."))
    assert not any(r[0] == "Tom Reed" and r[2] == "Emeritus" for r in roles)


@pytest.mark.model
def test_an_untagged_named_office_and_an_editors_bracketed_title():
    a = _analyse("Dana Holt, a representative for the Brookfield Sheriff's office, said the case was closed. "
                 "\"Every pilot, including [former Brookfield Air Museum CEO] Tom Reed, trained here,\" she said.")
    roles = _roles(a)
    assert ("Dana Holt", "representative", "Brookfield Sheriff's office", False) in roles
    assert any(r[0] == "Tom Reed" and r[1].endswith("CEO") and r[3] for r in roles)


@pytest.mark.model
def test_resigning_as_a_minister_is_a_former_role_and_a_ministry_is_also_a_department():
    roles = _roles(_analyse("In May, Dana Holt was forced to resign as Fisheries minister after the leak."))
    assert ("Dana Holt", "Fisheries minister", "Ministry of Fisheries", True) in roles
    a = _analyse("In May, Dana Holt was forced to resign as Fisheries minister after the leak.")
    [ministry] = [e for e in a.entities if e.name == "Ministry of Fisheries"]
    assert "Department of Fisheries" in ministry.aliases


@pytest.mark.model
def test_a_lone_surname_takes_its_first_name_and_a_conference_is_no_person():
    a = _analyse("After the leak, CEO of the Migrant Council Enver Haddad told Sky News any process must be well "
                 "thought out. The secretary general of VBC (Valdorian Bishops Conference), Tomas Brel, called it "
                 "dangerous.")
    names = _names(a)
    assert ("Enver Haddad", "Person") in names and ("Haddad", "Person") not in names
    assert ("Valdorian Bishops Conference", "Person") not in names
    roles = _roles(a)
    assert ("Enver Haddad", "CEO", "Migrant Council", False) in roles
    assert ("Tomas Brel", "secretary general", "VBC", False) in roles


@pytest.mark.model
def test_an_organisation_keeps_a_first_word_that_is_an_honorific_elsewhere():
    names = _names(_analyse("Fiat ended its alliance with General Motors last year."))
    assert ("General Motors", "Organization") in names


@pytest.mark.model
def test_numbers_that_name_or_pick_out_are_no_counts_but_casualties_and_ranges_are():
    a = _analyse("Dana Holt said in a 911 call that the 2011 floods had ruined the town. Holt became one of the "
                 "mayor's closest aides. Officials said seven people were killed and 59 wounded. Holt had talked "
                 "of staying on for a month to three months, and she spent their last four years in the council.")
    got = {(x.value, x.unit) for x in a.amounts}
    assert (911, "call") not in got and (2011, "flood") not in got
    assert not any(x.value == 1 and x.text.lower() == "one" for x in a.amounts)
    assert {(7, "people"), (59, "people"), (3, "month"), (4, "year")} <= got


@pytest.mark.model
def test_abbreviated_ranks_are_written_out_and_a_service_rank_does_not_replace_a_civil_title():
    roles = _roles(_analyse("\"We are ready,\" said Harbor Authority spokesman Navy Capt. Dana Holt. \"I disagree,\" "
                            "said retired Air Force Lt. Gen. Tom Reed."))
    assert ("Dana Holt", "Harbor Authority spokesman", "Harbor Authority", False) in roles
    assert any(r[0] == "Tom Reed" and r[1].endswith("Lt. General") for r in roles)


@pytest.mark.model
def test_clauses_joined_before_one_cue_are_one_claim_said_on_the_day_reported():
    # published that Saturday: what happened then and the day before was reported that day
    a = _analyse("Two soldiers were killed by a roadside bomb north of the capital Saturday, and two guards died "
                 "near the border the day before, the army said.", published="2022-03-05")
    [claim] = a.claims
    assert claim.text.startswith("Two soldiers") and claim.text.endswith("the day before")
    assert claim.date == "2022-03-05"


@pytest.mark.model
def test_a_claim_about_something_done_on_the_publication_day_was_said_that_day():
    # Published on a Saturday: what happened "Saturday" was reported after it and before the article.
    a = _analyse("A bridge over the Valdor River collapsed Saturday, the police said.\n\n"
                 "The council will vote on the budget Saturday, the mayor said.\n\n"
                 "The harbor ferry was put back into service Thursday, the mayor said.", published="2022-03-12")
    dates = {c.text.split()[1]: c.date for c in a.claims}
    assert dates["bridge"] == "2022-03-12"
    assert dates["council"] is None  # still to come: it could have been announced any day before
    assert dates["harbor"] is None   # an earlier day: said then or any day after


# ------------------------------------------------------------------ entity names (model)

@pytest.mark.model
def test_an_embassy_is_a_body_named_with_its_city():
    names = _names(_analyse("Guards alerted the base and the French Embassy in Brookfield. The embassy did not answer."))
    assert ("French Embassy in Brookfield", "Organization") in names
    assert not [n for n in names if n[0] == "French Embassy"]


@pytest.mark.model
def test_a_branch_named_in_an_apposition_keeps_its_place_but_a_body_with_the_does_not():
    names = _names(_analyse("The town fell when the precursor to the rebel army, Harbor Front in Valdoria, was strong."))
    assert ("Harbor Front in Valdoria", "Organization") in names
    names = _names(_analyse("Its partner, the Red Cross in Valdoria, said the road was closed."))
    assert not [n for n in names if n[0].endswith("in Valdoria")]


@pytest.mark.model
def test_a_dotted_acronym_is_the_place_the_article_names_in_full():
    a = _analyse("The United States and Brazil signed the pact. Later, U.S. negotiators went home.")
    [us] = [e for e in a.entities if e.kind.value == "Place" and e.name in ("United States", "U.S.")]
    assert us.name == "United States" and {m.text for m in us.mentions} == {"United States", "U.S."}


@pytest.mark.model
def test_a_name_inside_a_quoted_title_is_no_actor_and_an_apposition_can_name_a_group():
    names = _names(_analyse("Dana Holt told \"Morgan and Friends\" that she would run."))
    assert names == {("Dana Holt", "Person")}  # not "Morgan" nor "Friends": a show's title
    names = _names(_analyse("The vote was close.\n\nHarbor Watch PAC, an outside conservative group, is blasting out "
                            "letters about the mayor's role in the deal."))
    assert ("Harbor Watch PAC", "Organization") in names


@pytest.mark.model
def test_a_nationality_and_a_faith_together_are_no_organisation():
    names = _names(_analyse("A Turkish Christian who runs the bakery said the street was calm."))
    assert not [n for n in names if n[1] == "Organization"]


@pytest.mark.model
def test_a_nationality_title_is_held_in_the_country_the_article_names_by_its_short_name():
    a = _analyse("U.S. troops left the port on Monday. The American ambassador, Dana Holt, said the talks had failed.")
    assert _roles(a) == {("Dana Holt", "American ambassador", "U.S.", False)}
    assert [e.name for e in a.entities if e.kind.value == "Place"] == ["U.S."]  # no second node for the country


@pytest.mark.model
def test_vague_numbers_measures_of_one_ages_by_decade_and_both_ends_of_a_change():
    a = _analyse("The navy plans to raise its sailor strength from 12,000 to about 15,000 by spring. "
                 "The guards waited under a kilometre from the gate. The old pilot, now in her late 50s, flew on. "
                 "Thousands of farmers marched, and thousands of acres burned.")
    got = _amounts(a)
    assert (12000, "sailor", None, None, None) in got and (15000, "sailor", "about", None, None) in got
    assert (1, "kilometre", "under", None, None) in got
    assert (50, "year", "late", None, "age") in got
    assert (1000, "farmer", "more than", None, None) in got
    assert (1000, "acre", "more than", None, None) in got


def _parsed(words, pos, deps, heads):
    """A parsed sentence without the model: words with their part of speech, dependency and head."""
    from spacy.lang.en import English
    from spacy.tokens import Doc

    return Doc(English().vocab, words=words, pos=pos, deps=deps, heads=heads,
               lemmas=[w.lower() for w in words])


def test_an_apposition_makes_a_group_of_untagged_words_only_when_it_is_a_common_noun_for_one():
    from service.nlp.entity_spans import _untagged_bodies

    group = _parsed(["Harbor", "Watch", "PAC", ",", "an", "outside", "group", ",", "wrote", "."],
                    ["PROPN", "PROPN", "PROPN", "PUNCT", "DET", "ADJ", "NOUN", "PUNCT", "VERB", "PUNCT"],
                    ["compound", "compound", "nsubj", "punct", "det", "amod", "appos", "punct", "ROOT", "punct"],
                    [2, 2, 8, 2, 6, 6, 2, 2, 8, 8])
    assert [(group[s:e].text, label) for s, e, label in _untagged_bodies(group)] == [("Harbor Watch PAC", "ORG")]
    # The parser hung a named body on a person's name: "Jane Doe, the Association of X's spokesman".
    person = _parsed(["Dana", "Holt", ",", "the", "Association", "of", "Clerks", "'", "spokesman", ",", "spoke", "."],
                     ["PROPN", "PROPN", "PUNCT", "DET", "PROPN", "ADP", "PROPN", "PART", "NOUN", "PUNCT", "VERB",
                      "PUNCT"],
                     ["compound", "nsubj", "punct", "det", "appos", "prep", "poss", "case", "pobj", "punct", "ROOT",
                      "punct"],
                     [1, 10, 1, 4, 1, 4, 8, 6, 5, 1, 10, 10])
    assert _untagged_bodies(person) == []


@pytest.mark.model
def test_a_name_between_two_quotations_is_no_title():
    names = _names(_analyse("Dana Holt: \"We are ready to vote.\" Tom Reed: \"We agree with the plan.\""))
    assert {("Dana Holt", "Person"), ("Tom Reed", "Person")} <= names  # a speaker between two quotations


@pytest.mark.model
def test_an_age_after_she_was_a_count_a_toll_gives_and_an_age_run_into_a_duration():
    a = _analyse("Her family moved her to Brookfield when she was six so they could be near the mill. "
                 "If the storm had hit at noon, the death toll would have been more than a thousand. "
                 "Dana Holt was sent to the camp aged nineteen for three weeks as a teenager.")
    got = _amounts(a)
    assert (6, "year", None, None, "age") in got and not [q for q in got if q[1] == "family"]
    assert (1000, "death", "more than", None, None) in got
    assert (19, "year", None, None, "age") in got and (3, "week", None, None, "duration") in got


@pytest.mark.model
def test_a_document_says_what_it_says_when_it_is_published():
    a = _analyse("The results of the Brookfield Water Survey published in the Valdor Gazette this week, revealed that "
                 "the river is clean.\n\nDana Holt, who retired in 2009, said the plan would fail.")
    dates = {c.text.split()[1]: c.date for c in a.claims}
    assert dates["river"] == "2022-03"  # "this week", as a month
    assert dates["plan"] is None


@pytest.mark.model
def test_a_title_that_ends_its_sentence_is_held_by_the_person_quoted_by_name_next():
    roles = _roles(_analyse("The plan drew criticism from a former trade minister who served the last government.\n\n"
                            "\"It will not work,\" Dana Holt told the Valdor Gazette."))
    assert roles == {("Dana Holt", "former trade minister", "Ministry of Trade", True)}
    # Not a title in the middle of its sentence, nor one in the same paragraph as the quotation, nor
    # another person's apposition.
    assert not _roles(_analyse("The mayor met a lawyer at noon.\n\n\"The deal is off,\" said Dana Holt."))
    assert not _roles(_analyse("Messages are relayed via an operator. \"In the past, I used textphones,\" said Dana "
                               "Holt who is taking part."))
    assert ("Dana Holt", "leading expert on codes", None, False) not in _roles(_analyse(
        "The case is backed by Tom Reed - a former historian, and a leading expert on codes.\n\n\"I believe the state "
        "took what Dana Holt had,\" he said."))
