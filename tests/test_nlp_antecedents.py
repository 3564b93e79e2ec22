"""Pronoun antecedents (service/nlp/antecedents.py) and gender from first names (service/nlp/gender.py),
on invented sentences. The pipeline tests use the real model (marked ``model``)."""

import pytest

import names
from service.ir import RawArticle
from service.nlp import analyse
from service.nlp.gender import NAME_RATIO, first_name_gender, noun_gender


def _speaker_of(article, prefix):
    [claim] = [c for c in article.claims if c.text.startswith(prefix)]
    return [article.entity(k).name for k in claim.speakers]


def _census(key):
    """{first name: percent} read straight from the names package's list, apart from gender.py."""
    out = {}
    with open(names.FILES[key]) as fh:
        for line in fh:
            parts = line.split()
            if parts:
                out[parts[0].capitalize()] = float(parts[1])
    return out


def test_a_first_name_tells_gender_only_when_one_sex_has_it_far_more_often():
    male, female = _census("first:male"), _census("first:female")
    for first in ("Donald", "Maria", "Jean", "Leslie", "Lena", "Tom"):
        m, f = male.get(first, 0.0), female.get(first, 0.0)
        expected = "m" if m > NAME_RATIO * f else "f" if f > NAME_RATIO * m else ""
        assert first_name_gender(f"{first} Keller") == expected
    assert first_name_gender("Donald Keller") == "m" and first_name_gender("Maria Lund") == "f"
    assert first_name_gender("Jean Rondeau") == ""  # given to men and women alike
    assert first_name_gender("Mr. Tom Hale") == "m"  # the honorific is not the first name
    assert first_name_gender("Keller") == ""  # a lone surname tells nothing


@pytest.mark.model
def test_she_said_skips_a_nearer_man_known_by_his_first_name():
    text = ("The board heard from Maria Lund and later from Donald Keller on Monday.\n\n"
            "“The plan is sound,” she said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "The plan is sound") == ["Maria Lund"]


@pytest.mark.model
def test_a_pronoun_subject_carries_its_person_to_the_next_pronoun():
    # The sentence before "she said" has "She" as its subject (Ortiz) and Voss only as an object.
    text = ("Lena Ortiz opened the meeting of the harbour board.\n\n"
            "She said she would ask Karen Voss to chair the next one.\n\n"
            "“We need a fresh start,” she said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "We need a fresh start") == ["Lena Ortiz"]


@pytest.mark.model
def test_the_one_who_reported_outranks_the_subject_of_what_he_reported():
    text = ("Tom Reilly said that Mark Dunn would resign next week.\n\n"
            "“It is the right time for the club,” he said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "It is the right time") == ["Tom Reilly"]


@pytest.mark.model
def test_a_person_said_to_speak_inside_a_quotation_is_not_the_last_speaker():
    text = ("Sam Ortiz spoke at the rally: “Last week Tom Hale told us that we would lose the vote.”\n\n"
            "The vote came late at night after hours of debate in the hall. The count was slow.\n\n"
            "“We will appeal the result,” he said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "We will appeal") == ["Sam Ortiz"]


@pytest.mark.model
def test_they_is_the_plural_subject_near_by():
    text = ("Critics of the toll plan met with Mayor Ana Ruiz on Monday.\n\n"
            "“The toll will hurt small shops in the old town,” they said.")
    [speaker] = _speaker_of(analyse(RawArticle(text=text)), "The toll will hurt")
    assert speaker.lower() == "critics of the toll plan"


@pytest.mark.model
def test_it_is_the_body_that_is_the_subject_near_by_not_the_last_named_organisation():
    text = ("The city council sent a letter to Acme Corp. on Friday. "
            "It says the permit for the new warehouse was never valid.")
    [speaker] = _speaker_of(analyse(RawArticle(text=text)), "the permit")
    assert speaker.lower() == "city council"


@pytest.mark.model
def test_the_last_person_quoted_is_not_overridden_by_a_man_only_mentioned():
    # Nothing tells Lane's gender ("Chris" is given to both); Keller is known to be a man by his
    # first name, but he is only talked about in what Lane said.
    text = ("Chris Lane said on Monday that the vote would help Donald Keller. The count ended late. "
            "Nobody in the hall expected that result.\n\n"
            "“We will win the next one,” he said.")
    assert first_name_gender("Chris Lane") == ""
    assert _speaker_of(analyse(RawArticle(text=text)), "We will win") == ["Chris Lane"]


@pytest.mark.model
def test_a_quotation_of_several_sentences_does_not_hide_the_sentence_before_it():
    text = ("Karen Voss criticized Maria Lund for the delay.\n\n"
            "“How long must we wait? Nobody can answer that. This is unacceptable,” she said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "How long must we wait") == ["Karen Voss"]


def test_a_noun_tells_the_gender_of_the_person_it_describes():
    assert noun_gender("my elder brother") == "m" and noun_gender("the spokeswoman") == "f"
    assert noun_gender("his mother's") == "f"
    assert noun_gender("the teacher") == "" and noun_gender("") == ""


@pytest.mark.model
def test_a_described_man_is_not_the_antecedent_of_she():
    from service.nlp.antecedents import Antecedents
    from service.nlp.components import build_nlp
    from service.nlp.entities import Cluster
    nlp = build_nlp("en_core_web_sm")
    found = {}
    for noun in ("father", "colleague"):  # a noun that tells the gender, one that does not
        doc = nlp(f"Chris Lane grew up on the coast. Her {noun} built the old bridge.\n\n"
                  "The council never answered. She said the bridge was unsafe.")
        head = next(t for t in doc if t.text == noun)
        ants = Antecedents(doc, doc._.nkg_clusters, doc._.nkg_token_cluster)
        described = Cluster(kind="Person", name=f"her {noun}", named=False)
        ants.add_mention(described, head.i - 1, head.i + 1)
        found[noun] = ants.person(next(t for t in doc if t.text == "She"))
    assert found["colleague"].name == "her colleague"  # the nearest subject, gender unknown
    assert found["father"].name == "Chris Lane"


@pytest.mark.model
def test_an_unnamed_subject_of_the_pronouns_gender_in_its_sentence_is_its_person():
    text = ("Tom Berg sold the farm in 1990.\n\n"
            "His mother has grown quieter since, but she still says the land should never have been sold.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the land should never") == ["His mother"]


@pytest.mark.model
def test_a_gendered_subject_inside_a_subordinate_clause_is_not_the_pronouns_person():
    text = ("In an interview on Monday, Tom Berg spoke about his childhood on the coast.\n\n"
            "Seeing his brother suffering led him to avoid ever trying alcohol, he said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "Seeing his brother") == ["Tom Berg"]


@pytest.mark.model
def test_a_known_name_the_model_missed_is_her_mention_before_any_claim_is_read():
    # The model tags the first "Ivy Pennock" but (as it sometimes does) not the second, the subject
    # of "acknowledged"; the quotation after it is read before that claim, so "she" must already
    # find her there rather than the woman quoted in the paragraph before.
    from service.nlp.components import NEWSKG_COMPONENTS, build_nlp

    text = ("Ivy Pennock, the mayor's eldest daughter, noted the rule in an interview last week.\n\n"
            "“The plan is unfair to fathers,” said Carla Moss, a fellow at a think tank.\n\n"
            "In a newspaper essay, Ivy Pennock acknowledged their uphill battle. "
            "“The number of households led by single parents has doubled,” she wrote.")
    nlp = build_nlp("en_core_web_sm")
    doc = nlp(text, disable=list(NEWSKG_COMPONENTS))
    second = text.rindex("Ivy Pennock")
    doc.ents = [e for e in doc.ents if e.start_char != second]
    doc.ents = list(doc.ents) + [doc.char_span(0, len("Ivy Pennock"), label="PERSON")]
    assert not any(e.start_char == second for e in doc.ents)
    for name in NEWSKG_COMPONENTS:
        doc = nlp.get_pipe(name)(doc)
    [wrote] = [c for c in doc._.nkg_claims if c.cue is not None and c.cue.text == "wrote"]
    assert [s.name for s in wrote.speakers] == ["Ivy Pennock"]


@pytest.mark.model
def test_a_person_described_with_a_is_registered_before_the_quotations_after_her_are_read():
    # The quotation is read before the reported claim that introduces the nurse; "she" and "the
    # official" must still find the person described there, not the woman named first.
    text = ("Maria Lund opened the meeting.\n\n"
            "A nurse who works at the clinic said the ward was short of staff. “We cannot cope,” she said.\n\n"
            "A local official said the bridge would close in May. Residents were angry about it.\n\n"
            "“We have no other choice,” the official said.")
    article = analyse(RawArticle(text=text))
    assert _speaker_of(article, "We cannot cope") == _speaker_of(article, "the ward was short") == ["nurse"]
    assert _speaker_of(article, "We have no other choice") == _speaker_of(article, "the bridge would") \
        == ["local official"]


@pytest.mark.model
def test_they_goes_on_with_the_group_an_earlier_they_stood_for():
    # "They" two sentences back is the subject nearest the quotation; it stood for the critics,
    # not for the board the letter went to.
    text = ("Critics of the harbour plan, like the mayors of two towns, see the vote as a chance to fix it. "
            "They sent a letter on Thursday to the county board. "
            "“The plan has failed and it should be dropped,” they wrote.")
    assert _speaker_of(analyse(RawArticle(text=text)), "The plan has failed") == ["Critics of the harbour plan"]


@pytest.mark.model
def test_the_subject_of_the_pronouns_own_paragraph_outranks_the_last_person_quoted():
    # Bolton is two sentences back but the main subject of the paragraph ("he" continues him);
    # Pryce, quoted a paragraph before, is no longer the topic.
    text = ("Dan Pryce, a spokesman for the dock workers, said trade would improve.\n\n"
            "Ray Bolton hopes to offset all of the emissions from his ships with credits. "
            "But right now, he is offsetting only a tenth of them. That worries campaigners. "
            "“It is all I can afford,” he said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "It is all I can afford") == ["Ray Bolton"]
    # Without that paragraph's subject, the last person quoted is still the one speaking.
    text = ("Dan Pryce, a spokesman for the dock workers, said trade would improve.\n\n"
            "The port has lost a tenth of its ships to Ray Bolton's company this year. "
            "That worries campaigners. Trade has slowed since May. "
            "“It is all we can do,” he said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "It is all we can do") == ["Dan Pryce"]


@pytest.mark.model
def test_the_subject_of_a_when_clause_after_a_persons_main_clause_ranks_below_that_person():
    text = ("Tom Reilly smiled when Mark Dunn asked about the vote on Monday. "
            "“It is the right time for the club,” he said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "It is the right time") == ["Tom Reilly"]
    # Before the main clause, the clause brings on its subject as the topic.
    text = "Tom Reilly spoke on Monday. While Mark Dunn agreed with the plan, he said it was too late."
    assert _speaker_of(analyse(RawArticle(text=text)), "it was too late") == ["Mark Dunn"]
    # After a main clause about no person, its subject is the one person there.
    text = ("Tom Reilly spoke on Monday.\n\nThe split was complete when Mark Dunn left the room. "
            "“It is the right time,” he said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "It is the right time") == ["Mark Dunn"]
    # "Until" brings on the next event rather than setting the scene.
    text = ("Ana Ruiz waved at the stage, until Tom Reilly reached the last words of his speech. "
            "“I love you all,” he said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "I love you all") == ["Tom Reilly"]


@pytest.mark.model
def test_they_after_according_to_a_group_is_that_group():
    text = ("The union met the mayor on Monday.\n\n"
            "As head of the board, Carl Wendt often mocked the staff, according to former employees. "
            "They said he ranked workers by the size of their cars.")
    assert _speaker_of(analyse(RawArticle(text=text)), "he ranked workers") == ["former employees"]




@pytest.mark.model
def test_the_subject_of_a_relative_clause_ranks_below_the_main_subject_before_it():
    text = ("Tom Reilly toured the mill town of Ashford, where Mark Dunn grew up, on Tuesday. "
            "He said the mill would reopen in May.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the mill would reopen") == ["Tom Reilly"]
    # The same man as a main clause's subject is the nearer subject, and the pronoun's person.
    text = ("Tom Reilly toured the mill town of Ashford on Tuesday. Mark Dunn grew up there. "
            "He said the mill would reopen in May.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the mill would reopen") == ["Mark Dunn"]


@pytest.mark.model
def test_the_person_the_story_turned_to_after_the_last_quotation_is_the_pronouns_person():
    text = ("Paul Hendry said the budget was fair.\n\n"
            "Mark Dunn has kept quiet about the lawsuit against his firm.\n\n"
            "The chairman spent the week at the harbour instead.\n\n"
            "“The harbour is the future of this town,” he told the crowd.")
    assert _speaker_of(analyse(RawArticle(text=text)), "The harbour is the future") == ["Mark Dunn"]
    # A word set off in quotation marks is nobody's speech: the story still turned to Dunn.
    text = ("Paul Hendry said the budget was fair.\n\n"
            "Mark Dunn has kept quiet about the “unfair” lawsuit against his firm.\n\n"
            "The chairman spent the week at the harbour instead.\n\n"
            "“The harbour is the future of this town,” he told the crowd.")
    assert _speaker_of(analyse(RawArticle(text=text)), "The harbour is the future") == ["Mark Dunn"]
    # A quotation since then was somebody's, perhaps someone unnamed: the last person quoted speaks.
    text = ("Paul Hendry said the budget was fair.\n\n"
            "Mark Dunn has kept quiet about the lawsuit against his firm.\n\n"
            "“Nobody in this town has ever seen a year like this one.”\n\n"
            "“The harbour is the future of this town,” he told the crowd.")
    assert _speaker_of(analyse(RawArticle(text=text)), "The harbour is the future") == ["Paul Hendry"]
    # With nobody the story turned to, the last person quoted still speaks.
    text = ("Paul Hendry said the budget was fair.\n\n"
            "The lawsuit against the firm dragged on for a year.\n\n"
            "The harbour was quiet all week.\n\n"
            "“The harbour is the future of this town,” he told the crowd.")
    assert _speaker_of(analyse(RawArticle(text=text)), "The harbour is the future") == ["Paul Hendry"]


@pytest.mark.model
def test_a_piece_the_parser_cut_off_at_a_titles_abbreviation_counts_with_the_sentence_before_it():
    from service.nlp.antecedents import Antecedents
    from service.nlp.components import build_nlp
    nlp = build_nlp("en_core_web_sm")
    doc = nlp("At the dinner, Tom Reilly toasted his old partners, especially Drs. Mark Dunn and Paul Hendry, "
              "who say the firm will grow. He praised their work.")
    he = next(t for t in doc if t.text == "He")
    assert len(list(doc.sents)) == 3  # the parse this test is about: the names cut off at "Drs."
    ants = Antecedents(doc, doc._.nkg_clusters, doc._.nkg_token_cluster)
    assert ants.person(he).name == "Tom Reilly"


@pytest.mark.model
def test_a_pronoun_after_a_described_subject_goes_on_with_the_topic_not_a_man_it_mentions():
    text = ("Tom Reilly met the board of the harbour on Monday.\n\n"
            "The retired judge then praised Mark Dunn and Paul Hendry for their work. "
            "He added that the harbour needs a new board.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the harbour needs") == ["Tom Reilly"]
    # A description of a woman is not who "he" goes on with: the man mentioned is.
    text = ("Maria Lund met the board of the harbour on Monday.\n\n"
            "The chairwoman then praised Mark Dunn for his work. "
            "He added that the harbour needs a new board.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the harbour needs") == ["Mark Dunn"]


@pytest.mark.model
def test_a_pronoun_after_a_title_as_subject_is_the_person_the_article_gave_that_title():
    text = ("Governor Tom Reilly signed the harbour law in March.\n\n"
            "“The board never wanted the law,” Mark Dunn said in an interview.\n\n"
            "After the vote, the governor kept out of sight for a week. Touring the north in May, he said the harbour would stay open.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the harbour would stay") == ["Tom Reilly"]


@pytest.mark.model
def test_they_with_no_plural_subject_near_by_is_the_people_named_in_the_plural_there():
    text = ("The city council met on Monday.\n\n"
            "The new fee on parking worries many residents because they expect the shops to close.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the shops to close") == ["many residents"]
    text = ("The mill has stood empty for years. The council wrote to Tom Reilly and Mark Dunn in March. "
            "Last week, they urged the council to sell the old mill.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the council to sell") == ["Tom Reilly", "Mark Dunn"]


@pytest.mark.model
def test_the_one_told_and_people_only_named_by_their_candidate_are_not_main_subjects():
    # "told Mark Dunn": the one told right after the verb is not a subject put after its cue.
    text = ("Tom Reilly told Mark Dunn after the match that he would stay at the club. "
            "He also said the team needed a new coach.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the team needed") == ["Tom Reilly"]
    # "Dunn fans sang": the fans are the subject, not Dunn.
    text = ("Mark Dunn left the band in May.\n\n"
            "Tom Reilly played the first song, and Dunn fans sang along at the back. "
            "He said the tour would go on.")
    assert _speaker_of(analyse(RawArticle(text=text)), "the tour would go on") == ["Tom Reilly"]


@pytest.mark.model
def test_an_object_pronoun_of_a_persons_own_verb_does_not_tell_that_persons_gender():
    # "Chris" is given to men and women; "thanked her" is about Lund, not a vote that Reilly is a woman.
    text = ("Mark Dunn opened the meeting.\n\nMaria Lund spoke first.\n\n"
            "Chris Reilly thanked her after the vote on Monday. “The new road will help every farm,” he said.")
    assert first_name_gender("Chris Reilly") == ""
    assert _speaker_of(analyse(RawArticle(text=text)), "The new road will help") == ["Chris Reilly"]


@pytest.mark.model
def test_a_closing_quotation_mark_cut_off_as_a_sentence_does_not_push_the_subject_out_of_reach():
    # The parser makes the closing mark after "grant." a sentence of its own; the sentence before
    # "she said" is still the one about Ortiz, not the stray mark (else the last person quoted).
    text = ('The council met on Monday. "The budget is far too small," said Jordan Brandt, a member of the board.\n\n'
            'Maria Ortiz, the head of the Riverside Garden Club, supports the mayor and in a letter thanked him '
            'for "a generous and timely grant."\n\n'
            '"He wants the gardens to stay open all summer," she said.')
    assert _speaker_of(analyse(RawArticle(text=text)), "He wants the gardens") == ["Maria Ortiz"]


@pytest.mark.model
def test_a_subject_of_unknown_gender_yields_to_a_woman_named_after_it():
    # "Jordan" tells no gender; Maria Ortiz, named after Brandt, is known to be a woman.
    text = ("Though Jordan Brandt held a clear lead over Maria Ortiz in the early polls, she had hoped "
            "a late push would carry the county.")
    assert _speaker_of(analyse(RawArticle(text=text)), "a late push") == ["Maria Ortiz"]
    text = "Jordan Brandt beat Maria Ortiz by ten points, but she said the result was unfair."
    assert _speaker_of(analyse(RawArticle(text=text)), "the result was unfair") == ["Maria Ortiz"]
    # In the sentence before, the subject stays the antecedent: nothing says Brandt is not a woman.
    text = "Jordan Brandt had long worked with Maria Ortiz. But on Sunday she said the plan was unfair."
    assert _speaker_of(analyse(RawArticle(text=text)), "the plan was unfair") == ["Jordan Brandt"]


@pytest.mark.model
def test_a_subject_of_unknown_gender_who_spoke_keeps_the_pronoun():
    # Brandt spoke; Ortiz is only talked about in what Brandt said.
    text = ("Jordan Brandt said Maria Ortiz would lose the vote.\n\n"
            "“The county wants a change,” she said.")
    assert _speaker_of(analyse(RawArticle(text=text)), "The county wants") == ["Jordan Brandt"]
    # A pronoun already resolved to Brandt near by shows Brandt's gender.
    text = ("Jordan Brandt said she would run again. “We will work together,” she said after meeting Maria Ortiz.")
    assert _speaker_of(analyse(RawArticle(text=text)), "We will work together") == ["Jordan Brandt"]
