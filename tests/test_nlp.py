"""The language stage on real text through the real model (marked ``model``)."""

import pytest

from service.ir import ClaimKind, EntityKind, RawArticle
from service.nlp import analyse

pytestmark = pytest.mark.model


def _by_name(article, name):
    return next(e for e in article.entities if e.name == name)


def test_nlp_direct_quote_speaker_and_role():
    raw = RawArticle(text="“The bridge will reopen next week,” said Maria Lopez, the director of the Port Authority. "
                          "“We are confident,” she added.", published="2020-05-06")
    a = analyse(raw)
    direct = [c for c in a.claims if c.kind is ClaimKind.DIRECT]
    assert [c.text for c in direct] == ["The bridge will reopen next week", "We are confident"]
    lopez = _by_name(a, "Maria Lopez")
    assert all(c.speakers == (lopez.key,) for c in direct)
    [role] = a.roles
    assert (role.person, role.title) == (lopez.key, "director")
    assert a.entity(role.organization).name == "Port Authority"


def test_nlp_indirect_speech_surname_merge_and_date():
    raw = RawArticle(text="Prime Minister Alan Brook spoke in Paris. Mr. Brook said on Monday that the treaty "
                          "would be signed by the end of the year.", published="2021-03-05")
    a = analyse(raw)
    brook = _by_name(a, "Alan Brook")
    assert brook.kind is EntityKind.PERSON
    [claim] = [c for c in a.claims if c.kind is ClaimKind.INDIRECT]
    assert claim.speakers == (brook.key,)
    assert claim.text.startswith("the treaty would be signed")
    assert claim.date == "2021-03-01"
    paris = _by_name(a, "Paris")
    assert paris.kind is EntityKind.PLACE


def test_nlp_according_to_and_unnamed_group_speaker():
    raw = RawArticle(text="The factory will close in March, according to company officials. "
                          "Local officials said the town would lose 400 jobs.")
    a = analyse(raw)
    kinds = {c.kind for c in a.claims}
    assert ClaimKind.ACCORDING_TO in kinds and ClaimKind.INDIRECT in kinds
    speakers = {a.entity(k).name for c in a.claims for k in c.speakers}
    assert {"company officials", "Local officials"} <= speakers
    assert all(not a.entity(k).named for c in a.claims for k in c.speakers)
    [amount] = a.amounts
    assert (amount.value, amount.unit) == (400, "job")


def test_nlp_sample_article_extracts_claims_and_metadata(sample_article):
    a = sample_article
    assert a.published == "2016-12-09" and a.authors == ("Eric Schmitt",)
    assert len(a.claims) >= 15
    named_speakers = {a.entity(k).name for c in a.claims for k in c.speakers if a.entity(k).named}
    assert len(named_speakers) >= 5
    # Text that is not the article never becomes an entity.
    assert "Related Articles" not in a.text and "contributed reporting" not in a.text


def test_nlp_untagged_surname_subject_joins_the_full_name():
    raw = RawArticle(text="Steve Whitmore, a representative for the county, spoke on Monday. "
                          "Whitmore stated the suspect left the building before noon.")
    a = analyse(raw)
    [claim] = [c for c in a.claims if c.text.startswith("the suspect left")]
    assert a.entity(claim.speakers[0]).name == "Steve Whitmore"


def test_nlp_title_before_name_and_metadata_actors():
    raw = RawArticle(text="Gunmen injured two policemen in an attack, according to police Maj. Sadoon Ahmed Matroud.",
                     publisher="The Daily Planet", reported_from=("Mosul",))
    a = analyse(raw)
    [claim] = a.claims
    assert [a.entity(k).name for k in claim.speakers] == ["Sadoon Ahmed Matroud"]
    names = {(e.name, e.kind) for e in a.entities}
    assert ("The Daily Planet", EntityKind.ORGANIZATION) in names and ("Mosul", EntityKind.PLACE) in names
    assert not any(e.name.lower().startswith(("police", "maj")) for e in a.entities)


def test_nlp_a_blank_line_ends_a_sentence():
    raw = RawArticle(text="Smooth transition\n\nSeveral senior officials said the handover would be quick.")
    a = analyse(raw)
    [claim] = a.claims
    assert a.entity(claim.speakers[0]).name == "Several senior officials"


def test_nlp_aliases_acronyms_and_known_as_are_one_entity():
    raw = RawArticle(text="The Southern Transit Authority (STA) raised fares on Monday. The STA said the rise was needed. "
                          "The port of Marsa, also known as Marsa Bay, was closed.")
    a = analyse(raw)
    sta = [e for e in a.entities if e.kind is EntityKind.ORGANIZATION and "STA" in (e.name, *e.aliases)]
    assert len(sta) == 1 and sta[0].name == "Southern Transit Authority"
    [claim] = [c for c in a.claims if c.text.startswith("the rise")]
    assert claim.speakers == (sta[0].key,)


def test_nlp_split_multi_paragraph_and_unopened_quotations():
    text = ("“The harbour will reopen,” the mayor, Ana Ruiz, said, “but not before spring.”\n\n"
            "Ruiz also spoke about the budget. “We have found the money for the first phase.\n\n"
            "“The second phase will need help from the capital,” she said.\n\n"
            "Nobody expected the delay to last this long,” said Tomas Vik, a local shop owner.")
    a = analyse(RawArticle(text=text))
    texts = {c.text: [a.entity(k).name for k in c.speakers] for c in a.claims if c.kind is ClaimKind.DIRECT}
    assert texts["The harbour will reopen but not before spring."] == ["Ana Ruiz"]
    multi = next(t for t in texts if t.startswith("We have found the money"))
    assert "second phase will need help" in multi and texts[multi] == ["Ana Ruiz"]
    assert texts["Nobody expected the delay to last this long"] == ["Tomas Vik"]
    [role] = [r for r in a.roles if a.entity(r.person).name == "Tomas Vik"]
    assert role.title == "local shop owner"


def test_nlp_he_said_far_from_any_name_is_the_last_person_quoted():
    text = ("“We will reopen the port,” said Maria Lopez, the harbour master.\n\n"
            "The strike began after Samir Haddad was dismissed in March. Dock workers marched through the city. "
            "Shops closed early.\n\n"
            "She said the port would reopen anyway.")
    a = analyse(RawArticle(text=text))
    [claim] = [c for c in a.claims if c.text.startswith("the port would reopen anyway")]
    assert [a.entity(k).name for k in claim.speakers] == ["Maria Lopez"]


def test_nlp_short_form_of_an_organisation_is_the_organisation():
    text = "The Nusra Front seized the town on Monday. Nusra said it would hold the town through the winter."
    a = analyse(RawArticle(text=text))
    [claim] = a.claims
    speaker = a.entity(claim.speakers[0])
    assert (speaker.name, speaker.kind) == ("Nusra Front", EntityKind.ORGANIZATION)
    assert not any(e.name == "Nusra" for e in a.entities)


def test_nlp_quotation_inside_the_clause_of_an_earlier_cue_is_that_speaker():
    text = ("Judge Hana Okafor heard the case in March. Mr. Petrov also told the jury that, over the winter, "
            "“the pumps failed every week and the council knew this.” However, the mayor continued to ignore "
            "the warnings from engineers.")
    a = analyse(RawArticle(text=text))
    [claim] = [c for c in a.claims if c.text.startswith("the pumps failed")]
    assert [a.entity(k).name for k in claim.speakers] == ["Petrov"]


def test_nlp_quotation_after_a_paragraph_ending_with_a_colon_cue():
    text = ("Rain fell on the city all week and the river rose.\n\n"
            "Mayor Ines Duarte wrote on her official account:\n\n"
            "“We will open the shelters tonight. Nobody should sleep outside.”\n\n"
            "Tomas Berg, a council member, said the shelters were too small.")
    a = analyse(RawArticle(text=text))
    [claim] = [c for c in a.claims if c.text.startswith("We will open the shelters")]
    assert [a.entity(k).name for k in claim.speakers] == ["Ines Duarte"]


def test_nlp_according_to_a_name_without_a_comma():
    text = "Lena Vogt runs the clinic. According to Vogt the Norfeld hospital records were lost in the flood last spring."
    a = analyse(RawArticle(text=text))
    [claim] = [c for c in a.claims if c.kind is ClaimKind.ACCORDING_TO]
    assert [a.entity(k).name for k in claim.speakers] == ["Lena Vogt"]
    assert claim.text.startswith("the Norfeld hospital records were lost")
    assert not any(" the " in e.name for e in a.entities)


def test_nlp_people_described_by_a_noun_can_find_things():
    text = ("A team at Norwell University studied river water for two years. The researchers found that farm "
            "runoff caused most of the algae blooms in the delta. The data show a steady rise in nitrates.")
    a = analyse(RawArticle(text=text))
    [claim] = a.claims
    assert claim.text == "farm runoff caused most of the algae blooms in the delta"
    assert [a.entity(k).name for k in claim.speakers] == ["researchers"]


def test_nlp_straight_quote_glued_to_a_comma_opens_a_quotation():
    text = ("Rosa Linde opened the new library on Monday. Linde also said the reading rooms would stay open "
            'late," For example, students can use them until midnight during exams". The building cost four '
            "million dollars.")
    a = analyse(RawArticle(text=text))
    texts = {c.text: [a.entity(k).name for k in c.speakers] for c in a.claims}
    assert texts["the reading rooms would stay open late"] == ["Rosa Linde"]
    assert texts["For example, students can use them until midnight during exams"] == ["Rosa Linde"]


def test_nlp_organisation_named_in_apposition_to_a_common_noun_is_the_speaker():
    text = ("Browsers are under attack this spring. The Internet security firm Corvex.com, has said that as of "
            "May 2, 2012, the old browser has 212 known flaws.")
    a = analyse(RawArticle(text=text))
    [claim] = a.claims
    assert [a.entity(k).name for k in claim.speakers] == ["Corvex.com"]


def test_nlp_institutions_and_web_pages_named_by_a_common_noun_speak():
    text = ("A folder of budget papers was found on a bus in Marlow. The government then says it was not "
            "particularly sensitive. Prices rose by 4 percent, according to the agency website.")
    a = analyse(RawArticle(text=text))
    texts = {c.text: [a.entity(k).name for k in c.speakers] for c in a.claims}
    assert texts == {"it was not particularly sensitive": ["government"], "Prices rose by 4 percent": ["agency website"]}
    assert all(a.entity(k).kind is EntityKind.ORGANIZATION for c in a.claims for k in c.speakers)


def test_nlp_surname_that_is_also_a_city_is_a_person_when_described_as_one():
    text = ("Nadia Paris, a former nurse, has claimed that the clinic kept her passport for a year. "
            "Paris was born in Peru. Paris claims that she was never paid for her work.")
    a = analyse(RawArticle(text=text))
    nadia = _by_name(a, "Nadia Paris")
    assert nadia.kind is EntityKind.PERSON
    assert not any(e.name == "Paris" for e in a.entities)
    assert all(c.speakers == (nadia.key,) for c in a.claims) and len(a.claims) == 2


def test_nlp_misparsed_subject_of_several_words_is_the_name_before_the_verb():
    text = "Vantro co-founder Lisa Marden tweeted to Kofi Asante and said the boy was welcome to visit the lab."
    a = analyse(RawArticle(text=text))
    [claim] = a.claims
    assert claim.text == "the boy was welcome to visit the lab"
    assert [a.entity(k).name for k in claim.speakers] == ["Lisa Marden"]


def test_nlp_a_court_ruling_that_is_a_claim_of_the_court():
    a = analyse(RawArticle(text="A Danish court has ruled that fishermen from the island may now sell their catch "
                                "at the old harbour. The council rules the island."))
    [claim] = a.claims
    assert claim.text.startswith("fishermen from the island may now sell")
    assert [a.entity(k).name for k in claim.speakers] == ["Danish court"]


def test_nlp_job_word_before_a_name_parsed_apart_from_it():
    a = analyse(RawArticle(text="Attendance rose to 9,000 visitors in 2011, according to curator Elaine Vandermeer."))
    [claim] = a.claims
    assert claim.text == "Attendance rose to 9,000 visitors in 2011"
    assert [a.entity(k).name for k in claim.speakers] == ["Elaine Vandermeer"]


def test_nlp_as_x_told_y_introduces_the_main_clause():
    a = analyse(RawArticle(text="As Ruth Adeyemi told reporters, the river has become much cleaner since the new law."))
    [claim] = a.claims
    assert claim.text == "the river has become much cleaner since the new law"
    assert [a.entity(k).name for k in claim.speakers] == ["Ruth Adeyemi"]


def test_nlp_a_cited_line_with_its_source_after_a_dash():
    text = ('Councillor Ana Petrov said the papers were public anyway.\n\n'
            '"Budget papers left on a city bus" — Harbour Daily News, March 3, 2019\n\n'
            '"Council says lost papers were not secret" — The Valley Courier, March 4, 2019')
    a = analyse(RawArticle(text=text))
    texts = {c.text: [a.entity(k).name for k in c.speakers] for c in a.claims}
    assert texts["Budget papers left on a city bus"] == ["Harbour Daily News"]
    assert texts["Council says lost papers were not secret"] == ["Valley Courier"]


def test_nlp_a_cited_line_after_a_spaced_hyphen_stands_alone():
    text = ('"So far it is the river one, the factory nil. But it is a long game." - Ivo Marsh\n\n'
            'Writing in his column, Ivo Marsh of the Valley Courier called the dispute a long war.\n\n'
            '"Nobody expected the mill to close so soon. The town has lost its heart." Anonymous reader')
    a = analyse(RawArticle(text=text))
    texts = {c.text: [a.entity(k).name for k in c.speakers] for c in a.claims}
    assert texts["So far it is the river one, the factory nil. But it is a long game."] == ["Ivo Marsh"]
    assert not any(t.startswith("Nobody expected") for t in texts)


def test_nlp_that_clause_the_parser_took_for_an_object():
    text = ("The audit was published on Monday. The report states that few if any bakeries use fortified flour "
            "in the preparation of bread.")
    a = analyse(RawArticle(text=text))
    [claim] = a.claims
    assert claim.text == "few if any bakeries use fortified flour in the preparation of bread"
    assert [a.entity(k).name for k in claim.speakers] == ["report"]
