"""Findings framed by a poll: "In a new poll, 60 percent of voters said they ..." reports what the poll
found. The poll is the source, and the whole main clause (its inner "said" included) is the finding:
the respondents speak only through the poll, as annotators mark it and as a careful reader takes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from service.nlp.cues import ClaimDraft, dates_near
from service.nlp.lexicon import POLL_NOUNS

if TYPE_CHECKING:
    from service.nlp.attribution import Attributor

# The fewest characters a finding holds ("she led", "he doesn't" are findings too, but not less).
MIN_CHARS = 8


def _poll_phrase(opener: Token) -> Token | None:
    """The poll named by a sentence-opening "In <poll>," ("In the latest survey, ..."), if it is one."""
    if opener.lower_ != "in" or opener.dep_ != "prep":
        return None
    poll = next((c for c in opener.children if c.dep_ == "pobj"), None)
    if poll is None or poll.lemma_.lower() not in POLL_NOUNS or poll.pos_ != "NOUN":
        return None
    return poll


def poll_claims(att: Attributor) -> None:
    """"In <a poll>, <clause>": the clause after the comma is what the poll found."""
    for sent in att.doc.sents:
        opener = sent[0]
        poll = _poll_phrase(opener)
        if poll is None:
            continue
        after = max(t.i for t in opener.subtree) + 1
        if after >= sent.end or att.doc[after].text != ",":
            continue  # "In the poll the lead ..." without a comma: where the phrase ends is a guess
        tokens = list(att.doc[after + 1:sent.end])
        content = att.content_segments(tokens, MIN_CHARS)
        if content is None or att.inside_quote(content[0][0][0], content[0][-1][1]):
            continue
        speakers = att.speakers.resolve(poll, any_noun=True)
        if not speakers:
            continue
        segments = [(content[0][0][0], content[0][-1][1])]
        att.claims.append(ClaimDraft(content[1], segments, speakers, opener,
                                     dates_near(opener, segments, att.sent_dates), attribution="finding"))
