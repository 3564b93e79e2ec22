"""An article's text as HTML paragraphs with its claims highlighted (each followed by its
speakers, linked to their pages) and its entity mentions linked, from character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Span:
    """A stretch of the text to mark: a claim (``speakers``, ``kind``) or a mention (``href``)."""

    start: int
    end: int
    href: str | None = None
    label: str = ""
    kind: str = ""
    anchor: str = ""
    speakers: list = field(default_factory=list)  # [{"label", "href"}]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each paragraph: runs of text between blank lines.

    >>> paragraphs("One.\\n\\nTwo,\\nstill two.\\n\\n\\nThree.")
    [(0, 4), (6, 21), (24, 30)]
    """
    spans, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def _disjoint(spans: list[Span], length: int) -> list[Span]:
    """The spans to draw, none overlapping another (the earliest, then the longest, wins),
    clipped to the text; the others are left out of the drawing (not of the page's tables)."""
    chosen, last_end = [], -1
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if s.start >= last_end and 0 <= s.start < s.end <= length:
            chosen.append(s)
            last_end = s.end
    return chosen


def _at(spans: list[Span], pos: int) -> Span | None:
    for s in spans:
        if s.start <= pos < s.end:
            return s
    return None


def _speaker_tags(claim: Span) -> str:
    tags = []
    for who in claim.speakers:
        label = escape(who["label"])
        if who.get("href"):
            tags.append(f'<a class="speaker-tag" href="{escape(who["href"])}" title="said by {label}">{label}</a>')
        else:
            tags.append(f'<span class="speaker-tag">{label}</span>')
    return "".join(tags)


def annotate(text: str, claims: list[Span], mentions: list[Span]) -> list[Markup]:
    """The text as ``<p>`` contents: each claim in a ``<mark class="claim">`` followed by its
    speakers' tags, each mention an ``<a class="mention">``; everything else escaped."""
    claims = _disjoint(claims, len(text))
    mentions = _disjoint(mentions, len(text))
    cuts = {0, len(text)}
    for s in (*claims, *mentions):
        cuts.update((s.start, s.end))
    out = []
    spans = paragraphs(text)
    for i, (p_start, p_end) in enumerate(spans):
        # A claim that reaches past this paragraph but not into the next one (its closing quote,
        # say) ends here: its speakers are shown here.
        next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        points = sorted({p_start, p_end} | {c for c in cuts if p_start < c < p_end})
        html, open_claim = [], None
        for a, b in zip(points, points[1:]):
            claim = _at(claims, a)
            if claim is not open_claim:
                if open_claim is not None:
                    html.append("</mark>")
                    if open_claim.end <= a:
                        html.append(_speaker_tags(open_claim))
                if claim is not None:
                    anchor = f' id="{escape(claim.anchor)}"' if claim.anchor and claim.start == a else ""
                    html.append(f'<mark class="claim kind-{escape(claim.kind)}"{anchor}>')
                open_claim = claim
            piece = escape(text[a:b]).replace("\n", Markup("<br>"))
            mention = _at(mentions, a)
            if mention is not None and mention.href:
                html.append(f'<a class="mention" href="{escape(mention.href)}" title="{escape(mention.label)}">{piece}</a>')
            else:
                html.append(str(piece))
        if open_claim is not None:
            html.append("</mark>")
            if open_claim.end <= next_start:
                html.append(_speaker_tags(open_claim))
        out.append(Markup("".join(html)))
    return out
