"""A title-case headline re-read in sentence case.

The trained model reads "Senator Warns Plan Would Raise Taxes" as one long name: every word is
capitalised, so "Warns" is a proper noun and no cue rule sees a verb. This component copies the
headline, lower-cases every word that is not a name (a word the article's body only ever writes
capitalised, an acronym, "I"), runs the trained components on that one line, and puts the line's
tags, lemmas, parse and entities back on the headline's tokens; the text is unchanged, so claims
still quote the headline as printed. It costs one short extra parse per article, and only when
the first line is in title case. A headline that opens with a speaker and a colon ("Mayor Doe:
Harbour Will Reopen") is left as it is: the speaker-line rule reads it whole.
"""

from __future__ import annotations

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

from service.nlp.dates import MONTHS, WEEKDAYS
from service.nlp.speaker_lines import HEADING_WORDS, LINE, MAX_LABEL_WORDS

# Short words a title-case headline may leave lower-case ("Plan to Cut Taxes in Half").
_MINOR_WORDS = frozenset("a an and as at but by for from in into nor of off on or per than the to up via vs with".split())
MIN_WORDS = 4
# Month and day names are names whatever the body says ("Museum Will Open in May": not "may").
_CALENDAR_WORDS = frozenset(m for m in MONTHS if len(m) > 3 or m == "may") | frozenset(WEEKDAYS)
_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
_INSIDE, _OUTSIDE, _BEGIN = 1, 2, 3  # spaCy's ENT_IOB codes


def first_line(doc: Doc) -> tuple[int, int] | None:
    """The token range of the document's first line (its headline), without the line break."""
    start = next((t.i for t in doc if not t.is_space), None)
    if start is None:
        return None
    end = start
    while end < len(doc) and not doc[end].is_space:
        end += 1
        if "\n" in doc[end - 1].whitespace_:
            break
    return start, end


def is_title_case(words: list[str]) -> bool:
    """Whether a line's words are capitalised as a headline's are: at least MIN_WORDS words, and
    every word but the short function words starts with a capital letter."""
    content = [w for w in words if w.lower() not in _MINOR_WORDS]
    return len(words) >= MIN_WORDS and len(content) >= 3 and all(w[0].isupper() for w in content)


def speaker_line(text: str) -> bool:
    """Whether a headline opens with a speaker's label and a colon ("Mayor Doe: Harbour Will Reopen"):
    the speaker-line rule reads it whole, and cues found inside its content would only split it."""
    m = LINE.match(text)
    if m is None:
        return False
    words = m.group(1).lower().split()
    return len(words) <= MAX_LABEL_WORDS and not any(w.strip("’'s") in HEADING_WORDS or w in HEADING_WORDS for w in words)


def name_words(doc: Doc, body_start: int) -> set[str]:
    """Words the body writes capitalised inside a sentence and never in lower case: names, as far
    as the article itself tells."""
    capital, lower = set(), set()
    for tok in doc[body_start:]:
        if not tok.is_alpha:
            continue
        if tok.is_lower:
            lower.add(tok.lower_)
        elif tok.text[0].isupper() and not tok.is_sent_start and tok.i > 0 and not doc[tok.i - 1].is_punct:
            capital.add(tok.lower_)
        elif tok.ent_type_:
            capital.add(tok.lower_)
    return capital - lower


def keeps_capital(word: str, names: set[str], first: bool) -> bool:
    """Whether a headline word keeps its case in the sentence-case copy."""
    return (first or word.lower() in names or word.lower() in _CALENDAR_WORDS or word == "I" or (len(word) > 1 and word.isupper())
            or any(c.isupper() for c in word[1:]) or not word[0].isalpha())


class HeadlineReader:
    """The ``newskg_headline`` component (see the module docstring)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        span = first_line(doc)
        if span is None:
            return doc
        start, end = span
        words = [t.text for t in doc[start:end] if t.is_alpha]
        if not is_title_case(words) or speaker_line(doc[start:end].text):
            return doc
        names = name_words(doc, end)
        text = "".join((t.text if keeps_capital(t.text, names, t.i == start or doc[t.i - 1].text == ":")
                        else t.text.lower()) + t.whitespace_ for t in doc[start:end]).rstrip()
        line = self.nlp.make_doc(text)
        if [t.text.lower() for t in line] != [t.lower_ for t in doc[start:end]]:
            return doc  # the tokenizer cut the copy differently: keep the model's own reading
        for name, proc in self.nlp.pipeline:
            if not name.startswith("newskg_"):
                line = proc(line)
        whole, part = doc.to_array(_ATTRS), line.to_array(_ATTRS)
        whole[start:end] = part
        iob, typ = _ATTRS.index(ENT_IOB), _ATTRS.index(ENT_TYPE)
        if end < len(doc) and whole[end, iob] == _INSIDE and (part[-1, iob] == _OUTSIDE or part[-1, typ] != whole[end, typ]):
            whole[end, iob] = _BEGIN  # a name the model ran on past the line now starts after it
        doc.from_array(_ATTRS, whole)
        return doc


@Language.factory("newskg_headline", assigns=["token.tag", "token.pos", "token.lemma", "token.dep", "doc.ents"])
def headline_component(nlp: Language, name: str) -> HeadlineReader:
    """The component reading a title-case headline in sentence case."""
    return HeadlineReader(nlp)
