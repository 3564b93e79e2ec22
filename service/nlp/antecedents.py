"""Who a pronoun stands for: the salient actor named (or already referred to) before it.

A person's pronoun goes back to the subject of this sentence or the one before, else to the
nearest person, else (when that one is far) to the last person quoted; gender must not disagree.
Two refinements keep a conversation's speakers apart:

- A pronoun subject already resolved is a mention too: "Doe said she ... Roe. “...,” she said"
  continues with Doe, not with Roe, named later but only talked about.
- The subject of a reported clause is talked about, like a name inside a quotation: after "Doe
  said that Roe would run", Doe, who spoke, outranks Roe as the subject.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort

from spacy.tokens import Doc, Token

from service.nlp.entities import Cluster
from service.nlp.descriptions import Titles, role_of
from service.nlp.gender import genders, noun_gender
from service.nlp.group_antecedents import plural_subject, thing_subject
from service.nlp.lexicon import HONORIFICS, PERSON_NOUNS, REPORTING_VERBS
from service.nlp.subject_ranks import MAIN_SUBJECT, OTHER, PERSON_PRONOUNS, subject_rank

# How many mentions back a pronoun looks for the topic the story turned to since the last person
# quoted (a bound, so that an article without quotations is not searched from end to start).
MAX_TOPIC_CANDIDATES = 40
# A quotation of this many words or fewer is a phrase set off, not what somebody said at length.
MIN_QUOTED_WORDS = 3


class Antecedents:
    """The article's mentions in text order, and the antecedent of a pronoun found from them."""

    def __init__(self, doc: Doc, clusters: list[Cluster], index: dict[int, Cluster],
                 titles: Titles | None = None) -> None:
        self.doc = doc
        self.text = doc.text
        self.index = index
        self.titles = titles  # who "the senator" is, when the article gave someone that title
        # Every mention as (start token, end token, sequence, cluster), in text order, so that a
        # pronoun looks back from where it stands instead of through every cluster.
        self._mentions = sorted((s, e, n, c) for n, (s, e, c) in enumerate(
            (s, e, c) for c in clusters for s, e in c.spans))
        self._mention_starts = [m[0] for m in self._mentions]
        quotes = sorted((q.start, q.end) for q in (doc._.nkg_quotes or []))
        self._quote_starts = [qs for qs, _qe in quotes]
        self._quote_ends = [qe for _qs, qe in quotes]
        self.gender = genders(doc, clusters, index, self.quoted)
        # Person pronouns that are a clause's subject outside quotations, in text order; each is
        # resolved once, in that order, so that a later pronoun can continue an earlier one.
        self._pronoun_subjects = [t.i for t in doc if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass")
                                  and not self.quoted(t.idx)]
        self._pronouns_done = 0
        self._resolved: dict[int, Cluster | None] = {}
        self._pronoun_starts: list[int] = []  # the resolved pronoun subjects, sorted
        self._pronoun_clusters: list[Cluster] = []
        self.speaker_marks = self._named_speakers()

    # ------------------------------------------------------------ what the text holds
    def add_mention(self, cluster: Cluster, start: int, end: int) -> None:
        """A mention found while resolving (a described actor, a name the model did not tag);
        a described person's noun may tell their gender ("my mother")."""
        if not cluster.named and cluster.kind == "Person" and id(cluster) not in self.gender:
            head = self.doc[start:end].root
            if by_noun := noun_gender(head.text):
                self.gender[id(cluster)] = by_noun
        insort(self._mentions, (start, end, len(self._mentions), cluster))
        self._mention_starts.insert(bisect_right(self._mention_starts, start), start)

    def add_speaker(self, tok: int, cluster: Cluster) -> None:
        """A named person found to be the subject of a reporting verb at token ``tok``."""
        insort(self.speaker_marks, (tok, cluster), key=lambda m: m[0])

    def quoted(self, char: int) -> bool:
        """Whether character ``char`` lies inside a quotation."""
        i = bisect_right(self._quote_starts, char) - 1
        return any(self._quote_starts[j] <= char < self._quote_ends[j] for j in (i, i - 1) if j >= 0)

    def _named_speakers(self) -> list[tuple[int, Cluster]]:
        """Where a named person is the subject of a reporting verb outside quotations: the
        article's speakers in order (someone said to have spoken inside a quotation is not one)."""
        marks = []
        for tok in self.doc:
            if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING_VERBS and tok.i in self.index \
                    and self.index[tok.i].kind == "Person" and not self.quoted(tok.idx):
                marks.append((tok.i, self.index[tok.i]))
        return marks

    # ------------------------------------------------------------ pronouns
    def person(self, pronoun: Token) -> Cluster | None:
        """The person "he", "she", "him" or "her" at ``pronoun`` stands for."""
        self._resolve_pronoun_subjects(before=pronoun.i + 1)
        if pronoun.i in self._resolved:
            return self._resolved[pronoun.i]
        return self.previous(pronoun.i, "Person", gender=PERSON_PRONOUNS.get(pronoun.lower_, ""))

    def _resolve_pronoun_subjects(self, before: int) -> None:
        """Resolve, in text order, the pronoun subjects before token ``before`` not yet resolved."""
        while self._pronouns_done < len(self._pronoun_subjects) and self._pronoun_subjects[self._pronouns_done] < before:
            i = self._pronoun_subjects[self._pronouns_done]
            self._pronouns_done += 1
            found = self.previous(i, "Person", gender=PERSON_PRONOUNS[self.doc[i].lower_])
            self._resolved[i] = found
            if found is not None:
                self._pronoun_starts.append(i)
                self._pronoun_clusters.append(found)
                if self.doc[i].head.lemma_.lower() in REPORTING_VERBS:
                    insort(self.speaker_marks, (i, found), key=lambda m: m[0])

    def plural_subject(self, pronoun: Token) -> Token | None:
        """The plural noun "they" at ``pronoun`` most likely stands for (``group_antecedents``)."""
        return plural_subject(pronoun, self.index, self.quoted)

    def thing_subject(self, pronoun: Token, nouns: frozenset[str]) -> Token | None:
        """What "it" at ``pronoun`` most likely stands for (``group_antecedents``)."""
        return thing_subject(pronoun, nouns, self.index, self.quoted)

    def previous(self, before: int, kind: str, *, named_only: bool = False, gender: str = "") -> Cluster | None:
        """The actor of ``kind`` named last before token ``before`` (a pronoun's antecedent).

        For a person, the subject of a clause in this sentence or the one before outranks a
        person only mentioned there ("Doe met Roe on Monday. “...,” he said": Doe); past those
        two sentences the last person quoted does. Failing both, a person the text shows to be
        of the pronoun's gender outranks a nearer one of unknown gender (who in turn may still
        be the antecedent when nobody agrees for sure).
        """
        found, how = self._previous(before, kind, named_only, gender, strict=False)
        if gender and how == "nearest" and (found is None or self.gender.get(id(found)) != gender):
            # Neither the subject near by nor the last person quoted, and not known to agree:
            # someone near who surely agrees.
            sure, _how = self._previous(before, kind, named_only, gender, strict=True)
            if sure is not None:
                return sure
        if gender and how == "subject" and found is not None and id(found) not in self.gender:
            # The subject in the pronoun's own sentence is of unknown gender (no title, no telling
            # first name, no pronoun yet) and did not speak: someone named after it there whom the
            # text shows to be of the pronoun's gender is likelier ("Though Doe led Jane Roe, she
            # had hoped": Roe). Not across sentences: "Doe met Joe Roe. He said" is Doe as often.
            at = self._last_mention(found, before)
            if at >= self.doc[before].sent.start and not self._speaks(at):
                sure, sure_how = self._previous(before, kind, named_only, gender, strict=True)
                if sure is not None and sure_how in ("subject", "nearest") \
                        and any(at < s < before and not self.quoted(self.doc[s].idx) for s, _e in sure.spans):
                    return sure
        return found

    def _last_mention(self, cluster: Cluster, before: int) -> int:
        """Where ``cluster`` was last named before token ``before``, from the sentence before on;
        -1 when it was not named there, or when a pronoun subject there was resolved to it (whose
        gender is then the pronoun's)."""
        lo = self._window_start(before)
        said = [self._pronoun_starts[k] for k in range(bisect_left(self._pronoun_starts, lo),
                                                       bisect_left(self._pronoun_starts, before))
                if self._pronoun_clusters[k] is cluster]
        if said:
            return -1
        return max((s for s, _e in cluster.spans if lo <= s < before), default=-1)

    def _speaks(self, start: int) -> bool:
        """Whether the mention starting at token ``start`` is a reporting verb's subject."""
        head = self.doc[start]
        while head.dep_ in ("compound", "flat") and head.head.i != head.i:
            head = head.head
        return head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORTING_VERBS

    def only_person(self, before: int) -> Cluster | None:
        """The one person the text has named outside quotations before token ``before``, or
        None when it has named nobody or several (the person an article opens on, when its next
        paragraph calls somebody "the Democratic presidential nominee")."""
        found = None
        for s, _e, _n, c in self._mentions[:bisect_left(self._mention_starts, before)]:
            if c.kind != "Person" or self.quoted(self.doc[s].idx):
                continue
            if not c.named or found is not None and c is not found:
                return None
            found = c
        return found

    def _agrees(self, c: Cluster, gender: str, strict: bool) -> bool:
        known = self.gender.get(id(c))
        return not gender or known == gender or not strict and known is None

    def _candidates(self, before: int, kind: str):
        """Mentions before token ``before``, nearest first, as (start, end, cluster, pronoun's
        gender or ""); for a person, the pronoun subjects already resolved among them."""
        j = bisect_left(self._mention_starts, before) - 1
        k = bisect_left(self._pronoun_starts, before) - 1 if kind == "Person" else -1
        while j >= 0 or k >= 0:
            if k >= 0 and (j < 0 or self._pronoun_starts[k] > self._mentions[j][0]):
                i = self._pronoun_starts[k]
                yield i, i + 1, self._pronoun_clusters[k], PERSON_PRONOUNS[self.doc[i].lower_]
                k -= 1
            else:
                s, e, _n, c = self._mentions[j]
                yield s, e, c, ""
                j -= 1

    def _previous(self, before: int, kind: str, named_only: bool, gender: str,
                  strict: bool) -> tuple[Cluster | None, str]:
        """The antecedent, and how it was chosen: "subject" (of this sentence or the one before),
        "speaker" (the last person quoted), "topic" (whom the story turned to since) or "nearest"."""
        prev_start = self._window_start(before)
        best, best_i, best_e, subject, subject_level, subject_at = None, -1, -1, None, OTHER, -1
        # Agreeing for sure only counts near by: from the paragraph before on. Further back, the
        # nearest person of unknown gender is the likelier antecedent.
        limit = self._paragraph_before(before) if strict else 0
        for s, e, c, said_gender in self._candidates(before, kind):
            if s < limit:
                break
            if best is not None and (kind != "Person" or subject_level == MAIN_SUBJECT or s < prev_start):
                break  # nothing further back can be a nearer mention or a subject near enough
            if c.kind != kind or named_only and not c.named:
                continue
            if said_gender and gender and said_gender != gender:
                continue  # "she" said before: not the man "he" stands for
            if not said_gender and not self._agrees(c, gender, strict):
                continue  # "he" is not the person the text calls "Ms."
            # Someone named inside a quotation is talked about, not the one talking.
            if self.quoted(self.doc[s].idx) or self._in_apposition_of_person(self.doc[s]):
                continue
            if best is None:
                best, best_i, best_e = c, s, e
            if kind == "Person" and s >= prev_start:
                rank = self._subject_rank(s, e)
                if rank > subject_level:
                    subject, subject_level, subject_at = c, rank, s
        if kind == "Person" and (subject is None or subject_level < MAIN_SUBJECT):
            # "The retired judge then praised Roe and Poe. He added": the topic goes on under
            # a description, and those it only mentions are not the pronoun's person; who the
            # description stands for is the person the story was about before it.
            described = self._described_subject(prev_start, before, gender)
            if described >= 0 and (subject is None or subject_at < described):
                # "After the vote, the governor kept out of sight. ... he said": the person the
                # article gave that title, when it gave it to one; else whom the story was on.
                titled = self.titles.person(self.doc[described]) if self.titles is not None else None
                if titled is not None and self._agrees(titled[1].root(), gender, strict):
                    return titled[1].root(), "subject"
                topic = self._topic_since(-1, described, kind, named_only, gender, strict)
                if topic is not None:
                    return topic, "subject"
        if subject is not None:
            return subject, "subject"
        if kind == "Person" and best is not None and not self._near(best_i, before) \
                and not self._paragraph_topic(best_i, best_e, before):
            # Not named in this sentence or the one before: news style means the last person quoted.
            speaker_at, speaker = next(((i, c) for i, c in reversed(self.speaker_marks)
                                        if limit <= i < before and self._agrees(c, gender, strict)), (-1, None))
            if speaker is not None:
                topic = self._topic_since(speaker_at, before, kind, named_only, gender, strict)
                return (topic, "topic") if topic is not None else (speaker, "speaker")
        return best, "nearest"

    def _described_subject(self, start: int, before: int, gender: str) -> int:
        """Where, from token ``start`` to ``before``, a main clause's subject is a person described
        and not named ("the retired judge", "the club's treasurer") who may be of the
        pronoun's ``gender`` (the last one; -1 when there is none), outside quotations."""
        found = -1
        for tok in self.doc[start:before]:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.tag_ not in ("NN", "NNP") or tok.i in self.index:
                continue
            if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
                continue
            if not (tok.lemma_.lower() in PERSON_NOUNS or role_of(tok.text) or tok.ent_type_ == "NORP"
                    or noun_gender(tok.text)) or gender and noun_gender(tok.text) not in ("", gender):
                continue
            if not self.quoted(tok.idx) and self._subject_rank(tok.i, tok.i + 1) == MAIN_SUBJECT:
                found = tok.i
        return found

    def _topic_since(self, mark: int, before: int, kind: str, named_only: bool, gender: str,
                     strict: bool) -> Cluster | None:
        """The person who is a main clause's subject after token ``mark`` (where the last person
        quoted spoke) and before token ``before``, nearest first: "Doe said ... . ¶ Roe has
        kept quiet about the lawsuit. ¶ The chairman spent the week at the harbour. ¶ “...,” he
        told the crowd" is Roe, whom the story turned to after Doe spoke."""
        for n, (s, e, c, said_gender) in enumerate(self._candidates(before, kind)):
            if s <= mark or n >= MAX_TOPIC_CANDIDATES:
                return None
            if c.kind != kind or named_only and not c.named or said_gender and gender and said_gender != gender:
                continue
            if not said_gender and not self._agrees(c, gender, strict):
                continue
            if self.quoted(self.doc[s].idx) or self._in_apposition_of_person(self.doc[s]):
                continue
            if self._subject_rank(s, e) == MAIN_SUBJECT and self._of_main_clause(s, e):
                # A quotation since then was somebody's, perhaps someone the text did not name.
                return c if not self._quotation_between(e, before) else None
        return None

    def _of_main_clause(self, start: int, end: int) -> bool:
        """Whether the mention ``doc[start:end]`` is the subject of a sentence's own verb (not of a
        clause hung on it: "The strike began after Roe was dismissed" is about the strike)."""
        head = self.doc[start:end].root
        while head.dep_ in ("compound", "flat", "appos") and head.head.i != head.i:
            head = head.head
        return head.head.dep_ in ("ROOT", "conj")

    def _quotation_between(self, start: int, pronoun: int) -> bool:
        """Whether a quotation of a few words or more (not a word set off: “unfair”) opens from
        token ``start`` to the sentence of token ``pronoun``."""
        lo, hi = self.doc[start].idx, self.doc[pronoun].sent.start_char
        return any(len(self.text[self._quote_starts[q]:self._quote_ends[q]].split()) > MIN_QUOTED_WORDS
                   for q in range(bisect_left(self._quote_starts, lo), bisect_left(self._quote_starts, hi)))

    def _paragraph_topic(self, start: int, end: int, pronoun: int) -> bool:
        """Whether the mention ``doc[start:end]`` is a main clause's subject in the pronoun's own
        paragraph: "Doe hopes to ... . But he is ... . That worries critics. “...,” he said" goes
        on with Doe, not back to whoever was quoted paragraphs before."""
        return start >= self._paragraph_start(pronoun, 0) and self._subject_rank(start, end) == MAIN_SUBJECT

    def _paragraph_before(self, tok: int) -> int:
        """The first token of the paragraph before the one token ``tok`` is in."""
        return self._paragraph_start(tok, 1)

    def _paragraph_start(self, tok: int, back: int) -> int:
        """The first token of the paragraph ``back`` paragraphs before the one token ``tok`` is in."""
        text = self.text
        at = self.doc[tok].idx
        for _ in range(back + 1):
            at = text.rfind("\n\n", 0, at)
            if at < 0:
                return 0
        char = at + 2
        while char < len(text) and text[char].isspace():
            char += 1
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span.start if span is not None else 0

    def _subject_rank(self, start: int, end: int) -> int:
        return subject_rank(self.doc, self.index, start, end)

    def _window_start(self, pronoun: int) -> int:
        """The first token of the sentence before the pronoun's; when the pronoun's sentence
        closes a quotation of several sentences ("“... ? ... ,” she said"), of the sentence
        before the quotation's first: the quoted sentences are the speaker's, not the story's. A
        sentence without a verb counts with the one before it (a piece cut off at an abbreviation)."""
        sent = self.doc[pronoun].sent
        first = sent
        i = bisect_right(self._quote_starts, self.doc[pronoun].idx) - 1
        if i >= 0 and sent.start_char <= self._quote_ends[i] <= self.doc[pronoun].idx \
                and self._quote_starts[i] < sent.start_char:
            span = self.doc.char_span(self._quote_starts[i], self._quote_starts[i] + 1, alignment_mode="expand")
            if span is not None:
                first = span[0].sent
        if first.start == 0:
            return 0
        prev = self.doc[first.start - 1].sent
        if prev.start > 0 and not any(t.is_alpha for t in prev):
            # A closing quotation mark the parser cut off as a sentence of its own (‘... for “a
            # fair deal.” | ” | “...,” she said’): the sentence before is the one it closes.
            prev = self.doc[prev.start - 1].sent
        if prev.start > 1 and prev.root.pos_ not in ("VERB", "AUX") and self.doc[prev.start - 1].text == "." \
                and self.doc[prev.start - 2].lower_.removesuffix("s") in HONORIFICS:
            # No verb of its own after a title's abbreviation: a piece the parser cut off there ("his old
            # partners, especially Drs. | Jane Doe and John Roe, who say ..."); the sentence is the two.
            prev = self.doc[prev.start - 1].sent
        return prev.start

    def _near(self, mention: int, pronoun: int) -> bool:
        return mention >= self._window_start(pronoun)

    def _in_apposition_of_person(self, tok: Token) -> bool:
        """"Jane Doe, an adviser to John Roe, said": John Roe is part of a description of Jane Doe."""
        for anc in tok.ancestors:
            if anc.dep_ == "appos":
                head = self.index.get(anc.head.i)
                return head is not None and head.kind == "Person"
        return False
