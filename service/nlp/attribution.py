"""Claims: who said what. The Attributor holds what every claim rule reads (the document, its
quotations, its speakers, the dates of each sentence) and runs the rules in turn: direct
quotations (direct_speech), reported speech and "according to" (reported_speech), polls' findings
(poll_findings), complements, questions, impressions and speaker lines; then it drops the claims
nested in another's content and those whose cue is negated or a condition (assertion).
"""

from __future__ import annotations

import logging
from bisect import bisect_right
from spacy.tokens import Doc, Span, Token

from service.nlp.assertion import asserted
from service.nlp.complements import complement_claims
from service.nlp.cues import ClaimDraft, attribution_kind
from service.nlp.direct_speech import direct_claims
from service.nlp.impressions import impression_claims
from service.nlp.nesting import split_participle_claims
from service.nlp.poll_findings import poll_claims
from service.nlp.questions import question_claims
from service.nlp.quotes import Quote
from service.nlp.reported_speech import (according_to_claims, as_said_claims, parenthetical_claims,
                                         reported_claims, reported_object_claims)
from service.nlp.senses import other_sense
from service.nlp.speaker_lines import speaker_line_claims
from service.nlp.speakers import SpeakerResolver

log = logging.getLogger(__name__)



class Attributor:
    """One document's claims in the making: the rules read its quotations, speakers and sentence
    dates from here and append to ``claims``."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        self.speakers = SpeakerResolver(doc)
        self.quotes: list[Quote] = sorted(doc._.nkg_quotes, key=lambda q: q.start)
        self.claims: list[ClaimDraft] = []
        # Sorted starts and ends, so that "is this inside a quotation?" is a bisection, not a scan.
        self._quote_starts = [q.start for q in self.quotes]
        pieces = sorted(p for q in self.quotes for p in q.pieces)
        self._piece_starts = [s for s, _ in pieces]
        self._piece_ends = [e for _, e in pieces]
        self.sent_dates: dict[int, list[Span]] = {}
        for ent in doc.ents:
            if ent.label_ == "DATE":
                self.sent_dates.setdefault(ent.sent.start, []).append(ent)

    # ------------------------------------------------------------ what the rules read
    def span(self, start: int, end: int, mode: str) -> Span | None:
        """The tokens over characters ``start:end``; None for an empty or reversed range (a
        quotation's window can close before it opens when quotations nest or run on)."""
        if end <= start:
            return None
        return self.doc.char_span(start, end, alignment_mode=mode)

    def inside_quote(self, start: int, end: int) -> bool:
        """Whether characters ``start:end`` lie inside one quotation (give or take its marks)."""
        # Quotations do not overlap: only the last one starting at or before start + 2 can hold it.
        i = bisect_right(self._quote_starts, start + 2) - 1
        return any(self.quotes[j].start - 2 <= start and end <= self.quotes[j].end + 2 for j in (i, i - 1) if j >= 0)

    def end_of_quote_before(self, at: int) -> int:
        """The end of the last quotation that closes at or before ``at`` (0 when none does)."""
        i = bisect_right(self._quote_starts, at) - 1
        while i >= 0 and self.quotes[i].end > at:  # the quotation around ``at``, if any, is skipped
            i -= 1
        return self.quotes[i].end if i >= 0 else 0

    def quoted_share(self, start: int, end: int) -> float:
        """The share of characters ``start:end`` that lie inside quotation marks (0 to 1)."""
        covered = 0
        k = bisect_right(self._piece_ends, start)  # the first piece ending after start
        while k < len(self._piece_starts) and self._piece_starts[k] < end:
            covered += max(0, min(end, self._piece_ends[k]) - max(start, self._piece_starts[k]))
            k += 1
        return covered / max(1, end - start)

    def segments(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """Runs of consecutive tokens as character spans, without the punctuation at their ends."""
        runs: list[list[Token]] = []
        for t in tokens:
            if runs and t.i == runs[-1][-1].i + 1:
                runs[-1].append(t)
            else:
                runs.append([t])
        out = []
        for run in runs:
            while run and run[0].is_punct and run[0].text not in "“\"'":
                run = run[1:]
            while run and run[-1].is_punct and run[-1].text not in ("?", "!", "”", "\"", "'"):
                run = run[:-1]
            if run:
                out.append((run[0].idx, run[-1].idx + len(run[-1].text)))
        return out

    def content_segments(self, tokens: list[Token], min_chars: int) -> tuple[list[tuple[int, int]], str] | None:
        """A claim's content tokens as character segments, with the claim's form: "mixed" when part
        of it is quoted, else "indirect". None when the segments hold fewer than ``min_chars``
        characters, or when the content is mostly a quotation (a direct claim already)."""
        segments = self.segments(tokens)
        if not segments or sum(e - s for s, e in segments) < min_chars:
            return None
        share = self.quoted_share(segments[0][0], segments[-1][1])
        if share > 0.6:
            return None
        return segments, "mixed" if share > 0 else "indirect"

    # ------------------------------------------------------------ the rules, in run() order
    def direct(self) -> None:
        direct_claims(self)

    def reported(self) -> None:
        reported_claims(self)

    def parenthetical(self) -> None:
        parenthetical_claims(self)

    def reported_objects(self) -> None:
        reported_object_claims(self)

    def according_to(self) -> None:
        according_to_claims(self)

    def polls(self) -> None:
        poll_claims(self)

    def as_said(self) -> None:
        as_said_claims(self)

    def complements(self) -> None:
        complement_claims(self)

    def questions(self) -> None:
        question_claims(self)

    def impressions(self) -> None:
        impression_claims(self)

    def speaker_lines(self) -> None:
        speaker_line_claims(self)

    # ------------------------------------------------------------ one attribution per stretch of text
    def participles(self) -> None:
        split_participle_claims(self.claims)

    def _drop_nested(self) -> None:
        """A reported claim whose cue lies inside another claim's content is part of that content
        ("She said he believes ..."): one attribution per stretch of text, as annotators mark them."""
        spans = sorted(seg for c in self.claims for seg in c.segments)
        starts = [s for s, _e in spans]
        reach, furthest = [], -1  # reach[i]: the furthest end of spans[0..i]
        for _s, e in spans:
            furthest = max(furthest, e)
            reach.append(furthest)

        def inside(at: int) -> bool:
            k = bisect_right(starts, at) - 1
            return k >= 0 and reach[k] > at

        def own(c: ClaimDraft) -> bool:
            # "..., which he said the city should pay for": a clause holding its own cue is nested
            # only when another claim's content holds the cue too
            at = c.cue.idx
            return any(s <= at < e for s, e in c.segments) \
                and not any(s <= at < e for o in self.claims if o is not c for s, e in o.segments)

        self.claims = [c for c in self.claims
                       if c.kind == "direct" or c.cue is None or c.cue.lower_ == "according" or not inside(c.cue.idx)
                       or own(c)]

    def _drop_quotes_inside_reported_speech(self) -> None:
        """A quotation inside a reported clause is part of that (mixed) claim, not a second claim."""
        reported = sorted((c.start, c.end) for c in self.claims if c.kind != "direct")
        starts, reach, furthest = [s for s, _e in reported], [], -1
        for _s, e in reported:  # the furthest end of any reported claim starting at or before here
            furthest = max(furthest, e)
            reach.append(furthest)

        def inside(c: ClaimDraft) -> bool:
            i = bisect_right(starts, c.start) - 1
            return i >= 0 and c.end <= reach[i] + 2

        self.claims = [c for c in self.claims if c.kind != "direct" or not inside(c)]

    def _drop_unasserted(self) -> None:
        """Reported claims whose cue is negated or a condition ("did not say that ...", "if she
        confirms that ..."), or whose verb is used in a sense that reports nothing ("the costs add up
        to ..."): nobody said them. Last, so that a quotation inside one stays part of it."""
        self.claims = [c for c in self.claims
                       if c.kind == "direct" or asserted(c.cue) and not other_sense(c.cue, c.speakers)]

    def run(self) -> list[ClaimDraft]:
        """Every rule in turn; a rule that fails on this text is logged and the others' claims kept."""
        for name in ("direct", "reported", "parenthetical", "reported_objects", "according_to", "polls", "as_said",
                     "complements", "questions", "impressions", "speaker_lines", "participles",
                     "_drop_nested", "_drop_quotes_inside_reported_speech", "_drop_unasserted"):
            kept = list(self.claims)
            try:
                getattr(self, name)()
            except Exception:  # one bad span must never lose the article's other claims
                log.exception("claim rule %s failed on a %d-character text; its claims are skipped",
                              name, len(self.text))
                self.claims = kept
        self.claims.sort(key=lambda c: c.start)
        for c in self.claims:
            if c.attribution is None:
                c.attribution = attribution_kind(c.cue, c.speakers)
        return self.claims


def attribution_component(doc: Doc) -> Doc:
    """The newskg_attribution component: the document's claims in ``doc._.nkg_claims``."""
    doc._.nkg_claims = Attributor(doc).run()
    return doc
