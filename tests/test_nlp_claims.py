"""Who said what: the attribution rules on invented sentences through the real model (marked ``model``)."""

import logging

import pytest

from service.ir import RawArticle
from service.nlp import analyse
from service.nlp.attribution import Attributor
from service.nlp.quotes import find_quotes

pytestmark = pytest.mark.model


def _claims(text, **kw):
    a = analyse(RawArticle(text=text, **kw))
    return a, [(c.text, [a.entity(k).name for k in c.speakers]) for c in a.claims]


def test_quotation_run_on_into_a_paragraph_with_a_stray_closing_mark_does_not_overlap():
    # The open quotation runs on into the next paragraph and closes there; a later closing mark in
    # that paragraph has no opening one, but the paragraph did not lose its opening mark.
    text = ("Lena Fisk spoke first. “We will build the dam,\n\n"
            "“and the town will pay for it,” she said. Critics called it a folly” and left.")
    quotes = sorted(find_quotes(text), key=lambda q: q.start)
    assert all(a.end <= b.start for a, b in zip(quotes, quotes[1:]))
    _a, claims = _claims(text)
    assert any(t.startswith("We will build the dam") for t, _s in claims)


def test_a_failing_rule_keeps_the_other_rules_claims(monkeypatch, caplog):
    def broken(self):
        raise IndexError("a bad span")

    monkeypatch.setattr(Attributor, "according_to", broken)
    text = "“The harbour will reopen in May,” said Ana Ruiz, the mayor. Jon Berg said the plan was too costly."
    with caplog.at_level(logging.ERROR, logger="service.nlp.attribution"):
        _a, claims = _claims(text)
    assert ("The harbour will reopen in May", ["Ana Ruiz"]) in claims
    assert ("the plan was too costly", ["Jon Berg"]) in claims
    assert "according_to failed" in caplog.text


def test_quotation_pieces_around_their_cue_are_one_claim():
    text = ("“The dam is safe,” said Pia Moreno, an engineer at the water board. “We checked it twice. "
            "Nothing has moved.”\n\n"
            "“The town must prepare,” Moreno said, “for a wet spring.” “The pumps are ready,” Omar Diallo replied.\n\n"
            "“We will see,” Moreno said, adding: “The rain decides.”")
    _a, claims = _claims(text)
    assert ("The dam is safe We checked it twice. Nothing has moved.", ["Pia Moreno"]) in claims
    assert ("The town must prepare for a wet spring.", ["Pia Moreno"]) in claims
    assert ("The pumps are ready", ["Omar Diallo"]) in claims  # a cue of its own: a claim of its own
    assert ("We will see", ["Pia Moreno"]) in claims  # a second cue (adding) starts a second claim


def test_any_noun_phrase_subject_of_a_verb_of_speech_is_a_speaker():
    text = ("The Ostrava campaign says the average gift was small. Her childhood friend told reporters that she "
            "had always wanted to fly. Fifty-eight percent of the voters said they would stay home. "
            "Some said the count was unfair. The screen showed a message that said the page was gone.")
    _a, claims = _claims(text)
    got = dict(claims)
    assert got["the average gift was small"] == ["Ostrava campaign"]
    assert got["she had always wanted to fly"] == ["Her childhood friend"]
    assert got["they would stay home"] == ["Fifty-eight percent of the voters"]
    assert got["the count was unfair"] == ["Some"]
    assert got["the page was gone"] == ["message"]


def test_a_thing_that_only_reveals_is_no_speaker():
    # "reveal" is not a verb of speech: a noun that is not a known speaker stays no speaker.
    _a, claims = _claims("The long siege of the port revealed divisions between the two militias in the city.")
    assert claims == []


def test_a_cue_set_into_or_after_an_unquoted_statement():
    text = ("Lina Osei runs the port authority. Most of the new cranes, she said, will arrive before the winter. "
            "Prices at the harbour will fall next year, Osei added.")
    a, claims = _claims(text)
    got = {c.text: ([a.entity(k).name for k in c.speakers], c.cue, len(c.segments)) for c in a.claims}
    assert got["Most of the new cranes will arrive before the winter"] == (["Lina Osei"], "said", 2)
    assert got["Prices at the harbour will fall next year"] == (["Lina Osei"], "added", 1)


def test_a_second_cue_hung_off_the_first_statement_starts_a_claim_of_its_own():
    text = ("Tom Berg said the plan would cost too much and suggested that the city should wait another year. "
            "Ruth Adeyemi said it was too early to reopen the tunnel but added, “I think you all know the answer.”")
    _a, claims = _claims(text)
    assert ("the plan would cost too much", ["Tom Berg"]) in claims
    assert ("the city should wait another year", ["Tom Berg"]) in claims
    assert ("it was too early to reopen the tunnel", ["Ruth Adeyemi"]) in claims
    assert ("I think you all know the answer.", ["Ruth Adeyemi"]) in claims


def test_acts_beliefs_and_findings_whose_content_is_the_complement():
    text = ("Senator Ivo Kral accused the mayor of hiding the cost of the bridge. "
            "Kral believes that the city will run out of money by March. "
            "A survey by the Harbor Institute found that most residents oppose the toll.")
    a = analyse(RawArticle(text=text))
    got = {c.text: ([a.entity(k).name for k in c.speakers], c.attribution.value) for c in a.claims}
    assert got["the mayor of hiding the cost of the bridge"] == (["Ivo Kral"], "statement")
    assert got["the city will run out of money by March"] == (["Ivo Kral"], "belief")
    assert got["most residents oppose the toll"] == (["Harbor Institute"], "finding")


def test_a_cue_inside_another_claim_is_part_of_it_but_a_clause_with_its_own_speaker_is_not():
    text = ("Nora Quist said her brother believes the election was stolen. "
            "Port officials said there were no plans to close the dock, although city officials have said they "
            "will review the lease.")
    _a, claims = _claims(text)
    texts = [t for t, _s in claims]
    assert "her brother believes the election was stolen" in texts
    assert "the election was stolen" not in texts  # nested: the annotators' one attribution
    assert ("there were no plans to close the dock", ["Port officials"]) in claims
    assert ("they will review the lease", ["city officials"]) in claims


def test_questions_are_claims_of_who_asked_them():
    text = ("Mira Solberg asked the ferry operator whether the crossing would reopen in June. "
            "Asked by Solberg about the cost of the new hull, Pavel Dusek said it was paid for. "
            "Asked whether the ferry would be sold, Dusek said nothing. "
            "The harbour master asked for help with the nets.")
    a = analyse(RawArticle(text=text))
    got = {c.text: ([a.entity(k).name for k in c.speakers], c.cue) for c in a.claims}
    assert got["whether the crossing would reopen in June"] == (["Mira Solberg"], "asked")
    assert got["the cost of the new hull"] == (["Mira Solberg"], "Asked")  # the "by" phrase asked it
    assert got["whether the ferry would be sold"] == ([], "Asked")  # a passive with no "by": nobody named
    assert not any("help with the nets" in t for t in got)  # a request for a thing is no question


def test_asked_if_is_a_question_though_the_parser_reads_a_condition():
    text = ("Asked if he was ever bullied at school, the Valdorian candidate said no. "
            "The harbour master asked if the ferry would be sold.")
    a = analyse(RawArticle(text=text))
    got = {c.text: ([a.entity(k).name for k in c.speakers], c.cue) for c in a.claims}
    assert got["if he was ever bullied at school"] == ([], "Asked")
    assert got["if the ferry would be sold"][1] == "asked"


def test_a_cue_written_as_a_participle_finds_who_speaks():
    text = ("Lara Quint ended the meeting by saying the harbour would stay open all winter. "
            "The Brenn Port Authority issued a statement saying that the ferries would run on Sunday. "
            "Hundreds of residents signed a letter saying the bridge was unsafe for lorries.")
    _a, claims = _claims(text)
    assert ("the harbour would stay open all winter", ["Lara Quint"]) in claims  # the verb "by" hangs off
    assert ("the ferries would run on Sunday", ["Brenn Port Authority"]) in claims  # who issued the statement
    assert any(t == "the bridge was unsafe for lorries" and s for t, s in claims)


def test_a_cue_after_a_quotation_that_ends_its_sentence_is_the_next_sentences():
    # The first quotation ends with a full stop; "described" after it is Ruiz's act in a new sentence.
    text = ('Ivo Holt praised the port plan, and called the harbour master "the best friend the town has had." '
            'Ana Ruiz described the plan as "a gift to the shipping firms."')
    _a, claims = _claims(text)
    assert [s for t, s in claims if t.startswith("the best friend")] == [["Ivo Holt"]]
    assert [s for t, s in claims if "shipping firms" in t] == [["Ana Ruiz"]]


def test_a_participle_after_a_thing_given_out_or_a_clause_a_noun_holds_is_the_givers():
    text = ("On Tuesday, Ivo Holt sent out a reply saying the levy was unfair.\n\n"
            "Mara Quist brushed aside the worry that the toll would be a burden on ferry users, saying the "
            "queues show it would pay for itself.")
    _a, claims = _claims(text)
    assert ("the levy was unfair", ["Ivo Holt"]) in claims
    assert [s for t, s in claims if t.startswith("the queues show")] == [["Mara Quist"]]


def test_expectations_and_impressions_are_beliefs_of_nobody_named():
    text = ("The Lund paper mill is expected to close before the end of the year. "
            "The new bridge appears to be sinking into the riverbed. "
            "Councillor Edda Vik seemed to suggest that the toll would rise.")
    a = analyse(RawArticle(text=text))
    got = {c.text: ([a.entity(k).name for k in c.speakers], c.attribution.value, len(c.segments)) for c in a.claims}
    # the subject and the infinitive, around the verb: two pieces
    assert got["The Lund paper mill to close before the end of the year"] == ([], "belief", 2)
    assert got["The new bridge to be sinking into the riverbed"] == ([], "belief", 2)
    # the infinitive is her own act of speech: hers
    assert got["Councillor Edda Vik to suggest that the toll would rise"][0] == ["Edda Vik"]


def test_a_verb_of_speech_without_a_that_clause_reports_its_complement():
    text = ("Rhea Tolk warned of a long and costly fight over the northern ports. "
            "The Solvang Party reported raising four million crowns in March. "
            "Rhea Tolk later acknowledged the failure of the first landing at the inquiry.")
    _a, claims = _claims(text)
    assert ("of a long and costly fight over the northern ports", ["Rhea Tolk"]) in claims
    assert ("raising four million crowns in March", ["Solvang Party"]) in claims
    assert ("the failure of the first landing at the inquiry", ["Rhea Tolk"]) in claims


def test_a_that_clause_the_parser_hung_on_a_noun_after_the_cue_is_what_was_said():
    text = ("Lena Holm says in a statement that the race will now be a contest between four people. "
            "Ivo Berg said earlier on Friday during a news conference that he may wait until spring to decide.")
    _a, claims = _claims(text)
    assert ("the race will now be a contest between four people", ["Lena Holm"]) in claims
    assert ("he may wait until spring to decide", ["Ivo Berg"]) in claims


def test_refusals_and_implications_are_acts_of_speech():
    text = ("Mayor Tove Lind refused to release the audit of the harbour fund. "
            "Her deputy, Arne Moe, implied that the audit had found nothing wrong.")
    _a, claims = _claims(text)
    assert ("to release the audit of the harbour fund", ["Tove Lind"]) in claims
    assert ("the audit had found nothing wrong", ["Arne Moe"]) in claims


def test_a_line_opening_with_a_known_speaker_and_a_colon_is_what_they_said():
    text = ("Harbour Will Reopen in May, Mayor Tove Lind Says\n\n"
            "Mayor Tove Lind spoke to the radio host Jonas Berglund on Tuesday.\n\n"
            "BERGLUND: What happens to the ferry workers in the meantime?\n\n"
            "LIND: Well, I think every one of them will keep a job at the port.\n\n"
            "Editor's note: This interview was shortened for length.")
    _a, claims = _claims(text)
    assert ("What happens to the ferry workers in the meantime?", ["Jonas Berglund"]) in claims
    assert ("Well, I think every one of them will keep a job at the port", ["Tove Lind"]) in claims
    assert not any("shortened" in t for t, _s in claims)  # a heading, not a speaker


def test_a_transcript_quoted_whole_opens_its_lines_with_a_quotation_mark():
    text = ("Mayor Tove Lind spoke to the radio host Jonas Berglund on Tuesday.\n\n"
            "\"BERGLUND: What happens to the ferry workers in the meantime?\n\n"
            "\"LIND: Well, I think every one of them will keep a job at the port.")
    _a, claims = _claims(text)
    assert ("What happens to the ferry workers in the meantime?", ["Jonas Berglund"]) in claims
    assert ("Well, I think every one of them will keep a job at the port", ["Tove Lind"]) in claims


def test_a_section_heading_before_a_colon_is_not_a_speaker():
    # the model tags the title-case heading as one organisation, named nowhere else in the article
    text = ("The Harbour Authority met on Tuesday to discuss the delays.\n\n"
            "Harbour Authority Faces Lawsuits: The authority was sued by three shipping firms in March.")
    _a, claims = _claims(text)
    assert not any("sued by three shipping firms" in t for t, _s in claims)
    # a label that ends with a person's name is that person's line, named there only or not
    text = ("The harbour will reopen in May.\n\n"
            "Pilots agree - Jonas Berglund: The ferries will be back on time once the dredging is done.")
    _a, claims = _claims(text)
    assert ("The ferries will be back on time once the dredging is done", ["Jonas Berglund"]) in claims
