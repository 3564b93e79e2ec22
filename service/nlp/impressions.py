"""Expectations and impressions that news states without naming whose they are: "the plant is
expected to close in May", "the mayor seemed to enjoy the fight", "the deal appears to be dead".

They are beliefs (nkg:Belief) held by nobody the article names, unless a "by" phrase names them
("is expected by analysts to ...") or the infinitive is the subject's own act of speech or thought
("she seemed to imply ...": hers). The content is the subject with the infinitive that follows
the verb, without the verb itself: two pieces around it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from service.nlp.cues import ClaimDraft, dates_near
from service.nlp.lexicon import BELIEF_VERBS, REPORTING_VERBS, STATEMENT_ACTS

if TYPE_CHECKING:
    from service.nlp.attribution import Attributor

# "X is expected to ...": passive verbs of expectation.
EXPECTATION_VERBS = frozenset("expect anticipate project predict".split())
# "X seems to ...", "X appears to ...": the writer's or the public's impression, owned by nobody.
IMPRESSION_VERBS = frozenset("seem appear".split())
# The fewest characters of the content: "it is expected to" alone says nothing.
MIN_CHARS = 15


def _infinitive(verb: Token) -> Token | None:
    """The "to ..." complement of the verb, if it has one."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.i > verb.i and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            return child
    return None


def impression_claims(att: Attributor) -> None:
    """A belief claim for every "X is expected to ..." outside a quotation; the speaker is the
    "by" phrase when there is one, else nobody."""
    cues = {c.cue.i for c in att.claims if c.cue is not None}
    for verb in att.doc:
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or verb.i in cues or lemma not in EXPECTATION_VERBS | IMPRESSION_VERBS:
            continue
        wanted = "nsubjpass" if lemma in EXPECTATION_VERBS else "nsubj"
        subj = next((c for c in verb.children if c.dep_ == wanted), None)
        if subj is None or subj.i > verb.i or att.inside_quote(verb.idx, verb.idx + len(verb.text)):
            continue
        inf = _infinitive(verb)
        if inf is None:
            continue
        tokens = sorted([*subj.subtree, *inf.subtree], key=lambda t: t.i)
        content = att.content_segments(tokens, MIN_CHARS)
        if content is None:
            continue
        segments, form = content
        by = next((c for c in verb.children if c.dep_ == "agent"), None)
        who = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        speakers = att.speakers.resolve(who, any_noun=True) if who is not None else []
        if not speakers and inf.lemma_.lower() in REPORTING_VERBS | BELIEF_VERBS | STATEMENT_ACTS:
            # "she seemed to imply ...", "he appears to believe ...": her own act or thought, hedged.
            speakers = att.speakers.resolve(subj, any_noun=True)
        att.claims.append(ClaimDraft(form, segments, speakers, verb,
                                     dates_near(verb, segments, att.sent_dates), attribution="belief"))
