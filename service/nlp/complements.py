"""Attributions whose content is the verb's complement, not a that-clause: acts of speech reported
without their words ("accused the mayor of lying", "called the plan a disgrace", "urged voters to
stay home"), beliefs and wishes ("wants to run again", "believes the tide has turned") and findings
("the poll found ...", "the records show ...").

The content is what follows the verb in its phrase: its object and complements, and the
prepositional phrases that carry content ("called for", "accused X of"); time, place and
subordinate clauses are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from service.nlp.cues import ClaimDraft, attribution_kind, dates_near, is_speech, subject
from service.nlp.lexicon import (BELIEF_OBJECT_VERBS, BELIEF_VERBS, BODY_NOUNS, CONTENT_PREPS, FINDING_VERBS,
                                 GROUP_WORDS, REPORTING_VERBS, SPEECH_COMPLEMENT_VERBS, STATEMENT_ACTS, TO_CONTENT_VERBS)

if TYPE_CHECKING:
    from service.nlp.attribution import Attributor

# Bodies and groups named by a common noun, which speak as one ("the campaign called ...").
SPEAKING_BODIES = BODY_NOUNS | GROUP_WORDS

COMPLEMENT_VERBS = STATEMENT_ACTS | BELIEF_VERBS | FINDING_VERBS | SPEECH_COMPLEMENT_VERBS
CLAUSE_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj", "oprd", "dative", "attr", "acomp")
# The fewest characters a content must have: "endorsed Clinton" alone says too little to be a claim.
MIN_CONTENT_CHARS = 12


def _content_tokens(verb: Token) -> list[Token]:
    """The verb's object, complements and content-bearing prepositional phrases, in text order."""
    keep: list[Token] = []
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.i < verb.i:
            continue
        dep = child.dep_
        if dep in CLAUSE_DEPS or dep in OBJECT_DEPS or dep == "prt" \
                or dep == "prep" and (child.lower_ in CONTENT_PREPS or child.lower_ == "to" and lemma in TO_CONTENT_VERBS):
            if dep == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
                continue
            keep.extend(child.subtree)
    if lemma in BELIEF_VERBS and lemma not in BELIEF_OBJECT_VERBS \
            and not any(c.dep_ in CLAUSE_DEPS for c in verb.children):
        return []  # "wants a recount" says little; "wants to ..." / "believes that ..." say what
    keep.sort(key=lambda t: t.i)
    while keep and (keep[0].is_punct or keep[0].dep_ in ("prt", "mark") or keep[0].lower_ == "that"):
        keep = keep[1:]
    while keep and keep[-1].is_punct and keep[-1].text not in ("?", "!", "”", "\""):
        keep = keep[:-1]
    return keep


def _relative_misparsed(verb: Token) -> bool:
    """"request targets they want hit": a relative clause without "that" that the parser took for
    the complement of the verb before it (its subject follows that verb's object directly)."""
    if verb.dep_ != "ccomp":
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subj is None or subj.left_edge.i == 0:
        return False
    before = verb.doc[subj.left_edge.i - 1]
    return before.dep_ == "dobj" and before.head.i == verb.head.i and before.pos_ in ("NOUN", "PROPN")


def _holder_of_relative(att: Attributor, verb: Token) -> bool:
    """Whether a relative clause's verb is an act of someone it names: a subject of its own ("the
    plan the mayor criticized", "the mayor, who criticized"), but not "which" or "that" (a thing's
    doing: "the report, which echoed earlier warnings", "a speech that sought ..."), and not inside
    another claim's content (where it is nested)."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in ("which", "that"):
        return False
    return not any(s <= verb.idx < e for c in att.claims for s, e in c.segments)


def complement_claims(att: Attributor) -> None:
    """Claims from the verbs of STATEMENT_ACTS, BELIEF_VERBS and FINDING_VERBS whose content is their
    complement; a verb already cue of a claim, or inside a quotation, is skipped."""
    cues = {c.cue.i for c in att.claims if c.cue is not None}
    for verb in att.doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in COMPLEMENT_VERBS or verb.i in cues:
            continue
        if lemma in REPORTING_VERBS and any(c.dep_ == "ccomp" for c in verb.children) and lemma not in BELIEF_VERBS:
            continue  # a that-clause after a reporting verb: the reported-speech rule's
        if verb.dep_ in ("amod", "acl", "pcomp") or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
            continue  # "the proposed plan", "a man described as", "was called": no act of a subject
        if verb.dep_ == "relcl" and not _holder_of_relative(att, verb):
            continue
        if _relative_misparsed(verb):
            continue
        subj = subject(verb)
        if subj is None or att.inside_quote(verb.idx, verb.idx + len(verb.text)):
            continue
        content = att.content_segments(_content_tokens(verb), MIN_CONTENT_CHARS)
        if content is None:
            continue  # too little, or the quotation itself: a direct claim already
        segments, form = content
        # "The campaign called the charges false": a body acts in words as a person does
        body = lemma in STATEMENT_ACTS and subj.lemma_.lower() in SPEAKING_BODIES
        speakers = att.speakers.resolve(subj, any_noun=is_speech(verb) or body)
        if not speakers:
            continue
        kind = attribution_kind(verb, speakers)
        att.claims.append(ClaimDraft(form, segments, speakers, verb, dates_near(verb, segments, att.sent_dates),
                                     attribution=kind))
