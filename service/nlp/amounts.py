"""Amounts: a number with its unit and what it counts ("495 airstrikes", "more than 1,000
militants", "a 125-mile wall", "$20,000"), durations ("for two hours", "a 90-minute meeting")
and ages ("a 5-year-old boy", "turned 50", "Jane Doe, 42,")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from service.nlp.lexicon import CURRENCIES, CURRENCY_NOUNS, DOLLAR_PREFIXES, MULTIPLIERS, NUMBER_WORDS, QUALIFIERS


@dataclass
class AmountDraft:
    value: float
    unit: str
    qualifier: str | None
    start: int
    end: int
    of: str | None = None  # what the amount describes when the unit does not say it: "boy", "meeting"
    kind: str | None = None  # "age" or "duration"; None for counts, measures, money and shares


_NUM = re.compile(r"^[\d,.]+$")


def parse_number(words: list[str]) -> float | None:
    """"1,000" → 1000; "1.13bn" → 1.13e9; "two million" → 2e6; None when it is no number."""
    value: float | None = None
    for w in words:
        w = w.lower().replace(",", "")
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(bn|m|k|mn|tn)?", w)
        if m:
            value = float(m[1]) * (MULTIPLIERS[m[2]] if m[2] else 1)
        elif w == "dozen" and value is not None:
            value *= 12  # "two dozen"
        elif w in NUMBER_WORDS:
            value = (value or 0) + NUMBER_WORDS[w]
        elif w in MULTIPLIERS and value is not None:
            value *= MULTIPLIERS[w]
        elif w in ("a", "an") and value is None:
            value = 1
    return value


def _unit_from_context(tok: Token) -> str | None:
    """A count with no noun of its own ("to more than 1,000"): the nearest plural noun before it."""
    for t in reversed(list(tok.doc[tok.sent.start:tok.i])):
        if t.pos_ == "NOUN" and t.tag_ == "NNS":
            poss = next((c for c in t.children if c.dep_ == "poss" and c.tag_ == "NNS"), None)
            return (poss or t).lemma_.lower()
    return None


# Nouns for how many there are of something: "sailor strength", "the death toll", "staff numbers".
_MEASURE_NOUNS = {"strength", "number", "numbers", "level", "levels", "count", "total", "toll", "size", "tally"}


def _measured(tok: Token) -> str | None:
    """What a number counts when it is a value of a measure ("raise its sailor strength from
    [12,000] to [15,000]", "the death toll would have been more than [a thousand]"): the noun
    modifying the measure the clause is about ("sailor", "death")."""
    verb = tok
    while verb.dep_ in ("pobj", "prep", "quantmod", "advmod", "npadvmod", "amod", "acomp", "attr") \
            and verb.head.i != verb.i:
        verb = verb.head  # up through "from 12,000 to", "more than", to the clause's verb
    if verb is tok or verb.pos_ not in ("VERB", "AUX"):
        return None
    for arg in verb.children:
        if arg.dep_ in ("dobj", "nsubj", "nsubjpass") and arg.lemma_.lower() in _MEASURE_NOUNS:
            mods = [c for c in arg.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
            if mods:
                return mods[-1].lemma_.lower()
    return None


def _counted_before(tok: Token) -> str | None:
    """What "others" stands for in "killed a guard and wounded five others": the same kind of
    argument (object, or subject) of the verb that the verb of "others" is joined to."""
    verb = tok.head
    if tok.dep_ not in _ARG_KIND or verb.pos_ not in ("VERB", "AUX"):
        return None
    for other in [verb.head] if verb.dep_ == "conj" else [c for c in verb.children if c.dep_ == "conj"]:
        for arg in other.children:
            if _ARG_KIND.get(arg.dep_) == _ARG_KIND[tok.dep_] and arg.pos_ == "NOUN" and arg.lemma_.lower() != "other":
                return _unit_noun(arg)
    return None


_ARG_KIND = {"dobj": "object", "nsubj": "subject", "nsubjpass": "subject"}
_TIME_UNITS = r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries"
_DURATION = re.compile(rf"^(?P<num>.+?)[\s-]+(?:working\s+|calendar\s+|business\s+)?(?P<unit>{_TIME_UNITS})"
                       r"(?P<old>[\s-]+old)?(?:\s+(?:ago|later|earlier|before|after|long|of age))?$", re.I)
_LEADING = {"the", "just", "only", "for", "within", "in", "during", "last", "past", "next", "first", "previous",
            "coming", "following", "another", "some", "other", "their", "his", "her", "its", "our", "my", "your"}
# Words after a bare number that say it counts people: "seven killed and 59 wounded".
_CASUALTY_WORDS = {"wounded", "injured", "dead", "killed", "hurt", "missing"}
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "his", "her", "their", "our"}
_AGE_CUES = {"turned", "turns", "turning", "aged", "age", "ages"}
_HARM_VERBS = {"kill", "wound", "injure", "evacuate", "rescue", "arrest", "detain", "displace", "hospitalize"}


def _words_of_number(text: str) -> float | None:
    """"five", "90", "a", "two dozen", "1,269": the number these words say, or None when a word
    is not part of a number ("several", "the same")."""
    words = text.lower().replace("-", " ").split()
    if not words or any(w.replace(",", "").replace(".", "").isdigit() is False and w not in NUMBER_WORDS
                        and w not in MULTIPLIERS and w not in ("a", "an", "and") for w in words):
        return None
    return parse_number(words)


_PLURAL_NUMBERS = {"dozens": 12, "scores": 20, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9}


def _vague_number(words: list[str]) -> float | None:
    """"thousands", "tens of thousands", "hundreds of millions": more than the smallest number the
    words allow (1,000; 10,000; 100 million), or None when they are no such number."""
    words = [w.lower() for w in words if w.lower() != "of"]
    if not words or words[-1] not in _PLURAL_NUMBERS:
        return None
    value = _PLURAL_NUMBERS[words[-1]]
    for w in reversed(words[:-1]):
        if w == "tens":
            value *= 10
        elif w in _PLURAL_NUMBERS and w != "dozens":
            value *= _PLURAL_NUMBERS[w]
        else:
            return None
    return value


def _of_noun(tok: Token | None) -> Token | None:
    """The plural noun after "of" that a vague number counts: "thousands of [farmers]"."""
    if tok is None or tok.lower_ != "of":
        return None
    noun = next((c for c in tok.children if c.dep_ == "pobj"), None)
    return noun if noun is not None and noun.tag_ in ("NNS", "NNPS") else None


def _strip_qualifier(text: str) -> tuple[str, str | None]:
    qualifier = None
    while True:
        low = text.lower()
        q = next((q for q in QUALIFIERS if low.startswith(q + " ")), None)
        if q is not None:
            qualifier, text = q, text[len(q) + 1:]
            continue
        first = low.split(" ", 1)[0]
        if first in _LEADING and " " in text:
            text = text.split(" ", 1)[1]
            continue
        return text, qualifier


def _described(tok: Token) -> str | None:
    """The noun a "5-year-old" or a "90-minute" describes: "boy", "meeting"."""
    head = tok.head if tok.dep_ in ("amod", "compound", "nummod", "npadvmod") else None
    while head is not None and head.pos_ not in ("NOUN", "PROPN") and head.dep_ in ("amod", "compound"):
        head = head.head
    if head is not None and head.pos_ in ("NOUN", "PROPN") and head.i > tok.i:
        return head.lemma_.lower() if head.pos_ == "NOUN" else head.text
    return None


def _duration(ent: Span) -> AmountDraft | None:
    """Durations and ages written as time: "for two hours", "a 90-minute meeting", "more than a
    month", "five years after", "a 5-year-old boy" (an age: value 5, unit year)."""
    text, qualifier = _strip_qualifier(ent.text.strip())
    text, aged = re.subn(r"^(?:the\s+)?age\s+(?:of\s+)?", "", text, flags=re.I)
    if aged and (value := _words_of_number(text)) is not None:
        return AmountDraft(value, "year", qualifier, ent.start_char, ent.end_char, None, "age")  # "at age seventeen"
    m = _DURATION.match(text)
    if not m or not m["unit"].islower():
        return None  # "13 Hours" is a title
    value = _words_of_number(m["num"])
    if value is None:
        return None
    unit = m["unit"].lower()
    unit = "century" if unit == "centuries" else unit.rstrip("s")
    return AmountDraft(value, unit, qualifier, ent.start_char, ent.end_char, _described(ent[-1]),
                       "age" if m["old"] or aged else "duration")


def _range_parts(ent: Span) -> list[Span]:
    """The two ends of a range of time ("a month to three months") as spans of their own."""
    cut = next((t.i for t in ent if t.lower_ in ("to", "and")), None)
    return [ent.doc[ent.start:cut], ent.doc[cut + 1:ent.end]] if cut not in (None, ent.start, ent.end - 1) else []


_DECADE = re.compile(r"^(?:(?P<part>early|mid|late)[\s-]*)?(?P<num>[1-9]0)'?s$", re.I)


def _age_by_decade(ent: Span) -> AmountDraft | None:
    """"in her late 50s", "in their 30s": an age, the decade's first year (qualified as written)."""
    doc = ent.doc
    start = ent.start + (ent[0].lower_ in ("his", "her", "their"))  # the model may take "her" in
    m = _DECADE.match(doc[start:ent.end].text.strip())
    if m is None or start < 2 or doc[start - 1].lower_ not in ("his", "her", "their") or doc[start - 2].lower_ != "in":
        return None
    part = (m["part"] or "").lower() or None
    return AmountDraft(float(m["num"]), "year", part, doc[start].idx, ent.end_char, None, "age")


def _age(ent: Span) -> AmountDraft | None:
    """A bare number that is someone's age: "turned 50", "aged 14", "at age seventeen",
    "Jane Doe, 42, said", "when she was six"."""
    doc = ent.doc
    value = _words_of_number(ent.text)
    if value is None or value > 130:
        return None
    prev = doc[ent.start - 1] if ent.start > 0 else None
    after = doc[ent.end] if ent.end < len(doc) else None
    root = ent.root
    if root.dep_ in ("attr", "acomp") and root.head.lemma_ == "be" and (after is None or after.is_punct or after.pos_ == "SCONJ"
                                                          or after.lower_ in ("and", "so", "when")) \
            and any(c.dep_ == "nsubj" and (c.lower_ in ("he", "she", "i") or c.ent_type_ == "PERSON")
                    for c in root.head.children):
        return AmountDraft(value, "year", None, ent.start_char, ent.end_char, None, "age")  # "when she was six"
    if prev is not None and (prev.lower_ in _AGE_CUES or prev.lower_ == "of" and ent.start > 1 and doc[ent.start - 2].lower_ == "age"):
        return AmountDraft(value, "year", None, ent.start_char, ent.end_char, None, "age")
    if prev is not None and prev.text == "," and ent.start > 1 and doc[ent.start - 2].ent_type_ == "PERSON" \
            and (after is None or after.text in (",", ".", ")") or after.lower_ == "and"):
        return AmountDraft(value, "year", None, ent.start_char, ent.end_char, doc[ent.start - 2].text, "age")
    return None


def _unit_noun(noun: Token) -> str:
    """What a number counts, singular, with the nouns that make it up: "asylum seeker", "Syrian"."""
    if noun.lemma_.lower() in CURRENCY_NOUNS:
        return CURRENCY_NOUNS[noun.lemma_.lower()]  # "300,000 euros"
    lemma = noun.lemma_.lower() if noun.pos_ == "NOUN" and not noun.is_title else noun.text
    if noun.is_title and noun.tag_ in ("NNS", "NNPS") and lemma.endswith("s"):
        lemma = lemma[:-1]  # "Valdorians" → "Valdorian"
    mods = [_hyphenated(c).lower() for c in noun.children if c.dep_ == "compound" and c.i < noun.i and c.pos_ == "NOUN"]
    return " ".join(mods + [lemma])


def _hyphenated(tok: Token) -> str:
    """A word with the hyphenated words it ends: "class-action" of "class-action lawsuits", not "action"."""
    doc, start = tok.doc, tok.i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_ \
            and doc[start - 2].is_alpha:  # not the "14" of "11- to 14-year-olds"
        start -= 2
    return doc[start:tok.i + 1].text


def _year_like(ent: Span) -> bool:
    """A number written as a year ("2016", no comma), which before a singular noun names a year."""
    return len(ent) == 1 and re.fullmatch(r"(1[89]|20)\d\d", ent.text) is not None


def _currency(ent: Span) -> str | None:
    for t in ent.doc[max(ent.start - 2, 0):ent.end]:
        low = t.text.lower()
        if low in CURRENCIES:
            prev = t.doc[t.i - 1] if t.i > 0 else None
            if low == "$" and prev is not None and prev.text.upper() in DOLLAR_PREFIXES and prev.i >= ent.start - 2:
                return DOLLAR_PREFIXES[prev.text.upper()]  # "NZ $ 26 million", "US$ 20,000"
            return CURRENCIES[low]
        if t.i >= ent.start and t.lemma_.lower() in CURRENCY_NOUNS:
            return CURRENCY_NOUNS[t.lemma_.lower()]
    return None


_LENGTH_UNITS = {"mile", "kilometre", "kilometer", "yard", "foot", "metre", "meter", "acre", "hectare"}


def _one_measure(doc: Doc) -> list[AmountDraft]:
    """"under a kilometre from the gate", "about a mile": a measure of one that the model left untagged."""
    out = []
    for t in doc:
        if t.lemma_.lower() not in _LENGTH_UNITS or t.pos_ != "NOUN" or t.ent_type_ or t.dep_ == "compound" \
                or t.i == 0 or doc[t.i - 1].lower_ not in ("a", "an") or doc[t.i - 1].head.i != t.i \
                or t.i + 1 < len(doc) and doc[t.i + 1].text in ("-", "–"):
            continue  # not "a mile-long queue"
        start = doc[t.i - 1].idx
        before = doc.text[max(0, start - 20):start].lower()
        qualifier = next((q for q in QUALIFIERS if before.endswith(q + " ")), None)
        if qualifier is not None:
            start -= len(qualifier) + 1
        out.append(AmountDraft(1.0, t.lemma_.lower(), qualifier, start, t.idx + len(t.text)))
    return out


def find_amounts(doc: Doc) -> list[AmountDraft]:
    """Counts, measures, money, percentages, durations and ages, each with its unit."""
    out: list[AmountDraft] = _one_measure(doc)
    named = doc._.nkg_token_cluster or {}
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and re.search(r"\s(?:to|and)\s", ent.text) and not _duration(ent):
            # "a month to three months": each end of a range that is a duration.
            parts = _range_parts(ent)
            ends = [_duration(part) for part in parts]
            if len(ends) == 2 and ends[0] is None and ends[1] is not None and parts[0][-1].like_num \
                    and (low_end := _words_of_number(parts[0][-1].text)) is not None:
                # "15 to 17 minutes": the first end takes the second's unit.
                ends[0] = AmountDraft(low_end, ends[1].unit, None, parts[0][-1].idx,
                                      parts[0][-1].idx + len(parts[0][-1].text), ends[1].of, ends[1].kind)
            out += [d for d in ends if d is not None]
            continue
        cut = next((t.i for t in ent[1:-1] if t.lower_ == "for"), None) if ent.label_ == "DATE" else None
        if cut is not None:
            # "aged eighteen for two weeks", one date to the model: an age, then a duration.
            out += [d for part in (doc[ent.start:cut], doc[cut:ent.end]) if (d := _duration(part) or _age(part))]
            continue
        if ent.label_ in ("DATE", "TIME"):
            found = _duration(ent) or _age(ent) or _age_by_decade(ent)
            year_like = ent.start > 0 and (doc[ent.start - 1].lower_ in _DETERMINERS or doc[ent.start - 1].tag_ == "POS")
            if found is None and ent.label_ == "DATE" and ent.root.dep_ == "nummod" and ent.root.head.tag_ == "NNS" \
                    and not year_like and _words_of_number(ent.text) is not None:
                found = AmountDraft(_words_of_number(ent.text), _unit_noun(ent.root.head), None, ent.start_char,
                                    ent.end_char)  # "1709 schoolchildren" that the model took for a year
            if found is not None:
                out.append(found)
            continue
        if ent.label_ not in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT") or ent.start in named:
            continue  # the "20" of "Group of 20" is part of a name
        if ent.label_ == "CARDINAL" and (age := _age(ent)) is not None:
            out.append(age)
            continue
        words = [t.text for t in ent]
        qualifier = None
        low = ent.text.lower()
        for q in QUALIFIERS:
            if low.startswith(q + " "):
                qualifier, words = q, ent.text[len(q) + 1:].split()
                break
        unit = None
        if ent.label_ == "PERCENT" or re.search(r"%|\bper ?cent\b", low):
            unit, words = "percent", [w.rstrip("%") for w in words if w not in ("%", "percent", "per", "cent")]
        elif ent.label_ == "QUANTITY":
            m = re.match(r"^([\d,.]+)[\s-]+([a-z]+)", " ".join(words), re.I)
            if m:
                words, unit = [m[1]], m[2].lower().rstrip("s")
            elif len(words) >= 2 and words[-1].isalpha() and words[-1].islower() and ent[-1].dep_ != "compound" \
                    and ent[-1].pos_ == "NOUN" and not ent[-1].like_num and words[-1] not in MULTIPLIERS:
                # "a kilometre" (of "under a kilometre"), "two miles", "thousands of acres"; not the "four
                # grand slam" of "four grand slam titles", which counts titles (below)
                vague, plain = _vague_number(words[:-1]), _words_of_number(" ".join(words[:-1]))
                if vague is not None:
                    words, qualifier, unit = [str(vague)], qualifier or "more than", ent[-1].lemma_.lower()
                elif plain is not None:
                    words, unit = [str(plain)], ent[-1].lemma_.lower()
        elif ent.label_ == "MONEY":
            unit = _currency(ent) or next((t.lemma_.lower() for t in ent if t.pos_ == "NOUN"), None)
            words = [w for w in words if w.lower() not in CURRENCIES and w.upper() not in DOLLAR_PREFIXES
                     and w.lower().rstrip("s") not in CURRENCY_NOUNS]
        after = doc[ent.end] if ent.end < len(doc) else None
        value = parse_number(words)
        if value is None and ent.label_ == "CARDINAL" and (vague := _vague_number(words)) is not None \
                and (counted := _of_noun(after)) is not None:
            out.append(AmountDraft(vague, _unit_noun(counted), qualifier or "more than", ent.start_char, ent.end_char))
            continue  # "thousands of protesters": more than a thousand
        if value is None:
            continue
        if value == 1 and after is not None and after.lower_ == "of":
            continue  # "one of the president's advisers" picks one out; it counts nothing
        if unit is None:
            root = ent[-1] if ent[-1].like_num else ent.root
            if root.dep_ == "nummod" and root.head.pos_ in ("NOUN", "PROPN"):
                if root.head.tag_ in ("NN", "NNP") and value != 1 and (root.head.i == ent.end or _year_like(ent)):
                    continue  # "a 911 call", "Route 66", "the 2016 presidential race": a number that names
                unit = _unit_noun(root.head)
                if unit == "other":
                    unit = _counted_before(root.head) or unit  # "killed a guard and wounded five others"
            elif after is not None and after.lower_ in _CASUALTY_WORDS:
                unit = "people"  # "seven people killed and 59 wounded"
            elif root.dep_ == "dobj" and root.head.lemma_.lower() in _HARM_VERBS:
                unit = "people"  # "killing 107 and wounding 238"
            elif root.dep_ in ("pobj", "dobj", "attr"):
                unit = _measured(root) or _unit_from_context(root)
        if not unit:
            continue
        out.append(AmountDraft(value, unit, qualifier, ent.start_char, ent.end_char))
    return sorted(out, key=lambda a: (a.start, a.end))
