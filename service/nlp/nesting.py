"""A participle of speech after a comma starts an attribution of its own: "She dismissed the charges,
saying the audit was flawed" is two attributions (the dismissal and what she said), not one whose
content runs on through "saying"; so is an act of speech reported without its words ("He said the
forms were ready, calling them dull", "..., echoing a memo"). News writes the second act this way constantly, and annotators
mark it apart; without the cut, the second claim lies inside the first and is dropped as nested.
"""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.cues import ClaimDraft, is_speech
from service.nlp.lexicon import STATEMENT_ACTS

# What may stand between the comma and the participle: "..., again saying", "— only adding".
BETWEEN = ("advmod", "cc")
# The fewest characters the first claim keeps after the cut.
MIN_KEPT = 12


def _cut_before(cue: Token) -> int | None:
    """The character offset of the comma or dash that opens the participle's phrase, if one does."""
    doc = cue.doc
    i = cue.i - 1
    while i > cue.sent.start and doc[i].dep_ in BETWEEN and doc[i].head.i == cue.i:
        i -= 1
    if i <= cue.sent.start or doc[i].text not in (",", "—", "–", "-", "--", ";"):
        return None
    return doc[i].idx


def split_participle_claims(claims: list[ClaimDraft]) -> None:
    """Cut every claim's content before a participle of speech ("..., saying ...") that is the cue of
    another claim inside it, so that both stay: the first up to the comma, the second on its own."""
    participles = [c for c in claims if c.cue is not None and c.cue.tag_ == "VBG"
                   and (is_speech(c.cue) or c.cue.lemma_.lower() in STATEMENT_ACTS)
                   and c.cue.dep_ in ("advcl", "xcomp", "conj")]
    cuts: dict[int, tuple[ClaimDraft, list[tuple[int, int]]]] = {}  # all found first: a failure changes nothing
    for inner in participles:
        at = inner.cue.idx
        cut = _cut_before(inner.cue)
        if cut is None:
            continue
        for outer in claims:
            if outer is inner or outer.kind == "direct" or outer.cue is None or outer.cue.idx >= cut:
                continue
            if not any(s <= at < e for s, e in outer.segments) or inner.end > outer.end:
                continue
            segments = cuts[id(outer)][1] if id(outer) in cuts else outer.segments
            kept = [(s, min(e, cut)) for s, e in segments if s < cut]
            kept = [(s, e) for s, e in kept if e > s]
            if kept and sum(e - s for s, e in kept) >= MIN_KEPT:
                cuts[id(outer)] = (outer, kept)
    for outer, kept in cuts.values():
        outer.segments = kept
