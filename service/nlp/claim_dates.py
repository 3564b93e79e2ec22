"""When each claim was made, from the dates around its cue, resolved against the publication date
(see ``dates``)."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

from service.nlp.dates import resolve

# Nouns for an act of saying, dated in the text as one event: "her remarks Monday", "his
# assertion on Friday", "In an interview Tuesday".
SPEECH_EVENT_NOUNS = frozenset("""
assertion remarks remark comments comment statement statements speech interview claim claims
testimony announcement address appearance tweet tweets post briefing
""".split())
PERSONAL_PRONOUNS = frozenset("he she they i we".split())
# Verbs that say when a document came out ("the report, released Monday, ...").
PUBLISHING_VERBS = frozenset("publish release issue unveil".split())


class ClaimDates:
    """When each claim was made: a date on its cue ("said on Monday"), else a date elsewhere in
    the cue's sentence outside the claim ("On Monday, the minister told reporters ..."), else the
    date of the claim before it in the same paragraph from the same speakers (a quotation that
    goes on) or said by a pronoun ("..., he said"), else the date of an act of saying the
    article dates for that speaker ("Doe's remarks Monday drew ...") in the paragraphs before.
    Dates that modify a noun ("the 2012 attacks") are not when something was said, nor are clock
    times ("10:30 a.m.", which only dateparser would read, slowly)."""

    def __init__(self, doc: Doc, text: str, published: str | None) -> None:
        self.published = published
        self.sent_starts = [s.start_char for s in doc.sents]
        self.by_sent: dict[int, list] = {}
        self.events: list[tuple[int, object, str]] = []  # (offset, speaker cluster, date) of dated acts of saying
        index = doc._.nkg_token_cluster
        for ent in doc.ents:
            root = ent.root
            if ent.label_ not in ("DATE", "TIME") or ent.label_ == "TIME" and any(ch.isdigit() for ch in ent.text):
                continue
            head = root.head
            if head.i != root.i and head.pos_ in ("NOUN", "PROPN") and not ent.start <= head.i < ent.end \
                    and not (ent.start and doc[ent.start - 1].text == ","):
                # "the death last week", "the 2012 attacks"; but "— The Daily Post, May 2" dates its source,
                # and "Doe's assertion Monday" dates what Doe said.
                if head.lower_ in SPEECH_EVENT_NOUNS and (value := resolve(ent.text, published)):
                    owner = next((index[c.i] for c in head.children if c.dep_ == "poss" and c.i in index), None)
                    if owner is not None:
                        self.events.append((ent.start_char, owner.root(), value))
                continue
            self.by_sent.setdefault(bisect_right(self.sent_starts, ent.start_char) - 1, []).append(ent)
        # What the claims say: a date inside another claim ("X said the deal fell through Friday
        # and added: ...") is part of what was said, not when.
        # Claims split from one cue ("X said A, and B") share their dates, as before the split.
        self.contents = [(c.cue, seg) for c in doc._.nkg_claims for seg in c.segments]
        self.breaks = [m.start() for m in re.finditer(r"\n\s*\n", text)]
        self.last: dict[int, tuple] = {}  # paragraph → (speakers, date) of its latest claim

    def date(self, d) -> str | None:
        """The ISO date (maybe partial) when the claim draft ``d`` was made, or None."""
        value = next((v for span in d.date_tokens if not _possessed(span) and (v := self._resolve(span.text))), None)
        anchor = d.cue.idx if d.cue is not None else d.start
        if value is None:
            sent = bisect_right(self.sent_starts, anchor) - 1
            outside = [ent for ent in self.by_sent.get(sent, ())
                       if not any(s <= ent.start_char < e for s, e in d.segments)
                       and not any(s <= ent.start_char < e for cue, (s, e) in self.contents if cue is not d.cue)
                       and _dates_cue(ent, d.cue)]
            outside.sort(key=lambda ent: abs(ent.start_char - anchor))
            value = next((v for ent in outside if not _possessed(ent) and (v := self._resolve(ent.text))), None)
        if value is None:
            value = self._same_day(d, bisect_right(self.sent_starts, anchor) - 1)
        para = bisect_right(self.breaks, d.start)
        speakers = tuple(id(c.root()) for c in d.speakers)
        if value is None and para in self.last and self.last[para][1] is not None \
                and (speakers and (self.last[para][0] == speakers or _surnames(d.speakers) and _surnames(d.speakers) == self.last[para][2])
                     or _pronoun_subject(d.cue)):
            value = self.last[para][1]
        if value is None and speakers:
            roots = set(speakers)
            value = next((v for at, owner, v in reversed(self.events) if at < d.start and id(owner) in roots
                          and para - bisect_right(self.breaks, at) <= 2), None)
        self.last[para] = (speakers, value, _surnames(d.speakers))
        return value

    def _resolve(self, text: str) -> str | None:
        """A date as when something was said: never in a year after the article's ("next year"
        is what the claim is about). A later day of the same year may be: updated articles list
        sources published after their first date."""
        value = resolve(text, self.published)
        if value and self.published and len(value) in (4, 10) and value[:4] > self.published[:4]:
            return None  # (a month may be the one a week ends in, across New Year)
        return value

    def _same_day(self, d, sent: int) -> str | None:
        """The publication day, when the claim itself reports something done on that day ("a
        bridge collapsed Saturday, the police said", published that Saturday): it was said
        after what it reports and before the article, so on that day. A date in the content
        otherwise tells only what was said, not when."""
        if not self.published or len(self.published) < 10:
            return None
        day = self.published[:10]
        for ent in self.by_sent.get(sent, ()):
            if any(s <= ent.start_char < e for s, e in d.segments) and _past_event(ent) \
                    and resolve(ent.text, self.published) == day:
                return day
        return None


def _possessed(span) -> bool:
    """"told ABC's This Week": a date-like name someone owns (a programme) is no date."""
    return span.start > 0 and span.doc[span.start - 1].tag_ == "POS"


def _surnames(speakers) -> tuple:
    """The last words of the speakers' names: "Jane Doe" told, then "Doe" said."""
    return tuple(sorted(c.name.split()[-1].lower() for c in speakers if c.kind == "Person" and c.name.split()))


def _pronoun_subject(cue) -> bool:
    """"..., he said": the speaker is the one the paragraph is about, and so is the date."""
    return cue is not None and any(c.dep_ == "nsubj" and c.lower_ in PERSONAL_PRONOUNS for c in cue.children)


def _past_event(ent) -> bool:
    """The date is when something already happened: it modifies a verb in the past tense ("were
    killed Saturday"), not one still to come ("will vote Saturday", "is set to meet Saturday")."""
    verb = ent.root.head
    if verb.pos_ not in ("VERB", "AUX") or verb.tag_ not in ("VBD", "VBN"):
        return False
    return not any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "shall", "'ll", "would", "to") for c in verb.children)


def _dates_cue(ent, cue) -> bool:
    """A date in another clause of the sentence (a relative clause about the speaker, "who
    retired in 2013") does not date what the cue reports, unless the cue is in that clause too, or
    the clause says when the speaker, a document, came out ("the study, published this week,
    found"): a document says what it says when it is published."""
    if cue is None:
        return True
    tok = ent.root
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.dep_ in ("relcl", "acl", "appos", "advcl") and not tok.left_edge.i <= cue.i <= tok.right_edge.i:
            return tok.lemma_.lower() in PUBLISHING_VERBS and tok.dep_ in ("acl", "relcl") \
                and _subject_of(cue, tok.head)
    return ent.root.dep_ not in ("relcl", "acl") or ent.root.left_edge.i <= cue.i <= ent.root.right_edge.i


def _subject_of(cue, noun) -> bool:
    """``noun`` is the cue's subject, or the head of a phrase that is ("the results of the study")."""
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    while noun is not None and subj is not None:
        if noun.i == subj.i:
            return True
        noun = noun.head if noun.dep_ in ("pobj", "prep") and noun.head.i != noun.i else None
    return False
