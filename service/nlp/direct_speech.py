"""Direct quotations as claims: each quotation gets its cue ("she said") and speaker, the pieces
of one statement around its cue are joined (“A,” he said, “B.”), a quotation with no cue of its
own continues the last speaker's, and a quotation followed by a dash and a source is a cited line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from service.nlp.cues import ClaimDraft, dates_near, is_cue, is_speech, subject
from service.nlp.entities import Cluster
from service.nlp.lexicon import INVERTED_OPENERS
from service.nlp.quotation_acts import (act_after_quotation, act_before_colon, act_before_quotation, mark_before,
                                        opens_sentence)
from service.nlp.quotes import Quote

if TYPE_CHECKING:
    from service.nlp.attribution import Attributor

# The longest cue clause between two pieces of one quotation (", said Jane Doe, a ... in Lyon, adding").
MAX_CUE_GAP = 250


def _paragraph(att: Attributor, quote: Quote) -> tuple[int, int]:
    text = att.text
    para_end = text.find("\n\n", quote.end)
    para_start = text.rfind("\n\n", 0, quote.start)
    return (0 if para_start < 0 else para_start + 2), (len(text) if para_end < 0 else para_end)


def _closes_its_sentence(att: Attributor, quote: Quote) -> bool:
    """“... allowed to stay.” Former mayor Jane Doe called ...: a quotation that ends in a full stop
    (not an abbreviation's) with a capital after its closing mark ends its sentence; a cue after it
    is the next sentence's, not its own."""
    inside = att.text[max(0, quote.end - 12):quote.end]
    # "..." trails off, and "U.S." is an abbreviation: neither need end the sentence.
    if not inside.endswith(".") or inside.split()[-1].count(".") > 1:
        return False
    after = att.text[quote.end:quote.end + 4].lstrip('”"\'’ ')
    return after[:1].isupper()


def _cue_after(att: Attributor, quote: Quote, next_quote_start: int, para_end: int) -> Token | None:
    """The cue after a quotation, up to the end of its sentence: ", he said." / ", said X, the ..."."""
    after = att.span(quote.end, min(next_quote_start, para_end), "expand")
    if after is None or _closes_its_sentence(att, quote):
        return None
    limit = None
    for t in after:
        if t.is_sent_end and t.i > after.start + 1 or t.text in (".", "?", "!") and t.i > after.start + 1:
            limit = t.i
            break
    for t in after[: (limit - after.start + 1) if limit else len(after)]:
        # A cue in a subordinate clause ("..., after the minister asked") is not this quote's.
        if is_cue(t) and t.idx >= quote.end and t.dep_ not in ("advcl", "relcl", "acl", "pcomp", "xcomp"):
            return t
    return None


def _window_cue(att: Attributor, quote: Quote, next_quote_start: int) -> Token | None:
    doc = att.doc
    para_start, para_end = _paragraph(att, quote)
    governing = _governing_cue(att, quote)
    if governing is not None:
        return governing
    after = _cue_after(att, quote, next_quote_start, para_end)
    if after is not None:
        return after
    # Before it, in the same sentence: "X said: “...”".
    prev_q_end = max(att.end_of_quote_before(quote.start), para_start)
    before = att.span(prev_q_end, quote.start, "contract")
    if before is not None and len(before):
        sent_start = doc[before.end - 1].sent.start if before.end > 0 else before.start
        for t in reversed(list(doc[max(before.start, sent_start):before.end])):
            if is_cue(t):
                return t
    return _colon_cue(att, quote, para_start) or act_before_quotation(att, quote) or act_after_quotation(att, quote)


def _inverted_opening(att: Attributor, quote: Quote) -> tuple[Token, Token] | None:
    """"Said Doe: “...”" / "Added Jane Roe, “...”": a sentence that opens with a verb of speech,
    then its speaker's name and a colon or comma right before the quotation. The model reads such
    a verb as a noun or a first name, so the parse gives no subject: the cue and the name's last word."""
    doc = att.doc
    i = mark_before(att, quote, 3)
    if i is None:
        return None
    j = i - 1
    while j > 0 and i - j <= 4 and doc[j].is_title and doc[j].lower_ not in INVERTED_OPENERS:
        j -= 1
    opener = doc[j]
    if opener.lower_ not in INVERTED_OPENERS or not opener.is_title or i - j < 2 \
            or not all(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in doc[j + 1:i]):
        return None
    if att.text[:opener.idx].rstrip()[-1:] not in ("", ".", "?", "!", "”", '"'):
        return None  # inside a sentence, a capitalised "Said" is a name
    return opener, doc[i - 1]


def _governing_cue(att: Attributor, quote: Quote) -> Token | None:
    """"X told the court that “...”": the quotation lies inside the clause of a cue before it."""
    first = att.span(quote.start, quote.end, "expand")
    if first is None or not len(first):
        return None
    tok = first[0]
    child = tok
    for anc in tok.ancestors:
        if anc.idx >= quote.end or anc.sent != tok.sent:
            return None
        if is_cue(anc) and anc.idx < quote.start:
            # The clause itself must open the quotation ("said “the plan ...”"), not a word
            # quoted inside somebody else's clause ("said the plan was “unworkable”").
            if att.inside_quote(anc.idx, anc.idx + len(anc.text)) or not quote.start <= child.idx < quote.end \
                    or child.dep_ not in ("ccomp", "parataxis", "dobj"):
                return None
            return anc if subject(anc) is not None else None
        child = anc
    return None


def _colon_cue(att: Attributor, quote: Quote, para_start: int) -> Token | None:
    """"X said:" closing the paragraph before a quotation that fills its own paragraph."""
    text = att.text
    if para_start < 2 or quote.start - para_start > 2 or not text[:para_start].rstrip().endswith(":"):
        return None
    colon = len(text[:para_start].rstrip()) - 1
    span = att.span(colon, colon + 1, "expand")
    if span is None:
        return None
    sent = span[0].sent
    if any(q.start <= sent.start_char < q.end or q.start <= colon < q.end for q in att.quotes):
        return None
    for t in reversed(list(sent)):
        if is_cue(t) and t.dep_ not in ("advcl", "relcl", "acl", "pcomp", "xcomp"):
            return t
    if quote.missing_open:
        return None  # no opening mark: markup or a run-on, not a turn the colon hands over
    return act_before_colon(sent)  # "Jane Doe weighed in:", "as Doe noted, ...:"


def direct_claims(att: Attributor) -> None:
    """A direct claim for every quotation with a cue and a speaker, a source after a dash, or (no
    cue of its own) the last speaker's; a short quotation inside a sentence is left to reported speech."""
    quotes = att.quotes
    used: set[int] = set()
    prev: ClaimDraft | None = None
    for n, q in enumerate(quotes):
        if n in used:
            continue
        nxt = quotes[n + 1].start if n + 1 < len(quotes) else len(att.text)
        inverted = _inverted_opening(att, q)
        cue = inverted[0] if inverted is not None else _window_cue(att, q, nxt)
        if cue is None and n + 1 < len(quotes):
            cue = _act_between_pieces(att, q, quotes[n + 1])
        words = len(q.text(att.text).split())
        if words < 4 and not opens_sentence(att.text, q.start) and not _right_after(att, q, cue):
            # a partial quotation inside someone's reported speech, not a claim alone; the quotations
            # after it are left to make claims of their own ("called it “a sham” and said “...”")
            continue
        segments = list(q.pieces)
        for k in _joined(att, n, cue):
            segments += quotes[k].pieces
            used.add(k)
        source = _dash_source(att, q) if cue is None else None
        if source is not None:
            # “Headline or saying” — Source, date: a cited line and who wrote it.
            claim = ClaimDraft("direct", segments, [source], None, [])
        elif cue is not None:
            subj = inverted[1] if inverted is not None else subject(cue)
            any_noun = inverted is not None or is_speech(cue)
            speakers = att.speakers.resolve(subj, any_noun=any_noun) if subj is not None else []
            if not speakers:
                continue
            claim = ClaimDraft("direct", segments, speakers, cue, dates_near(cue, segments, att.sent_dates))
        elif prev is not None and (q.missing_open or _starts_paragraph(att, q) or _continues(att, prev, q)) and words >= 4:
            # No cue of its own: a further quotation of the last speaker (news style).
            claim = ClaimDraft("direct", segments, prev.speakers, prev.cue, prev.date_tokens)
        else:
            continue
        att.claims.append(claim)
        if source is None:
            prev = claim  # a cited line stands alone: later quotations do not continue it


def _act_between_pieces(att: Attributor, q: Quote, q2: Quote) -> Token | None:
    """"“A,” she went on, “B.”": the act between two pieces of one quotation, in one sentence, is
    the cue of both."""
    act = act_before_quotation(att, q2)
    between = att.text[q.end:q2.start]
    if act is None or not q.end <= act.idx < q2.start or "\n" in between or re.search(r"[.?!]", att.text[q.end:act.idx]):
        return None
    return act


def _right_after(att: Attributor, q: Quote, cue: Token | None) -> bool:
    """Whether a quotation follows its cue with only a comma or colon (and the addressee or an
    adverb) between, and ends its sentence: "she said, “No.”", "told the paper simply, “We lost.”":
    a whole answer, however short."""
    if cue is None or cue.idx >= q.start:
        return False
    between = att.span(cue.idx + len(cue.text), q.start, "contract")
    if between is not None and any(not (t.is_punct or t.pos_ in ("ADV", "PROPN", "NOUN", "DET", "ADP"))
                                   for t in between):
        return False
    gap = att.text[cue.idx + len(cue.text):q.start].rstrip(' “"\'‘')
    after = att.text[q.end:q.end + 3].lstrip('”"\'’ ')
    return gap.endswith((",", ":")) and (after[:1] in ("", "\n") or att.text[q.end - 1:q.end + 1].strip()[-1:] in ".?!")


def _joined(att: Attributor, n: int, cue: Token | None) -> list[int]:
    """The quotations after ``quotes[n]`` that continue it as one statement under one cue, as
    the whole quotation in the same paragraph: “A,” he said, “B.” / “A,” he said. “B.” / “A.” “B.”
    A further quotation with a cue of its own (“B,” she replied) or after a second cue
    (he said, adding: “B”) starts a claim of its own."""
    quotes, text = att.quotes, att.text
    _para_start, para_end = _paragraph(att, quotes[n])
    out: list[int] = []
    last = quotes[n]
    for k in range(n + 1, len(quotes)):
        q2 = quotes[k]
        between = text[last.end:q2.start]
        if q2.start >= para_end or "\n" in between or len(between) > MAX_CUE_GAP:
            break
        if between.strip(' ,.:;“”"\'’‘') != "":
            # Only the cue's own clause may stand between the pieces.
            gap = att.span(last.end, q2.start, "contract")
            if cue is None or not last.end <= cue.idx < q2.start or gap is None \
                    or any(is_cue(t) and t.i != cue.i for t in gap) or "?" in between:
                break
        nxt = quotes[k + 1].start if k + 1 < len(quotes) else len(text)
        if _cue_after(att, q2, nxt, para_end) is not None or act_after_quotation(att, q2) is not None:
            break  # “B,” she said / “B,” he shot back: a turn of its own
        act = act_before_quotation(att, q2)
        if act is not None and (cue is None or act.i != cue.i) and re.search(r"[.?!]", text[last.end:act.idx]):
            break  # "..., she said. He shot back, “B.”": the other's turn ("“A,” she went on, “B.”" is one)
        out.append(k)
        last = q2
    return out


def _dash_source(att: Attributor, q: Quote) -> Cluster | None:
    """The source after a dash that follows a quotation: “...” — The Daily Post, May 2."""
    text = att.text
    # an em or en dash, or the horizontal bar made for quotation dashes ("” ― Name")
    m = re.match(r"[”\"'’»]?(?:\s*[—–―]\s*|\s+-\s+)", text[q.end:q.end + 8])
    line_end = text.find("\n", q.end)
    line_end = len(text) if line_end < 0 else line_end
    # A citation line: the quotation ends its sentence, and the source closes the line.
    if m is None or line_end - q.end > 100 or not opens_sentence(att.text, q.start):
        return None
    span = att.span(q.end + m.end(), min(len(text), q.end + m.end() + 80), "expand")
    if span is None or not len(span) or not span[0].is_title and not span[0].text[:1].isupper():
        return None
    first = span[0] if span[0].lower_ not in ("the", "a") or len(span) < 2 else span[1]
    c = att.speakers.index.get(first.i)
    if c is not None and c.kind in ("Person", "Organization"):
        return c
    def name_like(t: Token) -> bool:
        return t.text[:1].isupper() and t.ent_type_ not in ("DATE", "TIME") and not t.is_punct

    if c is None and name_like(first):
        last = first
        while last.i + 1 < len(att.doc) and name_like(att.doc[last.i + 1]):
            last = att.doc[last.i + 1]
        return att.speakers.unrecognised_source(first.i, last.i + 1)
    return None



def _starts_paragraph(att: Attributor, q: Quote) -> bool:
    text = att.text
    i = q.start - 1
    while i >= 0 and text[i] in "“\"'« ":
        i -= 1
    return i < 0 or text[i] == "\n"


def _continues(att: Attributor, prev: ClaimDraft, q: Quote) -> bool:
    """A further quotation in the same paragraph as the last one, with no cue of its own."""
    between = att.text[prev.end:q.start]
    return "\n\n" not in between and prev.kind == "direct"
