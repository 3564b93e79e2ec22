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
