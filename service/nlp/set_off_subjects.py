"""Speakers the parser left outside their cue's clause because commas set them off: "Jane Doe, 44,
said" (no subject at all) and "The appeal of the plan, union members and leaders say, is its price"
(the statement's subject taken for the cue's)."""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.lexicon import GROUP_WORDS, SPEECH_VERBS


def _is_speech(tok: Token) -> bool:
    """Whether the token is a verb of speech proper (as ``cues.is_speech``; cues imports this module)."""
    return tok.lemma_.lower() in SPEECH_VERBS


# The words of a noun phrase set off between commas before a cue ("union members and leaders").
PHRASE_POS = ("NOUN", "PROPN", "DET", "ADJ", "CCONJ", "NUM", "PART")


def speaker_set_off(verb: Token, subj: Token) -> Token | None:
    """"The appeal of the plan, union members and leaders say, is its price": a cue set into the
    statement between commas, with its speakers right before it, which the parser hung on the
    statement's subject (as a conjunct) and so made that subject the cue's. The noun phrase between
    the comma and the cue is who speaks; a name's apposition ("Doe, a lawyer, said,") or a list
    ("Doe, Roe and Poe said,") is not such a phrase."""
    doc = verb.doc
    if not _is_speech(verb) or subj.i > verb.i or subj.pos_ in ("PROPN", "PRON") \
            or verb.i + 1 >= len(doc) or doc[verb.i + 1].text != ",":
        return None
    i = verb.i - 1
    while i > subj.i and doc[i].head.i == verb.i and doc[i].dep_ in BETWEEN_DEPS:
        i -= 1
    run = []
    while i > subj.i and doc[i].text != ",":
        if doc[i].pos_ not in PHRASE_POS:
            return None
        run.append(doc[i])
        i -= 1
    if not run or i <= subj.i or doc[i].text != ",":
        return None
    ids = {t.i for t in run}
    heads = [t for t in run if t.head.i not in ids]
    if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN") or heads[0].dep_ == "appos" \
            or heads[0].head.i == subj.i:
        return None
    return heads[0]


RELATIVE_WORDS = frozenset("who whose whom which".split())
QUOTE_MARKS = ('"', "“", "”", "''", "``")
# Words that may stand between a subject's last comma and its verb: "Doe, 44, also has said".
BETWEEN_DEPS = ("advmod", "aux", "neg")


def subject_before_commas(verb: Token) -> Token | None:
    """The subject of a verb of speech that the parser left without one because commas set it off:
    "Jane Doe, 44, said", "In her plea, Jane Doe, the owner, said", "One resident, who asked not to be
    named, said". The phrases between commas before the verb are read from the right: a relative
    clause gives the phrase before it; otherwise the nearest phrase that names someone, passing over
    a bare number or a title ("44", "the owner") when a name stands before it."""
    if not _is_speech(verb) or verb.dep_ != "ROOT":
        return None
    doc = verb.doc
    i = verb.i - 1
    while i >= verb.sent.start and doc[i].head.i == verb.i and doc[i].dep_ in BETWEEN_DEPS:
        i -= 1
    if i <= verb.sent.start or doc[i].text != ",":
        return None
    start = verb.sent.start
    for t in doc[verb.sent.start:i]:
        if t.text in QUOTE_MARKS:
            start = t.i + 1  # "“...,” Jane Doe, an adviser, said": the phrases after the quotation
    chunks: list[list[Token]] = [[]]
    for t in doc[start:i]:
        if t.text == ",":
            chunks.append([])
        elif not t.is_space:
            chunks[-1].append(t)
    chunks = [c for c in chunks if c]
    relative = next((k for k, c in enumerate(chunks) if c[0].lower_ in RELATIVE_WORDS and k > 0), None)
    if relative is not None:
        chunks = chunks[:relative]
    named = None
    for chunk in reversed(chunks):
        nouns = [t for t in chunk if t.pos_ in ("NOUN", "PROPN", "NUM", "PRON")]
        if not nouns or any(t.pos_ in ("VERB", "AUX") for t in chunk) or chunk[0].pos_ == "ADP":
            if relative is not None and not nouns and chunk[0].pos_ == "ADV":
                continue  # "Doe, meanwhile, who ...": an adverb between the name and its clause
            if chunk[0].pos_ == "ADP" and named is None:
                continue  # "Doe, without naming him, also said": a phrase set off between the name and its verb
            break
        ids = {t.i for t in chunk}
        head = next((t for t in chunk if t.head.i not in ids or t.head.i == t.i), nouns[-1])
        if head.pos_ not in ("PROPN", "NOUN", "PRON", "NUM"):
            head = nouns[-1]
        if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "NORP") or head.lower_ in GROUP_WORDS \
                or head.pos_ == "PRON":
            return head
        if named is None:
            named = head
        if relative is not None:
            break
    return named
