"""Questions as claims: "X asked Y whether ...", "X asked Y about ...", "asked Y to ...", and the
passive forms news writes before an answer: "Asked whether ..., she said ...", "When asked about
..., he said ...", "Y was asked by X about ...".

The content is what was asked: the whether/if/wh-clause (with its "whether"), the "to" phrase of a
request, the object of "about", or a thing asked ("asked a question about ..."). Who asked is the
active verb's subject or the passive's "by" phrase; a passive with no "by" names nobody, and the
claim has no speaker (the person asked is not the one who asked). "asked for help" is a request
for a thing, not a question or a statement, and is left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from service.nlp.cues import ClaimDraft, dates_near, subject

if TYPE_CHECKING:
    from service.nlp.attribution import Attributor

# The fewest characters of a question's content ("asked that" says nothing on its own).
MIN_QUESTION_CHARS = 8
# Words opening an indirect yes-no question ("asked if ...", "asked whether ...").
QUESTION_MARKS = ("if", "whether")
# Objects that are whom the question was put to, not what was asked.
ADDRESSEE_PRONOUNS = frozenset("me you him her us them it himself herself themselves".split())


def _passive(verb: Token) -> bool:
    """"was asked", "Asked whether ...", "when asked about ...": the subject, if any, was asked."""
    deps = {c.dep_ for c in verb.children}
    if "nsubjpass" in deps or "auxpass" in deps:
        return True
    return verb.tag_ == "VBN" and "nsubj" not in deps and "aux" not in deps and verb.dep_ in ("advcl", "ROOT", "conj")


def _addressee(att: Attributor, tok: Token) -> bool:
    """Whether an object of "ask" is the person asked ("asked the senator", "asked Doe")."""
    cluster = att.speakers.index.get(tok.i)
    return tok.lower_ in ADDRESSEE_PRONOUNS or tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP") \
        or cluster is not None and cluster.kind in ("Person", "Organization")


def _content(att: Attributor, verb: Token) -> list[Token]:
    keep: list[Token] = []
    things: list[Token] = []
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ in ("ccomp", "xcomp"):
            keep.extend(child.subtree)
        elif child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in QUESTION_MARKS for g in child.children):
            keep.extend(child.subtree)  # "Asked if he would run, ...": the parser reads a condition
        elif child.dep_ == "prep" and child.lower_ == "about":
            keep.extend(t for t in child.subtree if t.i != child.i)
        elif child.dep_ == "dobj" and not _addressee(att, child):
            things.extend(child.subtree)
    if not keep:
        keep = things  # "asked a question about the budget"; beside a clause, the object is whom it was put to
    keep.sort(key=lambda t: t.i)
    while keep and keep[0].is_punct:
        keep = keep[1:]
    while keep and keep[-1].is_punct and keep[-1].text not in ("?", "”", "\""):
        keep = keep[:-1]
    return keep


def question_claims(att: Attributor) -> None:
    """A claim for every question or request "ask" reports outside a quotation, unless the verb is
    already another claim's cue."""
    cues = {c.cue.i for c in att.claims if c.cue is not None}
    for verb in att.doc:
        if verb.lemma_.lower() != "ask" or verb.pos_ != "VERB" or verb.i in cues \
                or att.inside_quote(verb.idx, verb.idx + len(verb.text)):
            continue
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
            continue  # "asked for help": a request for a thing
        content = att.content_segments(_content(att, verb), MIN_QUESTION_CHARS)
        if content is None:
            continue  # too little, or a quoted question: a direct claim's
        segments, form = content
        if _passive(verb):
            by = next((c for c in verb.children if c.dep_ == "agent"), None)
            asker = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            speakers = att.speakers.resolve(asker, any_noun=True) if asker is not None else []
        else:
            subj = subject(verb)
            if subj is None:
                continue
            speakers = att.speakers.resolve(subj, any_noun=True)
            if not speakers:
                continue
        att.claims.append(ClaimDraft(form, segments, speakers, verb,
                                     dates_near(verb, segments, att.sent_dates), attribution="statement"))
