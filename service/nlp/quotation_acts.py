"""Verbs of any kind that give a quotation its speaker by where they stand, as news writes turns
in an exchange: "Doe shot back, “...”", "Roe pressed on: “...”" before it, and "“...,” Doe
scoffed." / "“...?” asked Roe." after it. The verb need not be one of speech: the comma and the
quotation make it the act of saying.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from service.nlp.cues import is_cue

if TYPE_CHECKING:
    from service.nlp.attribution import Attributor
    from service.nlp.quotes import Quote

# Opening quotation marks as the tokeniser leaves them.
QUOTE_OPENERS = ("“", '"', "``", "‘", "'")
# Closing marks, and what may end a quotation that a speaker's verb follows ("“No,” she snapped").
QUOTE_CLOSERS = ("”", '"', "\'\'", "’", "'")
# Subjects that name no speaker ("“...,” it said" is a document's, found by the cue rules); before a
# quotation a relative "which" may still (the body it relates to, resolved by the speaker rules).
NO_SPEAKER_BEFORE = ("it", "this", "that", "there")
NO_SPEAKER = NO_SPEAKER_BEFORE + ("which", "what")
# What may follow the verb up to the end of its sentence: "shot back.", "scoffed at the idea on
# Monday.", but not an object or a clause of its own ("“...,” Doe read the letter").
TRAILING_DEPS = frozenset("prt advmod prep pobj det amod compound npadvmod punct poss case nummod".split())


# What may stand between an act of speech and the quotation it introduces: "shot back,", "pressed on:".
ACT_PARTICLES = ("prt", "advmod")
FINITE = ("VBD", "VBZ", "VBP")


def act_before_quotation(att: Attributor, quote: Quote) -> Token | None:
    """"Doe shot back, “...”" / "Roe pressed on: “...”": a finite verb of any kind whose subject
    names someone, followed only by a particle or adverb and a comma or colon, introduces the
    quotation: it is that person's turn (in an exchange, the last speaker's quotation would
    otherwise claim it)."""
    doc = att.doc
    first = att.span(quote.start, quote.end, "expand")
    i = mark_before(att, quote, 2)
    if i is None or doc[i].sent != first[0].sent:
        return None
    i -= 1
    while i > 0 and doc[i].dep_ in ACT_PARTICLES and doc[i].head.i < doc[i].i:
        i -= 1
    verb = doc[i]
    if verb.pos_ != "VERB" or verb.tag_ not in FINITE or att.inside_quote(verb.idx, verb.idx + len(verb.text)):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return verb if _names_someone(subj, NO_SPEAKER_BEFORE) else None


def mark_before(att: Attributor, quote: Quote, min_start: int) -> int | None:
    """The token right before a quotation's opening mark when it is a comma or colon ("shot back,
    “...”", "Said Doe: “...”"), provided the quotation starts at token ``min_start`` or later."""
    doc = att.doc
    first = att.span(quote.start, quote.end, "expand")
    if first is None or not len(first) or first.start < min_start:
        return None
    i = first.start - 1
    while i > 0 and (doc[i].text in QUOTE_OPENERS or doc[i].is_space):
        i -= 1
    return i if doc[i].text in (",", ":") else None


def _names_someone(subj: Token | None, no_speaker: tuple[str, ...] = NO_SPEAKER) -> bool:
    return subj is not None and (subj.pos_ in ("PROPN", "PRON") or subj.ent_type_ in ("PERSON", "ORG")) \
        and subj.lower_ not in no_speaker


def act_before_colon(sent: Span) -> Token | None:
    """The act of a sentence that ends in a colon and closes the paragraph before a quotation of its
    own: "As Jane Doe noted, the fair had a rival in town:" (a cue in a clause of "as"), "Jane Doe
    weighed in:", "Doe put out a short note:" (its main verb, of any kind, when its subject names
    someone): the quotation is that person's turn, not the last speaker's."""
    for t in sent:
        if is_cue(t) and t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children) \
                and any(c.dep_ == "nsubj" and _names_someone(c) for c in t.children):
            return t
    root = sent.root
    if root.pos_ != "VERB" or root.tag_ not in FINITE:
        return None
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    return root if _names_someone(subj) else None


def act_after_quotation(att: Attributor, quote: Quote) -> Token | None:
    """"“That is false,” Doe shot back." / "“Really?” scoffed Roe.": a quotation that opens its
    sentence, ends in a comma, question or exclamation mark, and is followed by nothing but a
    finite verb and its subject (either order) and the verb's particles, adverbs and phrases of
    place or time, up to the full stop."""
    doc = att.doc
    text = att.text
    if not opens_sentence(text, quote.start) or text[quote.start:quote.end].rstrip(" ”\"'’")[-1:] not in (",", "?", "!"):
        return None
    after = att.span(quote.end, min(len(text), quote.end + 200), "expand")
    if after is None or not len(after):
        return None
    i = after.start
    while i < len(doc) and (doc[i].text in QUOTE_CLOSERS or doc[i].text == "," or doc[i].is_space):
        i += 1
    verb = next((t for t in doc[i:min(len(doc), i + 8)] if t.pos_ == "VERB" and t.tag_ in FINITE), None)
    if verb is None or att.inside_quote(verb.idx, verb.idx + len(verb.text)):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if not _names_someone(subj):
        return None
    subject_words = {t.i for t in subj.subtree}
    if any(j not in subject_words for j in range(i, verb.i)):
        return None  # only the subject may stand between the quotation and the verb
    for t in doc[verb.i + 1:]:
        if t.is_sent_end or t.text in (".", "!", "?") or "\n" in t.text:
            return verb if t.text in (".", "!", "?") or t.is_space else None
        if t.i in subject_words or t.dep_ in TRAILING_DEPS and t.head.i >= verb.i:
            continue
        return None
    return None


def opens_sentence(text: str, at: int) -> bool:
    """Whether a quotation starting at ``at`` opens its sentence (or the text)."""
    i = at - 1
    while i >= 0 and text[i] in "“\"'« ":
        i -= 1
    return i < 0 or text[i] in ".!?:\n"
