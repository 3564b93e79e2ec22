"""Who a cue's subject is when the parser misattached it: the rules of service.nlp.cues on parses
given by hand (no model needed: the misparses are fixed, whatever a model version does)."""

import spacy
from spacy.tokens import Doc

from service.nlp.cues import subject


VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower case), no model


def _doc(rows):
    """A Doc from (word, head, dep, pos, lemma) rows; heads are absolute indices."""
    words, heads, deps, pos, lemmas = zip(*rows)
    return Doc(VOCAB, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos), lemmas=list(lemmas),
               sent_starts=[True] + [False] * (len(rows) - 1))


def test_an_inverted_speaker_whose_first_names_hang_off_the_surname():
    doc = _doc([("“", 5, "punct", "PUNCT", "“"), ("Ports", 2, "nsubj", "NOUN", "port"), ("matter", 5, "ccomp", "VERB", "matter"),
                (",", 5, "punct", "PUNCT", ","), ("”", 5, "punct", "PUNCT", "”"), ("said", 5, "ROOT", "VERB", "say"),
                ("Ola", 8, "compound", "PROPN", "Ola"), ("Magnus", 8, "compound", "PROPN", "Magnus"),
                ("Dahl", 5, "dobj", "PROPN", "Dahl"), (".", 5, "punct", "PUNCT", ".")])
    assert subject(doc[5]).text == "Dahl"


def test_a_speaker_after_a_quotation_set_off_by_commas_with_a_title():
    # “Ports matter,” Eva Lund, an adviser, said: the parser hung "Lund" on the quotation's verb.
    doc = _doc([("“", 2, "punct", "PUNCT", "“"), ("Ports", 2, "nsubj", "NOUN", "port"), ("matter", 12, "ccomp", "VERB", "matter"),
                (",", 2, "punct", "PUNCT", ","), ("”", 2, "punct", "PUNCT", "”"), ("Eva", 6, "compound", "PROPN", "Eva"),
                ("Lund", 2, "npadvmod", "PROPN", "Lund"), (",", 6, "punct", "PUNCT", ","), ("an", 9, "det", "DET", "an"),
                ("adviser", 6, "appos", "NOUN", "adviser"), (",", 6, "punct", "PUNCT", ","),
                ("also", 12, "advmod", "ADV", "also"), ("said", 12, "ROOT", "VERB", "say"), (".", 12, "punct", "PUNCT", ".")])
    assert subject(doc[12]).text == "Lund"  # the name, passing over the title after it


def test_a_relative_clause_after_the_speaker_gives_the_phrase_before_it():
    # One resident, who asked not to be named, said ...: the parser made "asked" a clause of "said".
    doc = _doc([("One", 1, "nummod", "NUM", "one"), ("resident", 4, "nsubj", "NOUN", "resident"), (",", 1, "punct", "PUNCT", ","),
                ("who", 4, "nsubj", "PRON", "who"), ("asked", 6, "ccomp", "VERB", "ask"), (",", 6, "punct", "PUNCT", ","),
                ("said", 6, "ROOT", "VERB", "say"), ("no", 8, "neg", "DET", "no"), ("one", 6, "dobj", "NOUN", "one"),
                (".", 6, "punct", "PUNCT", ".")])
    assert subject(doc[6]).text == "resident"


def _quoted_doc(rows, ents=None):
    """A hand-made parse with its quotations found as the pipeline finds them."""
    from service.nlp.components import EXTENSIONS  # noqa: F401  (registers doc._.nkg_quotes)
    from service.nlp.quotes import find_quotes

    doc = _doc(rows)
    if ents:
        from spacy.tokens import Span
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    doc._.nkg_quotes = find_quotes(doc.text)
    return doc


def test_a_speaker_after_a_quotation_whose_cue_the_parser_hung_on_the_quotation():
    # “Costs matter,” Harbor Chief Ana Ruiz said Monday.: "said" made a conjunct of "matter", and
    # "Monday" (a date, parsed as a modifier of "said") is when she said it, not who did.
    doc = _quoted_doc([("“", 2, "punct", "PUNCT", "“"), ("Costs", 2, "nsubj", "NOUN", "cost"),
                       ("matter", 2, "ROOT", "VERB", "matter"), (",", 2, "punct", "PUNCT", ","),
                       ("”", 2, "punct", "PUNCT", "”"), ("Harbor", 2, "dep", "VERB", "harbor"),
                       ("Chief", 5, "dobj", "PROPN", "Chief"), ("Ana", 8, "compound", "PROPN", "Ana"),
                       ("Ruiz", 6, "appos", "PROPN", "Ruiz"), ("said", 2, "conj", "VERB", "say"),
                       ("Monday", 9, "npadvmod", "PROPN", "Monday"), (".", 2, "punct", "PUNCT", ".")],
                      ents=[(10, 11, "DATE")])
    assert subject(doc[9]).text == "Ruiz"


def test_a_subject_inside_the_quotation_is_not_the_speaker():
    # “My plan, that was fair,” the adviser said.: the parser gave "said" two subjects.
    doc = _quoted_doc([("“", 11, "punct", "PUNCT", "“"), ("My", 2, "poss", "PRON", "my"), ("plan", 11, "nsubj", "NOUN", "plan"),
                       (",", 2, "punct", "PUNCT", ","), ("that", 5, "nsubj", "PRON", "that"),
                       ("was", 2, "relcl", "AUX", "be"), ("fair", 5, "acomp", "ADJ", "fair"), (",", 11, "punct", "PUNCT", ","),
                       ("”", 11, "punct", "PUNCT", "”"), ("the", 10, "det", "DET", "the"),
                       ("adviser", 11, "nsubj", "NOUN", "adviser"), ("said", 11, "ROOT", "VERB", "say"),
                       (".", 11, "punct", "PUNCT", ".")])
    assert subject(doc[11]).text == "adviser"


def test_a_subject_in_a_quoted_title_after_the_cue_is_not_the_speaker():
    # “Yes,” Eva Lund, an adviser, said Friday on “Morning Talk.”: the show's name parsed as the
    # subject, the speaker's name as an apposition inside the quotation.
    doc = _quoted_doc([("“", 10, "punct", "PUNCT", "“"), ("Yes", 10, "intj", "INTJ", "yes"), (",", 10, "punct", "PUNCT", ","),
                       ("”", 10, "punct", "PUNCT", "”"), ("Eva", 5, "compound", "PROPN", "Eva"),
                       ("Lund", 1, "appos", "PROPN", "Lund"), (",", 5, "punct", "PUNCT", ","), ("an", 8, "det", "DET", "an"),
                       ("adviser", 5, "appos", "NOUN", "adviser"), (",", 10, "punct", "PUNCT", ","),
                       ("said", 10, "ROOT", "VERB", "say"), ("Friday", 10, "npadvmod", "PROPN", "Friday"),
                       ("on", 10, "prep", "ADP", "on"), ("“", 15, "punct", "PUNCT", "“"),
                       ("Morning", 15, "compound", "PROPN", "Morning"), ("Talk", 10, "nsubj", "PROPN", "Talk"),
                       (".", 10, "punct", "PUNCT", "."), ("”", 10, "punct", "PUNCT", "”")])
    assert subject(doc[10]).text == "Lund"


def test_the_by_phrase_of_a_passive_is_who_wrote():
    # “Harbor Song” was written by Eva Lund in 1990.
    doc = _quoted_doc([("“", 2, "punct", "PUNCT", "“"), ("Harbor", 2, "compound", "PROPN", "Harbor"),
                       ("Song", 5, "nsubjpass", "PROPN", "Song"), ("”", 2, "punct", "PUNCT", "”"),
                       ("was", 5, "auxpass", "AUX", "be"), ("written", 5, "ROOT", "VERB", "write"),
                       ("by", 5, "agent", "ADP", "by"), ("Eva", 8, "compound", "PROPN", "Eva"),
                       ("Lund", 6, "pobj", "PROPN", "Lund"), (".", 5, "punct", "PUNCT", ".")])
    assert subject(doc[5]).text == "Lund"


def test_the_object_of_a_verb_with_a_clause_of_its_own_is_not_an_inverted_speaker():
    # Tom Hale tweeted and urged Sweden to act.: "Sweden" is whom he urged (the inverted-cue rule
    # is for ", said Jane Doe" after a quotation), so "urged" shares the subject of "tweeted".
    doc = _quoted_doc([("Tom", 1, "compound", "PROPN", "Tom"), ("Hale", 2, "nsubj", "PROPN", "Hale"),
                       ("tweeted", 2, "ROOT", "VERB", "tweet"), ("and", 2, "cc", "CCONJ", "and"),
                       ("urged", 2, "conj", "VERB", "urge"), ("Sweden", 4, "dobj", "PROPN", "Sweden"),
                       ("to", 7, "aux", "PART", "to"), ("act", 4, "xcomp", "VERB", "act"), (".", 2, "punct", "PUNCT", ".")])
    assert subject(doc[4]).text == "Hale"


def test_the_addressee_of_told_after_a_quotation_is_not_an_inverted_speaker():
    # “We lost,” Ruiz, 58, told Harbor News.: the parser left "told" without a subject.
    doc = _quoted_doc([("“", 2, "punct", "PUNCT", "“"), ("We", 2, "nsubj", "PRON", "we"), ("lost", 9, "ccomp", "VERB", "lose"),
                       (",", 2, "punct", "PUNCT", ","), ("”", 2, "punct", "PUNCT", "”"), ("Ruiz", 9, "npadvmod", "PROPN", "Ruiz"),
                       (",", 5, "punct", "PUNCT", ","), ("58", 5, "appos", "NUM", "58"), (",", 9, "punct", "PUNCT", ","),
                       ("told", 9, "ROOT", "VERB", "tell"), ("Harbor", 11, "compound", "PROPN", "Harbor"),
                       ("News", 9, "dobj", "PROPN", "News"), (".", 9, "punct", "PUNCT", ".")])
    assert subject(doc[9]).text == "Ruiz"


def test_a_participle_after_a_comma_is_the_main_clause_subjects_act():
    # Eva Lund said the ruling reminds her of a book, explaining that it ended badly.: the parser hung
    # "explaining" on the reported clause's verb, whose subject is "ruling".
    doc = _quoted_doc([("Eva", 1, "compound", "PROPN", "Eva"), ("Lund", 2, "nsubj", "PROPN", "Lund"),
                       ("said", 2, "ROOT", "VERB", "say"), ("the", 4, "det", "DET", "the"), ("ruling", 5, "nsubj", "NOUN", "ruling"),
                       ("reminds", 2, "ccomp", "VERB", "remind"), ("her", 5, "dobj", "PRON", "she"), ("of", 5, "prep", "ADP", "of"),
                       ("a", 9, "det", "DET", "a"), ("book", 7, "pobj", "NOUN", "book"), (",", 5, "punct", "PUNCT", ","),
                       ("explaining", 5, "advcl", "VERB", "explain"), ("that", 15, "mark", "SCONJ", "that"),
                       ("it", 15, "nsubj", "PRON", "it"), ("ended", 11, "ccomp", "VERB", "end"),
                       ("badly", 14, "advmod", "ADV", "badly"), (".", 2, "punct", "PUNCT", ".")])
    doc[11].tag_ = "VBG"  # a participle
    assert subject(doc[11]).text == "Lund"


def test_a_participle_of_speech_right_after_a_person_is_that_persons():
    # The ad shows footage of Ana Ruiz asking, “Why not?”: the parser hung "asking" on "shows".
    doc = _quoted_doc([("The", 1, "det", "DET", "the"), ("ad", 2, "nsubj", "NOUN", "ad"), ("shows", 2, "ROOT", "VERB", "show"),
                       ("footage", 2, "dobj", "NOUN", "footage"), ("of", 3, "prep", "ADP", "of"),
                       ("Ana", 6, "compound", "PROPN", "Ana"), ("Ruiz", 4, "pobj", "PROPN", "Ruiz"),
                       ("asking", 2, "xcomp", "VERB", "ask"), (",", 7, "punct", "PUNCT", ","),
                       ("“", 11, "punct", "PUNCT", "“"), ("Why", 11, "advmod", "ADV", "why"), ("not", 7, "ccomp", "PART", "not"),
                       ("?", 11, "punct", "PUNCT", "?"), ("”", 7, "punct", "PUNCT", "”")], ents=[(5, 7, "PERSON")])
    doc[7].tag_ = "VBG"
    assert subject(doc[7]).text == "Ruiz"


def test_a_phrase_set_off_between_the_name_and_its_verb_is_passed_over():
    # Ana Ruiz, without naming him, also said it was late.: the parser left "said" without a subject.
    doc = _doc([("Ana", 1, "compound", "PROPN", "Ana"), ("Ruiz", 8, "npadvmod", "PROPN", "Ruiz"), (",", 1, "punct", "PUNCT", ","),
                ("without", 8, "prep", "ADP", "without"), ("naming", 3, "pcomp", "VERB", "name"), ("him", 4, "dobj", "PRON", "he"),
                (",", 8, "punct", "PUNCT", ","), ("also", 8, "advmod", "ADV", "also"), ("said", 8, "ROOT", "VERB", "say"),
                ("it", 10, "nsubj", "PRON", "it"), ("was", 8, "ccomp", "AUX", "be"), ("late", 10, "acomp", "ADJ", "late"),
                (".", 8, "punct", "PUNCT", ".")])
    assert subject(doc[8]).text == "Ruiz"


def test_the_by_phrase_of_a_passive_that_reports_nothing_is_not_a_speaker():
    # Officials were angered by the deal and predicted it would fail.: the officials predicted.
    doc = _doc([("Officials", 2, "nsubjpass", "NOUN", "official"), ("were", 2, "auxpass", "AUX", "be"),
                ("angered", 2, "ROOT", "VERB", "anger"), ("by", 2, "agent", "ADP", "by"), ("the", 5, "det", "DET", "the"),
                ("deal", 3, "pobj", "NOUN", "deal"), ("and", 2, "cc", "CCONJ", "and"), ("predicted", 2, "conj", "VERB", "predict"),
                ("it", 10, "nsubj", "PRON", "it"), ("would", 10, "aux", "AUX", "would"), ("fail", 7, "ccomp", "VERB", "fail"),
                (".", 2, "punct", "PUNCT", ".")])
    assert subject(doc[7]).text == "Officials"


def test_the_person_made_to_speak_is_the_speaker_of_the_verb_after_to():
    # The senator forced Hale to admit it.: Hale admitted, not the senator.
    doc = _doc([("The", 1, "det", "DET", "the"), ("senator", 2, "nsubj", "NOUN", "senator"), ("forced", 2, "ROOT", "VERB", "force"),
                ("Hale", 2, "dobj", "PROPN", "Hale"), ("to", 5, "aux", "PART", "to"), ("admit", 2, "xcomp", "VERB", "admit"),
                ("it", 5, "dobj", "PRON", "it"), (".", 2, "punct", "PUNCT", ".")])
    assert subject(doc[5]).text == "Hale"


def test_a_thing_used_to_speak_is_not_the_speaker():
    # Leaders used blunt language to denounce the test.: the leaders denounced it.
    doc = _doc([("Leaders", 1, "nsubj", "NOUN", "leader"), ("used", 1, "ROOT", "VERB", "use"), ("blunt", 3, "amod", "ADJ", "blunt"),
                ("language", 1, "dobj", "NOUN", "language"), ("to", 5, "aux", "PART", "to"),
                ("denounce", 1, "xcomp", "VERB", "denounce"), ("the", 7, "det", "DET", "the"), ("test", 5, "dobj", "NOUN", "test"),
                (".", 1, "punct", "PUNCT", ".")])
    assert subject(doc[5]).text == "Leaders"


def test_a_participle_after_a_cue_with_its_own_subject_is_that_speakers():
    # Hale cannot say that, Lund added, saying it was late.: the parser made "added" a clause of
    # "say"; Lund, not Hale, is the one saying.
    doc = _doc([("Hale", 3, "nsubj", "PROPN", "Hale"), ("can", 3, "aux", "AUX", "can"), ("not", 3, "neg", "PART", "not"),
                ("say", 3, "ROOT", "VERB", "say"), ("that", 3, "dobj", "PRON", "that"), (",", 3, "punct", "PUNCT", ","),
                ("Lund", 7, "nsubj", "PROPN", "Lund"), ("added", 3, "ccomp", "VERB", "add"), (",", 7, "punct", "PUNCT", ","),
                ("saying", 7, "advcl", "VERB", "say"), ("it", 11, "nsubj", "PRON", "it"), ("was", 9, "ccomp", "AUX", "be"),
                ("late", 11, "acomp", "ADJ", "late"), (".", 3, "punct", "PUNCT", ".")])
    doc[9].tag_ = "VBG"
    assert subject(doc[9]).text == "Lund"


def test_a_participle_does_not_climb_into_the_quotation_the_parser_hung_its_clause_on():
    # Tom Hale ratcheted up his attacks, saying he is "weak, you know that.": the parser made the
    # main clause a complement of "know", inside the quotation.
    doc = _quoted_doc([("Tom", 1, "compound", "PROPN", "Tom"), ("Hale", 2, "nsubj", "PROPN", "Hale"),
                       ("ratcheted", 14, "ccomp", "VERB", "ratchet"), ("up", 2, "prt", "ADP", "up"),
                       ("his", 5, "poss", "PRON", "his"), ("attacks", 2, "dobj", "NOUN", "attack"), (",", 2, "punct", "PUNCT", ","),
                       ("saying", 2, "advcl", "VERB", "say"), ("he", 9, "nsubj", "PRON", "he"), ("is", 7, "ccomp", "AUX", "be"),
                       ('"', 11, "punct", "PUNCT", '"'), ("weak", 9, "acomp", "ADJ", "weak"), (",", 14, "punct", "PUNCT", ","),
                       ("you", 14, "nsubj", "PRON", "you"), ("know", 14, "ROOT", "VERB", "know"), ("that", 14, "dobj", "PRON", "that"),
                       (".", 14, "punct", "PUNCT", "."), ('"', 14, "punct", "PUNCT", '"')])
    from service.nlp.quotes import Quote
    start, end = doc[11].idx, doc[16].idx + 1  # hand-made words are spaced out: the quotation by hand
    doc._.nkg_quotes = [Quote(start, end, [(start, end)])]
    doc[7].tag_ = "VBG"
    assert subject(doc[7]).text == "Hale"


def test_a_participle_after_a_preposition_on_an_object_speaks_for_the_verbs_subject():
    # Mara Quist made a point of saying the club was open: "of saying" hangs off the object "point".
    doc = _doc([("Mara", 1, "compound", "PROPN", "Mara"), ("Quist", 2, "nsubj", "PROPN", "Quist"),
                ("made", 2, "ROOT", "VERB", "make"), ("a", 4, "det", "DET", "a"), ("point", 2, "dobj", "NOUN", "point"),
                ("of", 4, "prep", "ADP", "of"), ("saying", 5, "pcomp", "VERB", "say"), ("the", 8, "det", "DET", "the"),
                ("club", 9, "nsubj", "NOUN", "club"), ("was", 6, "ccomp", "AUX", "be"),
                ("open", 9, "acomp", "ADJ", "open"), (".", 2, "punct", "PUNCT", ".")])
    assert subject(doc[6]).text == "Quist"


def test_a_participle_after_a_clause_an_object_noun_holds_is_the_main_clause_subjects():
    # Ivo Holt dismissed the worry that the levy would be a burden, saying queues prove it.: the parser
    # hung "saying" on the clause that "worry" holds, whose subject is the levy.
    doc = _quoted_doc([("Ivo", 1, "compound", "PROPN", "Ivo"), ("Holt", 2, "nsubj", "PROPN", "Holt"),
                       ("dismissed", 2, "ROOT", "VERB", "dismiss"), ("the", 4, "det", "DET", "the"),
                       ("worry", 2, "dobj", "NOUN", "worry"), ("that", 9, "mark", "SCONJ", "that"),
                       ("the", 7, "det", "DET", "the"), ("levy", 9, "nsubj", "NOUN", "levy"),
                       ("would", 9, "aux", "AUX", "would"), ("be", 4, "acl", "AUX", "be"), ("a", 11, "det", "DET", "a"),
                       ("burden", 9, "attr", "NOUN", "burden"), (",", 9, "punct", "PUNCT", ","),
                       ("saying", 9, "advcl", "VERB", "say"), ("queues", 15, "nsubj", "NOUN", "queue"),
                       ("prove", 13, "ccomp", "VERB", "prove"), ("it", 15, "dobj", "PRON", "it"),
                       (".", 2, "punct", "PUNCT", ".")])
    doc[13].tag_ = "VBG"
    assert subject(doc[13]).text == "Holt"


def test_a_participle_after_a_dash_is_the_main_clause_subjects():
    # Ana Ruiz denied reports that the club broke rules — saying it did not.: "saying" hung on
    # the clause the reports hold.
    doc = _quoted_doc([("Ana", 1, "compound", "PROPN", "Ana"), ("Ruiz", 2, "nsubj", "PROPN", "Ruiz"),
                       ("denied", 2, "ROOT", "VERB", "deny"), ("reports", 2, "dobj", "NOUN", "report"),
                       ("that", 7, "mark", "SCONJ", "that"), ("the", 6, "det", "DET", "the"), ("club", 7, "nsubj", "NOUN", "club"),
                       ("broke", 3, "acl", "VERB", "break"), ("rules", 7, "dobj", "NOUN", "rule"),
                       ("—", 7, "punct", "PUNCT", "—"), ("saying", 7, "advcl", "VERB", "say"),
                       ("it", 13, "nsubj", "PRON", "it"), ("did", 13, "aux", "AUX", "do"), ("not", 10, "ccomp", "PART", "not"),
                       (".", 2, "punct", "PUNCT", ".")])
    doc[10].tag_ = "VBG"
    assert subject(doc[10]).text == "Ruiz"


def test_a_participle_after_a_relative_clause_with_a_gap_is_that_clauses_subjects():
    # Tom Hale backed the plan the council drew up, saying it was fair.: the plan is what the council
    # drew up (a relative clause, no object of its own); the parser's reading, the council's saying,
    # is kept, not carried up to Hale.
    doc = _quoted_doc([("Tom", 1, "compound", "PROPN", "Tom"), ("Hale", 2, "nsubj", "PROPN", "Hale"),
                       ("backed", 2, "ROOT", "VERB", "back"), ("the", 4, "det", "DET", "the"), ("plan", 2, "dobj", "NOUN", "plan"),
                       ("the", 6, "det", "DET", "the"), ("council", 7, "nsubj", "NOUN", "council"),
                       ("drew", 4, "relcl", "VERB", "draw"), ("up", 7, "prt", "ADP", "up"), (",", 7, "punct", "PUNCT", ","),
                       ("saying", 7, "advcl", "VERB", "say"), ("it", 12, "nsubj", "PRON", "it"),
                       ("was", 10, "ccomp", "AUX", "be"), ("fair", 12, "acomp", "ADJ", "fair"), (".", 2, "punct", "PUNCT", ".")])
    doc[10].tag_ = "VBG"
    assert subject(doc[10]).text == "council"


def test_a_participle_after_a_comma_inside_a_closing_quotation_mark():
    # Tom Hale told a station that Ivo Holt “ran a slack port,” adding, “He left.”: "adding" hung on
    # the reported clause, whose subject is Holt.
    doc = _quoted_doc([("Tom", 1, "compound", "PROPN", "Tom"), ("Hale", 2, "nsubj", "PROPN", "Hale"),
                       ("told", 2, "ROOT", "VERB", "tell"), ("a", 4, "det", "DET", "a"), ("station", 2, "dobj", "NOUN", "station"),
                       ("that", 9, "mark", "SCONJ", "that"), ("Ivo", 7, "compound", "PROPN", "Ivo"),
                       ("Holt", 9, "nsubj", "PROPN", "Holt"), ("“", 9, "punct", "PUNCT", "“"), ("ran", 2, "ccomp", "VERB", "run"),
                       ("a", 12, "det", "DET", "a"), ("slack", 12, "amod", "ADJ", "slack"), ("port", 9, "dobj", "NOUN", "port"),
                       (",", 9, "punct", "PUNCT", ","), ("”", 9, "punct", "PUNCT", "”"), ("adding", 9, "advcl", "VERB", "add"),
                       (",", 15, "punct", "PUNCT", ","), ("“", 15, "punct", "PUNCT", "“"), ("He", 19, "nsubj", "PRON", "he"),
                       ("left", 15, "ccomp", "VERB", "leave"), (".", 19, "punct", "PUNCT", "."), ("”", 19, "punct", "PUNCT", "”")])
    doc[15].tag_ = "VBG"
    assert subject(doc[15]).text == "Hale"


def test_a_thing_that_says_something_speaks_for_whoever_gave_it_out():
    # Ivo Holt put out a reply saying he would stay.: the reply is Holt's.
    doc = _doc([("Ivo", 1, "compound", "PROPN", "Ivo"), ("Holt", 2, "nsubj", "PROPN", "Holt"), ("put", 2, "ROOT", "VERB", "put"),
                ("out", 2, "prt", "ADP", "out"), ("a", 5, "det", "DET", "a"), ("reply", 2, "dobj", "NOUN", "reply"),
                ("saying", 5, "acl", "VERB", "say"), ("he", 9, "nsubj", "PRON", "he"), ("would", 9, "aux", "AUX", "would"),
                ("stay", 6, "ccomp", "VERB", "stay"), (".", 2, "punct", "PUNCT", ".")])
    doc[6].tag_ = "VBG"
    assert subject(doc[6]).text == "Holt"


def test_a_notice_given_with_an_answer_speaks_for_who_answered():
    # Harbor News answered with a notice on the page saying it erred.: the parser hung "saying" on "page".
    doc = _doc([("Harbor", 1, "compound", "PROPN", "Harbor"), ("News", 2, "nsubj", "PROPN", "News"),
                ("answered", 2, "ROOT", "VERB", "answer"), ("with", 2, "prep", "ADP", "with"), ("a", 5, "det", "DET", "a"),
                ("notice", 3, "pobj", "NOUN", "notice"), ("on", 5, "prep", "ADP", "on"), ("the", 8, "det", "DET", "the"),
                ("page", 6, "pobj", "NOUN", "page"), ("saying", 8, "acl", "VERB", "say"), ("it", 11, "nsubj", "PRON", "it"),
                ("erred", 9, "ccomp", "VERB", "err"), (".", 2, "punct", "PUNCT", ".")])
    doc[9].tag_ = "VBG"
    assert subject(doc[9]).text == "News"


def test_people_saying_something_speak_for_themselves():
    # Ivo Holt met supporters saying they wanted change.: the supporters said it, not Holt.
    doc = _doc([("Ivo", 1, "compound", "PROPN", "Ivo"), ("Holt", 2, "nsubj", "PROPN", "Holt"), ("met", 2, "ROOT", "VERB", "meet"),
                ("supporters", 2, "dobj", "NOUN", "supporter"), ("saying", 3, "acl", "VERB", "say"),
                ("they", 6, "nsubj", "PRON", "they"), ("wanted", 4, "ccomp", "VERB", "want"), ("change", 6, "dobj", "NOUN", "change"),
                (".", 2, "punct", "PUNCT", ".")])
    doc[4].tag_ = "VBG"
    assert subject(doc[4]).text == "supporters"


def test_a_name_the_model_did_not_tag_before_a_participle_of_speech_is_who_speaks():
    # The hearing closed with Quist asking whether it was over.: "asking" hung on "closed".
    doc = _doc([("The", 1, "det", "DET", "the"), ("hearing", 2, "nsubj", "NOUN", "hearing"), ("closed", 2, "ROOT", "VERB", "close"),
                ("with", 2, "prep", "ADP", "with"), ("Quist", 3, "pobj", "PROPN", "Quist"), ("asking", 2, "advcl", "VERB", "ask"),
                ("whether", 8, "mark", "SCONJ", "whether"), ("it", 8, "nsubj", "PRON", "it"), ("was", 5, "ccomp", "AUX", "be"),
                ("over", 8, "acomp", "ADV", "over"), (".", 2, "punct", "PUNCT", ".")])
    doc[5].tag_ = "VBG"
    assert subject(doc[5]).text == "Quist"


def test_a_thing_received_that_says_something_is_not_the_receivers_words():
    # The desk received calls saying the bridge was shut.: the calls, not the desk, say it.
    doc = _doc([("The", 1, "det", "DET", "the"), ("desk", 2, "nsubj", "NOUN", "desk"), ("received", 2, "ROOT", "VERB", "receive"),
                ("calls", 2, "dobj", "NOUN", "call"), ("saying", 3, "acl", "VERB", "say"), ("the", 6, "det", "DET", "the"),
                ("bridge", 8, "nsubjpass", "NOUN", "bridge"), ("was", 8, "auxpass", "AUX", "be"),
                ("shut", 4, "ccomp", "VERB", "shut"), (".", 2, "punct", "PUNCT", ".")])
    doc[4].tag_ = "VBG"
    assert subject(doc[4]).text == "calls"
