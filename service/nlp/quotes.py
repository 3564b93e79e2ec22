"""Direct quotations found in the text by their marks, including the common breakages.

Handles curly and straight double quotes and the typewriter ``''`` pair; a paragraph that closes
a quotation it never opened (the opening mark was lost) is quoted from its start; a quotation
left open at the end of a paragraph runs on into the next paragraph when that one opens with a
mark, as news style writes multi-paragraph quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

OPENERS = {"“", "«", "„"}
CLOSERS = {"”", "»"}
MARKS = re.compile(r"“|”|«|»|„|\"|''")


@dataclass
class Quote:
    """A quotation's content (marks excluded); ``pieces`` when it runs over several paragraphs."""

    start: int
    end: int
    pieces: list[tuple[int, int]] = field(default_factory=list)
    missing_open: bool = False

    def text(self, doc_text: str) -> str:
        return " ".join(_trim(doc_text[s:e]) for s, e in self.pieces)


def _trim(text: str) -> str:
    return text.strip().rstrip(",").strip()


def _is_opening(text: str, i: int, mark: str) -> bool:
    if mark in OPENERS:
        return True
    if mark in CLOSERS:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(mark)] if i + len(mark) < len(text) else " "
    if before.isspace() or before in "([{—–-/":
        return not after.isspace()
    return False


def _opens_despite_spacing(text: str, marks: list, n: int, nothing_open: bool) -> bool:
    """A straight mark glued to the punctuation before it (`said,"Yes`, `said," Yes`) that looks
    like a closing one but opens a quotation: nothing is open and the paragraph's next mark is a
    straight one that closes, with text between the two."""
    mark = marks[n].group()
    if mark != '"' or not nothing_open or n + 1 >= len(marks) or marks[n + 1].group() != '"':
        return False
    nxt = marks[n + 1].start()
    if _is_opening(text, nxt, '"'):
        return False
    i = marks[n].start()
    return i > 0 and text[i - 1] in ",:;" and text[marks[n].end():nxt].strip() != ""


def find_quotes(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    carry: Quote | None = None  # a quotation running on from the previous paragraph
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        p_start, p_end = para.start(), para.end()
        open_at: int | None = None
        closed_here = False  # a quotation already ended in this paragraph
        pending = carry
        carry = None
        marks = list(MARKS.finditer(text, p_start, p_end))
        for n, m in enumerate(marks):
            mark, i = m.group(), m.start()
            if _is_opening(text, i, mark) or _opens_despite_spacing(text, marks, n, open_at is None and pending is None):
                if pending is not None and i == p_start:
                    open_at = m.end()  # the continuation paragraph's own opening mark
                    continue
                if pending is not None:
                    quotes.append(pending)
                    pending = None
                open_at = m.end()
            else:
                if open_at is None:
                    if pending is not None:
                        continue
                    # Closed but never opened: the opening mark was lost at the paragraph start,
                    # unless an earlier quotation in this paragraph (or one running on into it)
                    # already ended.
                    if closed_here:
                        continue
                    q = Quote(p_start, i, [(p_start, i)], missing_open=True)
                else:
                    q = pending or Quote(open_at, i)
                    q.pieces.append((open_at, i))
                    q.end = i
                    pending = None
                quotes.append(q)
                closed_here = True
                open_at = None
        if open_at is not None:
            # Left open at the paragraph end: may continue in the next paragraph.
            q = pending or Quote(open_at, p_end)
            q.pieces.append((open_at, p_end))
            q.end = p_end
            carry = q
        elif pending is not None:
            quotes.append(pending)
    if carry is not None:
        quotes.append(carry)
    return [q for q in quotes if q.end > q.start and q.text(text)]


def quotes_component(doc: Doc) -> Doc:
    doc._.nkg_quotes = find_quotes(doc.text)
    return doc
