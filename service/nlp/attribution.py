"""Claims: who said what. Direct quotations get their cue and speaker; reported speech
("X said (that) ...", "X told Y ...") and "according to X" become claims of their own.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from spacy.tokens import Doc, Span, Token

from service.nlp.clauses import that_clause_on_a_modifier
from service.nlp.complements import complement_claims
from service.nlp.cues import ClaimDraft, attribution_kind, dates_near, is_cue, is_speech, subject
from service.nlp.entities import Cluster
from service.nlp.lexicon import CLAUSE_VERBS
from service.nlp.impressions import impression_claims
from service.nlp.questions import question_claims
from service.nlp.quotes import Quote
from service.nlp.speaker_lines import speaker_line_claims
from service.nlp.speakers import SpeakerResolver

log = logging.getLogger(__name__)

# Verbs whose direct object is itself what was said ("reported divisions", "disclosed a plan").
OBJECT_VERBS = {"report", "reveal", "disclose"}
# The longest cue clause between two pieces of one quotation (", said Jane Doe, a ... in Lyon, adding").
MAX_CUE_GAP = 250


class Attributor:
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

    def _span(self, start: int, end: int, mode: str) -> Span | None:
        """The tokens over characters ``start:end``; None for an empty or reversed range (a
        quotation's window can close before it opens when quotations nest or run on)."""
        if end <= start:
            return None
        return self.doc.char_span(start, end, alignment_mode=mode)

    # ------------------------------------------------------------ direct quotations
    def _paragraph(self, quote: Quote) -> tuple[int, int]:
        text = self.text
        para_end = text.find("\n\n", quote.end)
        para_start = text.rfind("\n\n", 0, quote.start)
        return (0 if para_start < 0 else para_start + 2), (len(text) if para_end < 0 else para_end)

    def _cue_after(self, quote: Quote, next_quote_start: int, para_end: int) -> Token | None:
        """The cue after a quotation, up to the end of its sentence: ", he said." / ", said X, the ..."."""
        after = self._span(quote.end, min(next_quote_start, para_end), "expand")
        if after is None:
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

    def _window_cue(self, quote: Quote, next_quote_start: int) -> Token | None:
        doc = self.doc
        para_start, para_end = self._paragraph(quote)
        governing = self._governing_cue(quote)
        if governing is not None:
            return governing
        after = self._cue_after(quote, next_quote_start, para_end)
        if after is not None:
            return after
        # Before it, in the same sentence: "X said: “...”".
        prev_q_end = max(self._end_of_quote_before(quote.start), para_start)
        before = self._span(prev_q_end, quote.start, "contract")
        if before is not None and len(before):
            sent_start = doc[before.end - 1].sent.start if before.end > 0 else before.start
            for t in reversed(list(doc[max(before.start, sent_start):before.end])):
                if is_cue(t):
                    return t
        return self._colon_cue(quote, para_start)

    def _governing_cue(self, quote: Quote) -> Token | None:
        """"X told the court that “...”": the quotation lies inside the clause of a cue before it."""
        first = self._span(quote.start, quote.end, "expand")
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
                if self._inside_quote(anc.idx, anc.idx + len(anc.text)) or not quote.start <= child.idx < quote.end \
                        or child.dep_ not in ("ccomp", "parataxis", "dobj"):
                    return None
                return anc if subject(anc) is not None else None
            child = anc
        return None

    def _colon_cue(self, quote: Quote, para_start: int) -> Token | None:
        """"X said:" closing the paragraph before a quotation that fills its own paragraph."""
        text = self.text
        if para_start < 2 or quote.start - para_start > 2 or not text[:para_start].rstrip().endswith(":"):
            return None
        colon = len(text[:para_start].rstrip()) - 1
        span = self._span(colon, colon + 1, "expand")
        if span is None:
            return None
        sent = span[0].sent
        if any(q.start <= sent.start_char < q.end or q.start <= colon < q.end for q in self.quotes):
            return None
        for t in reversed(list(sent)):
            if is_cue(t) and t.dep_ not in ("advcl", "relcl", "acl", "pcomp", "xcomp"):
                return t
        return None

    def direct(self) -> None:
        quotes = self.quotes
        used: set[int] = set()
        prev: ClaimDraft | None = None
        for n, q in enumerate(quotes):
            if n in used:
                continue
            nxt = quotes[n + 1].start if n + 1 < len(quotes) else len(self.text)
            cue = self._window_cue(q, nxt)
            segments = list(q.pieces)
            for k in self._joined(n, cue):
                segments += quotes[k].pieces
                used.add(k)
            words = len(q.text(self.text).split())
            if words < 4 and not self._starts_sentence(q):
                continue  # a partial quotation inside someone's reported speech, not a claim alone
            source = self._dash_source(q) if cue is None else None
            if source is not None:
                # “Headline or saying” — Source, date: a cited line and who wrote it.
                claim = ClaimDraft("direct", segments, [source], None, [])
            elif cue is not None:
                subj = subject(cue)
                speakers = self.speakers.resolve(subj, any_noun=is_speech(cue)) if subj is not None else []
                if not speakers:
                    continue
                claim = ClaimDraft("direct", segments, speakers, cue, dates_near(cue, segments, self.sent_dates))
            elif prev is not None and (q.missing_open or self._starts_paragraph(q) or self._continues(prev, q)) and words >= 4:
                # No cue of its own: a further quotation of the last speaker (news style).
                claim = ClaimDraft("direct", segments, prev.speakers, prev.cue, prev.date_tokens)
            else:
                continue
            self.claims.append(claim)
            if source is None:
                prev = claim  # a cited line stands alone: later quotations do not continue it

    def _joined(self, n: int, cue: Token | None) -> list[int]:
        """The quotations after ``quotes[n]`` that continue it as one statement under one cue, as
        the whole quotation in the same paragraph: “A,” he said, “B.” / “A,” he said. “B.” / “A.” “B.”
        A further quotation with a cue of its own (“B,” she replied) or after a second cue
        (he said, adding: “B”) starts a claim of its own."""
        quotes, text = self.quotes, self.text
        _para_start, para_end = self._paragraph(quotes[n])
        out: list[int] = []
        last = quotes[n]
        for k in range(n + 1, len(quotes)):
            q2 = quotes[k]
            between = text[last.end:q2.start]
            if q2.start >= para_end or "\n" in between or len(between) > MAX_CUE_GAP:
                break
            if between.strip(' ,.:;“”"\'’‘') != "":
                # Only the cue's own clause may stand between the pieces.
                gap = self._span(last.end, q2.start, "contract")
                if cue is None or not last.end <= cue.idx < q2.start or gap is None \
                        or any(is_cue(t) and t.i != cue.i for t in gap) or "?" in between:
                    break
            nxt = quotes[k + 1].start if k + 1 < len(quotes) else len(text)
            if self._cue_after(q2, nxt, para_end) is not None:
                break
            out.append(k)
            last = q2
        return out

    def _dash_source(self, q: Quote) -> Cluster | None:
        """The source after a dash that follows a quotation: “...” — The Daily Post, May 2."""
        text = self.text
        m = re.match(r"[”\"'’»]?(?:\s*[—–]\s*|\s+-\s+)", text[q.end:q.end + 8])
        line_end = text.find("\n", q.end)
        line_end = len(text) if line_end < 0 else line_end
        # A citation line: the quotation ends its sentence, and the source closes the line.
        if m is None or line_end - q.end > 100 or not self._starts_sentence(q):
            return None
        span = self._span(q.end + m.end(), min(len(text), q.end + m.end() + 80), "expand")
        if span is None or not len(span) or not span[0].is_title and not span[0].text[:1].isupper():
            return None
        first = span[0] if span[0].lower_ not in ("the", "a") or len(span) < 2 else span[1]
        c = self.speakers.index.get(first.i)
        if c is not None and c.kind in ("Person", "Organization"):
            return c
        def name_like(t: Token) -> bool:
            return t.text[:1].isupper() and t.ent_type_ not in ("DATE", "TIME") and not t.is_punct

        if c is None and name_like(first):
            last = first
            while last.i + 1 < len(self.doc) and name_like(self.doc[last.i + 1]):
                last = self.doc[last.i + 1]
            return self.speakers.unrecognised_source(first.i, last.i + 1)
        return None

    def _starts_sentence(self, q: Quote) -> bool:
        text = self.text
        i = q.start - 1
        while i >= 0 and text[i] in "“\"'« ":
            i -= 1
        return i < 0 or text[i] in ".!?:\n"

    def _starts_paragraph(self, q: Quote) -> bool:
        text = self.text
        i = q.start - 1
        while i >= 0 and text[i] in "“\"'« ":
            i -= 1
        return i < 0 or text[i] == "\n"

    def _continues(self, prev: ClaimDraft, q: Quote) -> bool:
        """A further quotation in the same paragraph as the last one, with no cue of its own."""
        between = self.text[prev.end:q.start]
        return "\n\n" not in between and prev.kind == "direct"

    # ------------------------------------------------------------ reported speech
    def _inside_quote(self, start: int, end: int) -> bool:
        # Quotations do not overlap: only the last one starting at or before start + 2 can hold it.
        i = bisect_right(self._quote_starts, start + 2) - 1
        return any(self.quotes[j].start - 2 <= start and end <= self.quotes[j].end + 2 for j in (i, i - 1) if j >= 0)

    def _end_of_quote_before(self, at: int) -> int:
        """The end of the last quotation that closes at or before ``at`` (0 when none does)."""
        i = bisect_right(self._quote_starts, at) - 1
        while i >= 0 and self.quotes[i].end > at:  # the quotation around ``at``, if any, is skipped
            i -= 1
        return self.quotes[i].end if i >= 0 else 0

    def _quoted_share(self, start: int, end: int) -> float:
        covered = 0
        k = bisect_right(self._piece_ends, start)  # the first piece ending after start
        while k < len(self._piece_starts) and self._piece_starts[k] < end:
            covered += max(0, min(end, self._piece_ends[k]) - max(start, self._piece_starts[k]))
            k += 1
        return covered / max(1, end - start)

    def _content_spans(self, clause: Token) -> list[tuple[int, int]]:
        """The clause's text, split where "..., and that ..." starts a second reported clause."""
        split_at = [c for c in clause.children if c.dep_ == "conj"
                    and any(g.dep_ == "mark" and g.lower_ in ("that", "whether") for g in c.children)]
        parts = []
        skip = set()
        for c in split_at:
            skip |= {t.i for t in c.subtree}
        # "said the plan was dead and added that ...": the parser often hangs the speaker's next
        # cue off the reported verb; that cue and what follows it are another claim, not this one.
        for t in clause.subtree:
            if t.dep_ == "conj" and t.i > clause.i and is_cue(t) and t.head.i == clause.i:
                skip |= {u.i for u in t.subtree} | {u.i for u in clause.subtree if u.i > t.i}
            elif t.dep_ in ("advcl", "conj") and t.i > clause.i and t.head.i == clause.i and is_cue(t) \
                    and any(c.dep_ == "nsubj" for c in t.children):
                skip |= {u.i for u in t.subtree}  # "..., although officials have said ...": their own claim
        tokens = [t for t in clause.subtree if t.i not in skip]
        parts.append(tokens)
        for c in split_at:
            parts.append(list(c.subtree))
        spans = []
        for toks in parts:
            while toks and (toks[0].dep_ == "mark" or toks[0].is_punct or toks[0].lower_ in ("that", "and")):
                toks = toks[1:]
            while toks and (toks[-1].is_punct or toks[-1].lower_ in ("and", "but")) and toks[-1].text not in ("?", "!"):
                toks = toks[:-1]
            if len(toks) >= 3:
                spans.append((toks[0].idx, toks[-1].idx + len(toks[-1].text)))
        return spans

    def reported(self) -> None:
        for verb in self.doc:
            if not is_cue(verb) or verb.lemma_.lower() not in CLAUSE_VERBS:
                continue
            clauses = [c for c in verb.children if c.dep_ == "ccomp"]
            if not clauses:
                on_modifier = that_clause_on_a_modifier(verb)  # "said in a statement that ..."
                clauses = [on_modifier] if on_modifier is not None else []
            misparsed = self._that_clause_misparsed(verb) if not clauses else None
            if not clauses and misparsed is None:
                continue
            subj = subject(verb)
            if subj is None:
                continue
            if self._inside_quote(verb.idx, verb.idx + len(verb.text)):
                continue
            speakers = self.speakers.resolve(subj, any_noun=is_speech(verb))
            if not speakers:
                continue  # "the siege revealed": no speaker; "the data show", "researchers found": sources
            spans = [span for clause in clauses for span in self._content_spans(clause)]
            if misparsed is not None:
                spans = [misparsed]
            for start, end in spans:
                if self._quoted_share(start, end) > 0.6:
                    continue  # the quotation itself, already a direct claim
                kind = "mixed" if self._quoted_share(start, end) > 0 else "indirect"
                self.claims.append(ClaimDraft(kind, [(start, end)], speakers, verb,
                                              dates_near(verb, [(start, end)], self.sent_dates)))

    def parenthetical(self) -> None:
        """"The plan, she said, is dead." / "The plan is dead, she said.": a cue set into or after
        the statement, which the parser hangs off the statement's verb (parataxis)."""
        for verb in self.doc:
            if verb.dep_ != "parataxis" or not is_cue(verb) or verb.lemma_.lower() not in CLAUSE_VERBS \
                    or any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children):
                continue
            subj = subject(verb)
            if subj is None or subj.head.i != verb.i or self._inside_quote(verb.idx, verb.idx + len(verb.text)):
                continue
            cue_phrase = {t.i for t in verb.subtree}
            tokens = [t for t in verb.head.subtree if t.i not in cue_phrase and not t.is_space]
            segments = self._segments(tokens)
            if not segments or sum(e - s for s, e in segments) < 12:
                continue
            start, end = segments[0][0], segments[-1][1]
            share = self._quoted_share(start, end)
            if share > 0.6:
                continue  # a quotation around its cue: a direct claim
            speakers = self.speakers.resolve(subj, any_noun=is_speech(verb))
            if speakers:
                self.claims.append(ClaimDraft("mixed" if share > 0 else "indirect", segments, speakers, verb,
                                              dates_near(verb, segments, self.sent_dates)))

    def _segments(self, tokens: list[Token]) -> list[tuple[int, int]]:
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

    def _that_clause_misparsed(self, verb: Token) -> tuple[int, int] | None:
        """"The report states that few if any ...": the parser took the complementiser "that"
        right after the cue for an object or a subordinate's mark; the clause is the rest of the
        sentence."""
        if verb.i + 2 >= len(self.doc):
            return None
        that = self.doc[verb.i + 1]
        if that.lower_ != "that" or that.tag_ != "IN" or that.head.i == verb.i and that.dep_ == "mark":
            return None
        if not (that.head.i == verb.i or verb in that.head.ancestors):
            return None
        tokens = [t for t in self.doc[that.i + 1:verb.sent.end] if not t.is_space]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in ("?", "!"):
            tokens = tokens[:-1]
        if len(tokens) < 4:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)

    def reported_objects(self) -> None:
        """"X reported divisions between ...": a reporting verb whose object is the content."""
        for verb in self.doc:
            if verb.lemma_.lower() not in OBJECT_VERBS or verb.pos_ != "VERB":
                continue
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            subj = subject(verb)
            if obj is None or subj is None or any(c.dep_ == "ccomp" for c in verb.children):
                continue
            toks = list(obj.subtree)
            if len(toks) < 5 or self._inside_quote(toks[0].idx, toks[-1].idx + 1):
                continue
            speakers = self.speakers.resolve(subj)
            if not speakers:
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            self.claims.append(ClaimDraft("indirect", [(start, end)], speakers, verb, dates_near(verb, [(start, end)], self.sent_dates)))

    def according_to(self) -> None:
        for tok in self.doc:
            if tok.lower_ != "according":
                continue
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            phrase = {t.i for t in tok.subtree}
            if obj is None and to is not None:
                # "According to Doe the plan ..." (no comma): the parser takes the name for a verb
                # and the statement for its object; the speaker is the name right after "to".
                obj = self._name_after(to)
                if obj is None:
                    continue
                phrase = set(range(tok.i, obj.i + 1))
            if obj is None:
                continue
            speakers = self.speakers.resolve(obj, any_noun=True)
            if not speakers:
                continue
            sent = tok.sent
            # The statement is the rest of the sentence around "according to X".
            tokens = [t for t in sent if t.i not in phrase]
            while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("and", ",")):
                tokens = tokens[:-1]
            while tokens and tokens[0].is_punct:
                tokens = tokens[1:]
            if len(tokens) < 3:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if self._inside_quote(start, end):
                continue
            self.claims.append(ClaimDraft("according_to", [(start, end)], speakers, tok, []))

    def as_said(self) -> None:
        """"As X told Y, <statement>": the main clause is what X said."""
        for verb in self.doc:
            if not is_cue(verb) or verb.dep_ != "advcl" or verb.lemma_.lower() not in CLAUSE_VERBS \
                    or any(c.dep_ == "ccomp" for c in verb.children) \
                    or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
                continue
            main = verb.head
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or main.pos_ not in ("VERB", "AUX") or main.i < verb.i:
                continue
            phrase = {t.i for t in verb.subtree}
            tokens = [t for t in main.subtree if t.i not in phrase]
            while tokens and (tokens[0].is_punct or tokens[0].i < verb.i):
                tokens = tokens[1:]
            while tokens and tokens[-1].is_punct:
                tokens = tokens[:-1]
            if len(tokens) < 3:
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if self._inside_quote(start, end) or self._quoted_share(start, end) > 0.6:
                continue
            speakers = self.speakers.resolve(subj)
            if speakers:
                self.claims.append(ClaimDraft("indirect", [(start, end)], speakers, verb,
                                              dates_near(verb, [(start, end)], self.sent_dates)))

    def _name_after(self, to: Token) -> Token | None:
        """The last word of the capitalised name that follows ``to``, if one does."""
        index = self.speakers.index
        last = None
        for t in self.doc[to.i + 1:min(len(self.doc), to.i + 6)]:
            if t.i in index or t.is_title and not t.is_sent_start and t.lower_ not in ("the", "a", "an"):
                if last is not None and last.i in index and t.i in index and index[t.i] is not index[last.i]:
                    break
                last = t
                continue
            break
        return last

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

    def complements(self) -> None:
        complement_claims(self)

    def questions(self) -> None:
        question_claims(self)

    def impressions(self) -> None:
        impression_claims(self)

    def speaker_lines(self) -> None:
        speaker_line_claims(self)

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

        self.claims = [c for c in self.claims
                       if c.kind == "direct" or c.cue is None or c.cue.lower_ == "according" or not inside(c.cue.idx)]

    def run(self) -> list[ClaimDraft]:
        """Every rule in turn; a rule that fails on this text is logged and the others' claims kept."""
        for name in ("direct", "reported", "parenthetical", "reported_objects", "according_to", "as_said",
                     "complements", "questions", "impressions", "speaker_lines",
                     "_drop_nested", "_drop_quotes_inside_reported_speech"):
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
    doc._.nkg_claims = Attributor(doc).run()
    return doc
