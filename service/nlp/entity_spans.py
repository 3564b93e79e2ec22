"""The model's entity spans, repaired before they are clustered (see ``entities``): determiners and
possessives trimmed, names the model split or ran together cut or joined, title words ("Agriculture"
of "Agriculture Secretary") dropped, and names the model left untagged or mistyped added ("the Doe
administration", "a PAC named X", "the town of X", "the X River", "the 3rd Lancer Division").
"""

from __future__ import annotations

from spacy.tokens import Doc

from service.nlp.lexicon import (BODY_HEAD_NOUNS, HONORIFICS, IRREGULAR_DEMONYMS, NAMED_BODY_HEADS, ORG_EXTENSION_NOUNS,
                                 INVERTED_OPENERS, ORG_NOUNS, PLACE_NOUNS, PORTFOLIOS, ROLE_HEADS, SPEECH_VERBS, STATE_ABBREVIATIONS)

KIND_OF_LABEL = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
# Words that end a title rather than an organisation's name ("Foreign Minister").
TITLE_NOUNS = {"president", "minister", "secretary", "spokesman", "spokeswoman", "chairman", "chief", "director",
               "ambassador", "envoy", "adviser", "advisor", "commander", "premier", "chancellor", "mayor"}
_DEMONYM_ENDINGS = ("an", "ese", "ish", "ic", "i", "ch", "s")
_AROUND = {"around", "near", "outside", "across", "toward", "towards", "throughout", "inside"}
_UNIT_NOUNS = {"division", "brigade", "regiment", "battalion", "force", "corps", "fleet", "squadron", "army"}
_LANDFORMS = {"River", "Sea", "Valley", "Desert", "Mountains", "Peninsula", "Canal", "Strait"}
_MISSION_NOUNS = {"embassy", "consulate"}
_STOP_INITIALS = {"of", "and", "the", "for", "in", "on", "at", "to", "&", "de", "du", "la", "al"}
# Words of a title that the model tags as an organisation ("Agriculture" in "Agriculture Secretary").
_TITLE_PARTS = PORTFOLIOS | {"home", "shadow", "affairs", "security", "national", "deputy", "vice", "acting"}


def _title_word(tok) -> bool:
    return tok.lower_.rstrip(".") in HONORIFICS | TITLE_NOUNS | ROLE_HEADS and not tok.is_upper


def _title_fragment(doc: Doc, s: int, e: int) -> bool:
    """Words before a title that are its portfolio or nationality, not a body of their own:
    "Agriculture" in "Agriculture Secretary", "Valdorian Foreign" in "Valdorian Foreign Minister"."""
    if e >= len(doc) or not _title_word(doc[e]):
        return False
    return all(t.lower_ in _TITLE_PARTS or t.ent_type_ == "NORP" or t.lower_ in IRREGULAR_DEMONYMS for t in doc[s:e])


def _clean(doc: Doc, start: int, end: int, label: str = "") -> list[tuple[int, int]]:
    """Trim determiners and possessive marks; split "X's Y" into X and Y, and "X the Y" when the
    model ran a name into the next noun phrase ("according to Doe the Acme report ..."); a person's
    epithet ("Alexander the Great") stays whole."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if end <= start:
        return []
    for i in range(start + 1, end - 1):
        if doc[i].text == "(":
            # "World Health Organisation (WHO": a name and its short form, two spans.
            return _clean(doc, start, i, label) + _clean(doc, i + 1, end, label)
        if doc[i].text in _POSSESSIVE:
            return _clean(doc, start, i, label) + _clean(doc, i + 1, end, label)
        if label != "PERSON" and doc[i].lower_ in ("the", "a", "an") and doc[i].is_lower \
                and doc[i - 1].is_title and doc[i - 1].lower_ not in _STOP_INITIALS:
            return _clean(doc, start, i, label) + _clean(doc, i + 1, end, label)
    return [(start, end)]


def _inverted_opener(doc: Doc, s: int, e: int) -> bool:
    """Whether the name ``doc[s:e]`` starts with a verb of speech that opens its sentence and the
    name is followed by a colon or comma and a quotation ("Said Jane Doe: “...”"); a first name that
    is spelt like such a verb is followed by no quotation."""
    if doc[s].lower_ not in INVERTED_OPENERS or not doc[s].is_title or e + 1 >= len(doc) \
            or doc[e].text not in (",", ":") or doc[e + 1].text not in _QUOTES:
        return False
    return s == 0 or doc[s - 1].is_space or doc[s - 1].text in (".", "?", "!") or doc[s - 1].text in _QUOTES


def candidate_spans(doc: Doc) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if _named_by(doc, ent.start) and ent.label_ not in ("PERSON", "GPE", "LOC", "DATE", "CARDINAL"):
            spans.append((ent.start, ent.end, "ORG"))  # "a lobby group called Acme First": whatever the model said
            continue
        if ent.label_ not in KIND_OF_LABEL and ent.label_ != "NORP":
            continue
        if ent.label_ == "ORG" and ent.end + 1 < len(doc) and _named_by(doc, ent.end + 1) and ent.start > 0 \
                and doc[ent.start - 1].is_lower and doc[ent.start - 1].pos_ in ("ADJ", "DET", "NOUN"):
            continue  # the "PAC" of "a new PAC named Acme First" is a common noun, not a name
        for s, e in _clean(doc, ent.start, ent.end, ent.label_):
            # a headline's "Jane Doe Says Plan Will ...": the name ends before the verb it is subject of
            e = next((k for k in range(s + 1, e) if doc[k].pos_ == "VERB" and doc[k].lemma_.lower() in SPEECH_VERBS
                      and any(c.dep_ == "nsubj" and s <= c.i < k for c in doc[k].children)), e)
            if ent.label_ == "PERSON":
                # "police Maj. Jane Doe": lowercase words and titles are not the name.
                while s < e and (doc[s].is_lower or doc[s].lower_.rstrip(".") in HONORIFICS or doc[s].text == "."):
                    s += 1
                if e - s > 1 and _inverted_opener(doc, s, e):
                    s += 1  # "Said Jane Doe: “...”" opens with the verb, and the model took it for a first name
                if s == e or all(t.lower_.rstrip(".") in HONORIFICS for t in doc[s:e]):
                    continue
                if e - s == 1 and doc[s].tag_ == "NNPS":
                    continue  # "Democrats", "Russians": a group of people, not a person
                if e - s == 1 and s > 0 and doc[s - 1].pos_ == "PROPN" and doc[s - 1].is_title \
                        and not doc[s - 1].ent_type_ and not doc[s - 1].is_sent_start \
                        and doc[s - 1].lower_.rstrip(".") not in HONORIFICS | TITLE_NOUNS | _TITLE_PARTS | ROLE_HEADS:
                    s -= 1  # "CEO of the Acme Council Jane Doe": the model tagged only "Doe"
                if doc[e - 1].lower_ in BODY_HEAD_NOUNS:
                    spans.append((s, e, "ORG"))  # "(Valdorian Bishops' Conference)" is no person
                    continue
                if e < len(doc) and doc[e].lower_ == "administration" and s > 0 and doc[s - 1].lower_ == "the":
                    spans.append((s, e + 1, "ORG"))  # "the Doe administration" is a body, not Doe
                    continue
            if ent.label_ == "ORG" and e - s == 1 and s > 1 and doc[s - 1].lower_ == "of" and not doc[s].is_upper \
                    and doc[s - 2].lower_.rstrip(".") in HONORIFICS | TITLE_NOUNS:
                continue  # "Secretary of State": part of a title, not an organisation
            if ent.label_ in ("ORG", "NORP") and _title_fragment(doc, s, e):
                continue
            if ent.label_ != "PERSON" and e < len(doc) and _title_word(doc[e]):
                # "the Catskills with Fisheries [Secretary]": the title's portfolio is not the name's.
                while e > s + 1 and (doc[e - 1].lower_ in _TITLE_PARTS or doc[e - 1].is_lower or doc[e - 1].is_punct):
                    e -= 1
            if ent.label_ == "ORG" and e + 2 <= len(doc) and doc[e].lower_ == "of" and doc[e + 1].like_num:
                e += 2  # "Group of 20": the number is part of the name
            if ent.label_ == "GPE" and e - s == 1 and e < len(doc) and doc[e].text == "." \
                    and (doc[s].lower_ + ".") in STATE_ABBREVIATIONS:
                e += 1  # "Tex." is Texas, not "Tex"
            label = ent.label_
            if ent.label_ == "ORG" and s > 0 and doc[s - 1].ent_type_ == "ORDINAL" and doc[s - 1].text[:1].isdigit() \
                    and doc[e - 1].lower_ in _UNIT_NOUNS:
                s -= 1  # "the 3rd Lancer Division": the ordinal is part of a military unit's name
            if ent.label_ == "NORP" and _norp_place(doc, s, e):
                label = "GPE"
            spans.append((s, e, label))
    spans += _untagged_landforms(doc) + _untagged_bodies(doc)
    spans = [sp for sp in spans if not _inside_quoted_title(doc, sp[0], sp[1])]
    spans.sort()
    # Adjacent spans with nothing between them are one name the model split ("Kurdish" + "Workers Party").
    merged: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if merged and merged[-1][1] == s and doc[s - 1].whitespace_ and doc[s].is_title \
                and "PERSON" not in (label, merged[-1][2]):
            ps, _, plabel = merged[-1]
            if label == plabel == "NORP":
                merged[-1] = (ps, e, "NORP")  # "a British Sikh": a nationality and a faith, no name
                continue
            new_label = "ORG" if "ORG" in (label, plabel) or plabel == "NORP" else label
            merged[-1] = (ps, e, new_label)
        else:
            merged.append((s, e, label))
    # A demonym followed by capitalised words is the start of a name ("Kurdish Workers Party militants").
    out = []
    for s, e, label in merged:
        if label == "ORG" and doc[e - 1].lower_.rstrip(".") in HONORIFICS | TITLE_NOUNS:
            # "Navy Capt.", "Syrian President" before a name: a title, not an organisation.
            continue
        while label == "ORG" and e - s > 1 and _title_word(doc[e - 1]):
            e -= 1  # "the Acme Department Spokesperson": the body without the title
        if label == "ORG":
            e = _extend_org(doc, s, e)
            if e - s >= 2 and e < len(doc) and doc[e].is_lower and doc[e].lower_ in ("committee", "subcommittee", "commission"):
                e += 1  # "the Senate Fisheries committee": the committee is named with its lowercase noun
        if label == "NORP" and doc[s:e].text.isupper() and len(doc[s:e].text) > 2:
            out.append((s, e, "ORG"))  # an acronym the model took for a nationality ("PKK")
            continue
        if label == "NORP":
            j = e
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and not doc[j].ent_type_ \
                    and doc[j].lower_.rstrip(".") not in HONORIFICS | TITLE_NOUNS:
                j += 1
            if s > 0 and doc[s - 1].lower_ in ("a", "an") and doc[j - 1].dep_ != "compound":
                continue  # "a British Sikh": a description of someone; not "a Kurdish Workers Party militant"
            if j > e and not _title_fragment(doc, s, j):
                out.append((s, j, "ORG"))
            continue
        out.append((s, e, label))
    return out


def _norp_place(doc: Doc, s: int, e: int) -> bool:
    """A one-word "nationality" that is no demonym, after "around", "near", "outside" ... or "the
    city/town of", is a town the model mistyped ("shelling near X", "the town of X")."""
    tok = doc[s]
    prep = tok.head
    where = prep.lower_ in _AROUND or prep.lower_ == "of" and prep.head.lower_ in PLACE_NOUNS
    return e - s == 1 and tok.tag_ == "NNP" and tok.dep_ == "pobj" and where \
        and tok.lower_ not in IRREGULAR_DEMONYMS and not tok.lower_.endswith(_DEMONYM_ENDINGS)


def _untagged_landforms(doc: Doc) -> list[tuple[int, int, str]]:
    """"the Valdor River": capitalised words before a landform noun that the model left untagged."""
    out = []
    for t in doc:
        after = doc[t.i + 1: t.i + 3]
        if after and (after[0].is_title or not t.whitespace_ and after[0].text == "-"
                      or after[0].text in (",", "&", "and") and len(after) > 1 and after[1].is_title):
            continue  # "the Harbor Sea and Air Museum", "Sea-Air-Land": part of a longer name
        if t.text in _LANDFORMS and not t.ent_type_ and t.i > 0:
            s = t.i
            while s > 0 and doc[s - 1].is_title and doc[s - 1].pos_ == "PROPN" and not doc[s - 1].ent_type_ \
                    and not doc[s - 1].is_sent_start:
                s -= 1
            if s < t.i:
                out.append((s, t.i + 1, "LOC"))
    return out


def _untagged_bodies(doc: Doc) -> list[tuple[int, int, str]]:
    """"Harbor Watch PAC, an outside group, ...": capitalised words the model left untagged, which an
    apposition says are an organisation."""
    out = []
    for t in doc:
        if t.dep_ != "appos" or t.lemma_.lower() not in ORG_NOUNS or t.pos_ != "NOUN" or not t.is_lower \
                or t.head.pos_ != "PROPN" or t.head.ent_type_:
            continue  # "an outside group", not the "Association" the parser hung on a person's name
        head = t.head
        s = e = head.i
        while s > 0 and doc[s - 1].pos_ == "PROPN" and (doc[s - 1].is_title or doc[s - 1].is_upper) \
                and not doc[s - 1].ent_type_ and doc[s - 1].head.i == head.i:
            s -= 1
        if e - s >= 1 and (doc[s].is_sent_start or s > 0 and not doc[s - 1].is_title) \
                and e + 1 < len(doc) and doc[e + 1].text == ",":
            out.append((s, e + 1, "ORG"))
    return out


_QUOTES = {'"', "“", "”", "''", "``"}


def _inside_quoted_title(doc: Doc, s: int, e: int) -> bool:
    """A name that is only part of a short quoted title ("Valdor" of “Good Morning Valdor”, a show): the
    title is a work, and the name inside it is no actor the article mentions."""
    a = s - 1
    while a >= 0 and s - a <= 6 and doc[a].text not in _QUOTES:
        a -= 1
    b = e
    while b < len(doc) and b - e <= 6 and doc[b].text not in _QUOTES:
        b += 1
    if a < 0 or b >= len(doc) or doc[a].text not in _QUOTES or doc[b].text not in _QUOTES or (a + 1, b) == (s, e) \
            or not _opens_quote(doc, a):
        return False  # (not the words between one quotation's end and the next one's start)
    words = [t for t in doc[a + 1:b] if t.is_alpha]
    return 2 <= len(words) <= 6 and all(t.is_title or t.lower_ in _STOP_INITIALS for t in words) \
        and words[0].is_title and words[-1].is_title


def _opens_quote(doc: Doc, i: int) -> bool:
    """The quotation mark at token ``i`` opens a quotation: a curly opening mark, or a straight one
    preceded by an even number of straight marks in its paragraph."""
    if doc[i].text in ("“", "``"):
        return True
    if doc[i].text in ("”", "''"):
        return False
    j, marks = i - 1, 0
    while j >= 0 and "\n" not in doc[j].text:
        marks += doc[j].text == '"'
        j -= 1
    return marks % 2 == 0


def _named_by(doc: Doc, s: int) -> bool:
    """The name at token ``s`` follows "<organisation noun> called/named": "a group called X",
    "a PAC named X" (not "the ACLU called for ...")."""
    return 2 <= s < len(doc) and doc[s - 1].lower_ in ("called", "named") and doc[s].pos_ in ("PROPN", "NUM") \
        and (doc[s - 2].lower_ in ORG_NOUNS or doc[s - 2].is_upper and doc[s - 2].is_alpha and len(doc[s - 2]) > 1)


def _extend_org(doc: Doc, s: int, e: int) -> int:
    """"X forces" is one actor; "Al Qaeda in the Arabian Peninsula" is one name (the place-like tail
    is not itself a known place); so is "the Valdorian Embassy in Xville" (a country has one embassy
    per capital: the city tells which), and a bare name with its place set off as an apposition
    (", Acme in Valdoria," naming a branch, unlike "the Red Cross in Valdoria")."""
    if e < len(doc) and doc[e].lower_ in ORG_EXTENSION_NOUNS:
        return e + 1
    if e + 1 < len(doc) and doc[e].lower_ == "in" and doc[e + 1].ent_iob_ == "B" and doc[e + 1].ent_type_ == "GPE":
        g = e + 2
        while g < len(doc) and doc[g].ent_iob_ == "I":
            g += 1
        if doc[e - 1].lower_ in _MISSION_NOUNS:
            return g
        if doc[s:e].root.dep_ == "appos" and s > 0 and doc[s - 1].text == "," and g < len(doc) \
                and doc[g].text in (",", "—", "--", ")", ";") and doc[s].pos_ == "PROPN":
            return g
    if doc[e - 1].lower_ in NAMED_BODY_HEADS and e + 1 < len(doc) and doc[e].lower_ in ("for", "on", "of"):
        # "the Joint Council for the Welfare of Immigrants", "the Centre for Control of Iodine Deficiency":
        # a body's name goes on in capitalised words after its head noun (not a date, a person or a place alone).
        j, last = e + 1, e
        while j < len(doc) and doc[j].ent_type_ not in ("PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL") \
                and (doc[j].is_title or doc[j].lower_ in ("of", "the", "and", "&", "-") and (j > e + 1 or doc[j].lower_ == "the")):
            if doc[j].is_title:
                last = j + 1
            j += 1
        if last > e and not all(t.ent_type_ in ("GPE", "LOC") for t in doc[e + 1:last] if t.is_title):
            return last
    if e + 2 < len(doc) and doc[e].lower_ == "in" and doc[e + 1].lower_ == "the":
        j = e + 2
        while j < len(doc) and doc[j].is_title and doc[j].ent_type_ not in ("GPE", "LOC", "PERSON", "ORG"):
            j += 1
        if j > e + 2 and doc[j - 1].pos_ == "PROPN":
            return j
    return e
