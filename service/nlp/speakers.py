"""Who a subject token stands for: a named cluster, a pronoun's antecedent, or a described actor.

"he" goes back to the last person spoken of; "an official at the ministry" becomes an unnamed
person affiliated with the ministry, and "the official" later in the text is that same person;
"American officials" is a group actor; "the analysis" is whoever wrote the analysis.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from service.nlp.entities import TITLE_NOUNS, Cluster, affix, name_key
from service.nlp.antecedents import Antecedents
from service.nlp.gender import noun_gender
from service.nlp.descriptions import Titles, role_of
from service.nlp.speaker_registry import SpeakerRegistry, cluster_at
from service.nlp.subject_ranks import PERSON_PRONOUNS, who_antecedent
from service.nlp.documents import AUTHORED_NOUNS, Documents
from service.nlp.lexicon import (BODY_NOUNS, DOCUMENT_NOUNS, GROUP_SUFFIX_NOUNS, GROUP_WORDS, HONORIFICS,
                                 INSTITUTION_NOUNS, MEDIA_NOUNS, PERSON_NOUNS, SOURCE_NOUNS)

GROUP_PRONOUNS = {"they", "we", "them"}
WRITER_PRONOUNS = {"i", "me"}  # outside quotations, the one who wrote the article
# A line opening with a short label and a colon ("LIND: Well, I think ...", "A: I would"): a
# transcript, whose "I" is the one the label names, never the writer.
LABELLED_LINE = re.compile(r"[ \t]*([^\n:.!?\"“”]{1,40}?)[ \t]*:[ \t]")
MAX_LABEL_WORDS = 5
ORG_PRONOUNS = {"it"}  # "it said": in news, an organisation or a news agency
# Common nouns for what "it" can stand for as a speaker: a body, an institution or a document.
THING_NOUNS = BODY_NOUNS | INSTITUTION_NOUNS | DOCUMENT_NOUNS | SOURCE_NOUNS
# Bodies a person has of their own, called "his campaign" once the article has named them by the
# person ("the Doe campaign").
OWN_BODY_NOUNS = frozenset({"campaign"})


class SpeakerResolver:
    """Resolves subjects to clusters, creating described actors as it meets them."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # spaCy rebuilds doc.text on every access: read it once
        self.index: dict[int, Cluster] = doc._.nkg_token_cluster
        self.clusters: list[Cluster] = doc._.nkg_clusters
        self.titles = Titles(doc, self.clusters, self.index)
        self.antecedents = Antecedents(doc, self.clusters, self.index, self.titles)
        self.documents = Documents(doc, self.index)
        self.registry = SpeakerRegistry(doc, self.clusters, self.index, self.antecedents)
        self.described = self.registry.described
        self.registry.register_speakers()

    def cluster_at(self, tok: Token) -> Cluster | None:
        """The cluster ``tok`` is a mention of (or its name part is)."""
        return cluster_at(self.index, tok)

    def resolve(self, subj: Token, *, any_noun: bool = False) -> list[Cluster]:
        """The actors a subject stands for (several for "X and Y"). With ``any_noun`` (the subject
        of a verb of speech), any noun phrase is a described speaker, not only the listed ones."""
        if subj.lower_ == "who" and subj.head.dep_ == "relcl":
            subj = self._relative_conjuncts(subj)
        group = self._coordinated_group(subj)
        if group is not None:
            return [group]
        heads = [subj] + [c for c in subj.conjuncts if c.i > subj.i]
        out: list[Cluster] = []
        for head in heads:
            for c in self._resolve_one(head, any_noun):
                if c not in out:
                    out.append(c)
        return out

    def _relative_conjuncts(self, who: Token) -> Token:
        """"Democrats and Republicans, who have argued": a relative clause right after nouns
        joined by "and" (the parser hangs it on the first or the last) speaks for all of them
        when they are plural or its verb is (the first one is returned, its conjuncts follow);
        else "who" itself."""
        noun = who_antecedent(who.head.head, self.index)
        nouns = sorted([noun, *noun.conjuncts], key=lambda t: t.i)
        before = who.i - 1 if self.doc[who.i - 1].text != "," else who.i - 2
        if len(nouns) < 2 or not nouns[-1].left_edge.i <= before <= nouns[-1].right_edge.i:
            return who
        if all(t.tag_ in ("NNS", "NNPS") for t in nouns) or who.head.tag_ == "VBP":
            return nouns[0]
        return who

    def _coordinated_group(self, subj: Token) -> Cluster | None:
        """"X and Y officials": one group of people speaking for both X and Y."""
        last = max([subj] + list(subj.conjuncts), key=lambda t: t.i)
        if last is subj or last.tag_ not in ("NNS",) or last.lower_ not in GROUP_SUFFIX_NOUNS:
            return None
        if not any(c.dep_ == "compound" and c.i in self.index for c in last.children):
            return None
        start = subj.left_edge.i
        while self.doc[start].dep_ == "det":
            start += 1
        phrase = self.doc[start:last.i + 1].text.replace("’s", "'s")
        affiliations = []
        for t in self.doc[start:last.i]:
            c = self.index.get(t.i)
            if c is not None and c.kind != "Person" and c not in affiliations:
                affiliations.append(c)
        if phrase.lower() in self.described:
            return self.described[phrase.lower()]
        cluster = Cluster(kind="Organization", name=phrase, named=False, affiliations=affiliations)
        self.described[phrase.lower()] = cluster
        self.registry.add_mention(cluster, start, last.i + 1, new=True)
        return cluster

    def _resolve_one(self, tok: Token, any_noun: bool = False) -> list[Cluster]:
        if tok.lower_ in GROUP_WORDS and any(p.dep_ == "prep" and p.lower_ == "of"
                                             and any(g.lower_ in ("whom", "which") for g in p.children)
                                             for p in tok.children):
            # "95 retired generals, most of whom had announced ...": the generals, not "most of whom"
            # (the noun before the comma or dash; the parser does not always hang the clause on it)
            before = self.doc[tok.i - 2] if tok.i >= 2 and self.doc[tok.i - 1].text in (",", "—", "–", "--") else None
            if before is None or before.pos_ not in ("NOUN", "PROPN"):
                return []
            tok = before
        if tok.lower_ in ("who", "that", "which") and tok.head.dep_ == "relcl":
            relative = tok.lower_
            tok = tok.head.head  # "officials who said", "a message that said": the noun it relates to
            if relative == "who":
                tok = who_antecedent(tok, self.index)
        # "The ministry's top official, Jane Doe, said": the apposition names the speaker.
        for child in tok.children:
            if child.dep_ == "appos" and child.i in self.index and self.index[child.i].kind == "Person":
                return [self.index[child.i]]
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.is_title and tok.pos_ == "NOUN":
                return [self._unrecognised_name(child)]  # "the mayor, Ana Ruiz, said" (name untagged)
        if tok.pos_ == "NOUN" and tok.i not in self.index:
            # "The security firm Acme.com, has said": an organisation named in apposition.
            for child in tok.children:
                c = self.index.get(child.i)
                if child.dep_ == "appos" and c is not None and c.kind == "Organization":
                    return [c]
        if tok.lower_.rstrip(".") in HONORIFICS | TITLE_NOUNS and tok.i not in self.index:
            # "U.S. Ambassador to the U.N. Jane Doe said": the title heads the parse and the name
            # ends its phrase; the country before the title is not the speaker.
            for t in self.doc[tok.i + 1:tok.right_edge.i + 1]:
                if t.text in (",", ";", "(") or t.dep_ in ("relcl", "acl"):
                    break
                c = self.index.get(t.i)
                if c is not None and c.kind == "Person":
                    return [c]
        named = self.cluster_at(tok)
        if named is not None and (tok.pos_ == "PROPN" or tok.i in self.index):
            if named.kind == "Place" and len(name_key(named.name).split()) == 1:
                # "Paris said" where the article quotes a person surnamed Paris: the person.
                for c in self.clusters:
                    if c.kind == "Person" and name_key(c.name).split()[-1:] == name_key(named.name).split():
                        return [c]
            return [named]
        low = tok.lower_
        if low in WRITER_PRONOUNS and not self.antecedents.quoted(tok.idx):
            return [] if self._in_transcript_line(tok) else [self.registry.writer(tok)]
        if low in PERSON_PRONOUNS:
            noun = self._gendered_subject(tok)
            if noun is not None:
                return self._described(noun, any_noun=True)
            c = self.antecedents.person(tok)
            return [c] if c else []
        if low == "we" and not self.antecedents.quoted(tok.idx) and not self._in_transcript_line(tok):
            return [self.registry.writers(tok)]  # not the organisation named last
        if low in GROUP_PRONOUNS:
            group = self.antecedents.plural_subject(tok) if low == "they" else None
            if group is not None:
                return self.resolve(group, any_noun=True)  # "Doe and Roe say ... they say": both
            c = self.antecedents.previous(tok.i, "Organization")
            return [c] if c else []
        if low in ORG_PRONOUNS:
            thing = self.antecedents.thing_subject(tok, THING_NOUNS)
            if thing is not None:
                return self._resolve_one(thing, any_noun=True)
            c = self.antecedents.previous(tok.i, "Organization", named_only=True)
            return [c] if c else []
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        if tok.pos_ == "NOUN" and tok.is_lower and nxt is not None and nxt.i in self.index \
                and self.index[nxt.i].kind == "Person":
            # "according to curator Jane Doe": a job word before the name, the two parsed as
            # siblings (or the name one level up) rather than as title and name.
            person = self.index[nxt.i]
            while nxt.head.i != nxt.i and self.index.get(nxt.head.i) is person:
                nxt = nxt.head
            if nxt.head.i in (tok.i, tok.head.i, tok.head.head.i):
                return [person]
        if tok.lower_.rstrip(".") in HONORIFICS | TITLE_NOUNS:
            # "according to police Maj. Jane Doe": the title heads the parse, the name follows it.
            for t in self.doc[tok.i + 1:tok.i + 4]:
                if t.pos_ in ("VERB", "AUX", "ADP", "PUNCT") and t.text != ".":
                    break  # "a former chairman says President Doe ...": past the phrase
                if t.i in self.index and self.index[t.i].kind == "Person":
                    return [self.index[t.i]]
            return self._described(tok, any_noun)  # "the Syrian President said": a described person
        if tok.pos_ == "PROPN" and tok.is_title:
            if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
                # "An Icelandic Lutheran said", "a Methodist Democrat from Iowa said": a name with an
                # indefinite article describes someone (nationality, faith, party), it names nobody.
                return [self.registry.new_described(tok, "Person")]
            return [self._unrecognised_name(tok)]
        if tok.pos_ in ("NOUN", "PROPN"):
            return self._described(tok, any_noun)
        if not any_noun:
            return []
        if low in GROUP_WORDS or tok.pos_ == "NUM" or tok.like_num:
            # "some said", "most of them say", "six in 10 say": a group named by its own phrase.
            return [self.registry.new_described(tok, "Organization")]
        if low in ("another", "one") or tok.pos_ == "ADJ" and tok.ent_type_ == "DATE":
            return [self.registry.new_described(tok, "Person")]  # "another said", "the 46-year-old said"
        return []

    def _in_transcript_line(self, tok: Token) -> bool:
        """Whether ``tok`` lies on a line that opens with a speaker's label and a colon."""
        m = LABELLED_LINE.match(self.text, self.text.rfind("\n", 0, tok.idx) + 1)
        return m is not None and m.end() <= tok.idx and len(m.group(1).split()) <= MAX_LABEL_WORDS

    def _gendered_subject(self, pronoun: Token) -> Token | None:
        """"My mother has softened, but she still says": the subject of a main clause earlier in
        the pronoun's sentence that is an unnamed person of the pronoun's gender by its noun, with
        no named person between them (outside quotations; "Seeing his brother fail taught him a
        lesson, he said" is no brother's). A definite one ("the former first lady") may be
        a person named before, whom the pronoun's own search finds."""
        gender = PERSON_PRONOUNS[pronoun.lower_]
        found = None
        for t in self.doc[pronoun.sent.start:pronoun.i]:
            c = self.index.get(t.i)
            if c is not None and c.kind == "Person" and found is not None:
                found = None  # "The woman met Jane Doe, and she said": whose "she"?
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ in ("ROOT", "conj") and t.pos_ == "NOUN" \
                    and c is None and t.tag_ == "NN" \
                    and noun_gender(t.text) == gender and not self.antecedents.quoted(t.idx) \
                    and not any(d.dep_ == "det" and d.lower_ in ("the", "this", "that") for d in t.children):
                found = t
        return found

    def unrecognised_source(self, start: int, end: int) -> Cluster:
        """A name the model did not tag, written as the source of a cited line: the same name
        already known, else an organisation (a publication, most often)."""
        key = name_key(self.doc[start:end].text)
        for c in self.clusters:
            if name_key(c.name) == key:
                self.registry.add_mention(c, start, end)
                break
        else:
            c = Cluster(kind="Organization", name=self.doc[start:end].text)
            self.registry.add_mention(c, start, end, new=True)
        for i in range(start, end):
            self.index[i] = c
        return c

    def _unrecognised_name(self, tok: Token) -> Cluster:
        """A proper name the model did not tag, as the subject of a reporting verb: an actor.

        It joins a known person whose name ends the same way ("Whitmore" → "Steve Whitmore"),
        else it becomes a person of its own.
        """
        start, words = self.registry.name_words(tok)
        span = self.doc[start:tok.i + 1]
        # "Whitmore" → "Steve Whitmore" (or "Steve Whitmore" → "Whitmore"); "Nusra" → "Nusra Front"
        target = self.registry.known_person(words) or next(
            (c for c in self.clusters if c.kind == "Organization" and c.named and affix(words, name_key(c.name).split())),
            None)
        if target is not None:
            self.registry.add_mention(target, start, tok.i + 1)
        else:
            # "Democrats said": a plural name is a group, not a person.
            target = Cluster(kind="Organization" if tok.tag_ == "NNPS" else "Person", name=span.text)
            self.registry.add_mention(target, start, tok.i + 1, new=True)
        for i in range(start, tok.i + 1):
            self.index[i] = target
        return target

    def _described(self, tok: Token, any_noun: bool = False) -> list[Cluster]:
        lemma = tok.lemma_.lower()
        authors = self.documents.authors(tok) if lemma in AUTHORED_NOUNS else []
        if authors:
            return authors
        if lemma in DOCUMENT_NOUNS:
            # A document with no known author speaks for itself ("the report says").
            return [self.registry.new_described(tok, "Organization")]
        plural = tok.tag_ in ("NNS", "NNPS")
        if lemma in INSTITUTION_NOUNS and not plural:
            return [self.registry.new_described(tok, "Organization")]  # "the government says"
        own = self._own_body(tok) if lemma in OWN_BODY_NOUNS and not plural else None
        if own is not None:
            return [own]
        if lemma in SOURCE_NOUNS or any_noun and (lemma in BODY_NOUNS or lemma in GROUP_WORDS):
            return [self.registry.new_described(tok, "Organization")]  # "the ad claims", "the campaign says"
        person_noun = lemma in PERSON_NOUNS or tok.lower_ in GROUP_SUFFIX_NOUNS | MEDIA_NOUNS
        if not person_noun and not any_noun:
            return []
        definite = any(c.lower_ in ("the", "that", "this") for c in tok.children if c.dep_ == "det")
        if definite and not plural and (person_noun or self.titles.knows(tok)):
            # "the senator": the senator described before ("a senator from X said") or the one
            # named with that title ("Sen. Jane Doe"), whichever the text spoke of last; "the
            # neurosurgeon" after "neurosurgeon Jane Doe" likewise.
            described = self.registry.person_by_lemma.get(lemma) if person_noun else None
            titled = self.titles.person(tok)
            if titled is not None and (described is None or titled[0] > max(s for s, _e in described.spans)):
                return [titled[1]]
            if described is not None:
                return [described]
            near = self._described_topic(tok)
            if near is not None:
                return [near]
        # Any other noun at the head of a speaker's phrase is someone described by what they are
        # ("the actress said", "his childhood friend told"); several are a group.
        return [self.registry.new_described(tok, "Organization" if plural else "Person")]

    def _own_body(self, tok: Token) -> Cluster | None:
        """"Jane Doe ... his campaign said": the campaign of the person "his" or "her" stands for,
        when the article names it by that person's surname ("the Doe campaign", "Doe's
        campaign"); it is then one actor with every such mention."""
        poss = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("his", "her")), None)
        if poss is None:
            return None
        person = self.antecedents.person(poss)
        if person is None or not person.named or person.kind != "Person":
            return None
        surname = person.name.split()[-1]
        phrase = f"{surname} {tok.lower_}"
        body = self.described.get(phrase.lower())
        new = body is None
        if new:
            if not re.search(rf"\b{re.escape(surname)}(?:['’]s)? {tok.lower_}\b", self.text, re.I):
                return None  # the article never names the body: "his campaign" stays as written
            body = self.described[phrase.lower()] = Cluster(kind="Organization", name=phrase, named=False)
        self.registry.add_mention(body, poss.i, tok.i + 1, new=new)  # once: the antecedents keep every call
        return body

    def _described_topic(self, tok: Token) -> Cluster | None:
        """"Jane Doe's plan drew criticism. “...,” the Democratic presidential nominee said": a
        one-person role, qualified and never given to anyone, is the one person the text has named
        so far, unless the text gave that person the role in other words. (With several named,
        the role may well be another's: "the Indiana governor" after a paragraph on his
        running mate.)"""
        if not role_of(tok.text) or any(c.dep_ == "prep" for c in tok.children):
            return None
        if not any(left.dep_ in ("amod", "compound", "npadvmod") and left.pos_ in ("ADJ", "PROPN", "NOUN")
                   for left in tok.lefts):
            return None  # "the spokesman" alone may be anyone's
        person = self.antecedents.only_person(tok.i)
        if person is None or self.titles.holds_other(person, tok):
            return None
        return person
