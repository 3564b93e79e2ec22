"""Roles of people with the body they are held in (see ``bodies``); the component that also
finds amounts (see ``amounts``) and date mentions.

A role is a title written before a name ("Agriculture Secretary Jane Doe", "Secretary of State
Jane Doe"), or in apposition after or before it ("Jane Doe, the director of X", "Valdoria's
foreign minister, Jane Doe"). Its organisation or country comes from the title itself ("of X",
"NASA Administrator"), its possessor, its nationality adjective, or its portfolio (a cabinet
title implies a department); "former", "ex-", "then-" and "retired" mark it as no longer held.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from service.nlp.amounts import find_amounts
from service.nlp.bodies import join_tokens
from service.nlp.entities import Cluster, name_key
from service.nlp.lexicon import (FORMER_WORDS, GOVERNMENT_NOUNS, IRREGULAR_DEMONYMS, LEAVING_VERBS, MILITARY_RANKS,
                                 NATIONAL_OFFICE_HEADS, ORG_TITLE_HEADS, PORTFOLIOS, REPORTING_VERBS, ROLE_HEADS,
                                 SENDING_HEADS, STAFF_HEADS, TENURE_NOUNS, TITLE_ABBREVIATIONS, TITLE_MODIFIERS)
from service.nlp.role_phrases import POSSESSIVE_MARKS, TITLE_PREPS, TitlePhrases, head_word, singular_head


@dataclass
class RoleDraft:
    person: Cluster
    title: str
    organization: Cluster | None
    start: int
    end: int
    former: bool = False
    national: bool = False  # a national office ("President", "Prime Minister", "Senator")
    foreign: bool = False  # held under a government the sentence names ("the government of President X")
    serves: Cluster | None = None  # the person whose staff the title is ("his economic adviser")
    office: str = ""  # the national office a bare title names ("president", "prime minister")


_CABINET = {"secretary", "undersecretary", "under-secretary", "minister"}
# Words a national office takes before its head and stays the office itself ("Vice President",
# "acting Prime Minister"); any other ("senior vice president", "company president") makes it another post.
_OFFICE_MODIFIERS = FORMER_WORDS | {"vice", "deputy", "prime", "acting", "new", "late", "outgoing", "incoming",
                                    "interim", "-", "then-"}
# Adjectives that make a title a company's rank ("senior vice president"); others describe the holder.
_CORPORATE_RANKS = {"senior", "executive", "associate", "assistant", "regional", "divisional", "global"}


class RoleFinder(TitlePhrases):
    """Roles of the named people of one document. Document-level lookups (names, places,
    government bodies) are built once, so each title costs the same however long the article."""

    # ------------------------------------------------------------------ phrases
    def roles(self) -> list[RoleDraft]:
        out, seen = [], set()
        for c in list(self.clusters):
            if c.kind != "Person" or not c.named or c.merged_into is not None:
                continue
            for s, e in c.spans:
                self._within, self._plural = {}, set()
                found: dict[tuple[int, int], RoleDraft] = {}
                for a, b in self._phrases(s, e):
                    draft = self._role(c, a, b, s, e)
                    if draft is None:
                        continue
                    found[(a, b)] = draft
                    outer = found.get(self._within.get((a, b)))
                    if draft.organization is None and outer is not None:
                        draft.organization = outer.organization  # "a veteran of X who retired as director"
                    key = (id(c), draft.title.lower(), id(draft.organization))
                    if key not in seen:
                        seen.add(key)
                        out.append(draft)
        for draft in self._tenures():
            key = (id(draft.person), draft.title.lower(), id(draft.organization))
            if key not in seen:
                seen.add(key)
                out.append(draft)
        titled = {id(d.person.root()) for d in out}
        out += [d for d in self._introduced(titled) if id(d.person.root()) not in titled]
        return self._served_offices(self._national_offices(out))

    def _introduced(self, titled: set) -> list[RoleDraft]:
        """"... drew criticism from a former trade minister who served the last government.
        ¶ '...,' Jane Doe told the paper.": a person introduced by a title with no name that ends
        its paragraph ("a former trade minister") and named as the speaker of the quotation that
        opens the next one holds that title, when she is the only person first named there and the
        article gives her no other title."""
        doc, out = self.doc, []
        sents = list(doc.sents)
        first_at = {}
        for c in self.clusters:
            if c.kind == "Person" and c.named and c.merged_into is None and c.spans:
                first_at.setdefault(min(c.spans)[0], c)
        for k, sent in enumerate(sents[:-1]):
            nxt = sents[k + 1]
            new = [(i, c) for i, c in first_at.items() if nxt.start <= i < nxt.end and id(c) not in titled]
            if len(new) != 1:
                continue
            i, person = new[0]
            opening = next((t for t in nxt if not t.is_space), None)
            if opening is None or opening.text not in ('"', "“", "``") or "\n" not in doc[sent.end - 1:nxt.start + 1].text \
                    or not any(t.dep_ == "nsubj" and self.index.get(t.i) is person
                               and t.head.lemma_.lower() in REPORTING_VERBS for t in nxt):
                continue  # the next paragraph opens with a quotation she is said to have spoken
            last = max((t.i for t in sent if not (t.is_punct or t.is_space)), default=-1)
            for t in sent:
                if t.pos_ != "NOUN" or head_word(t) not in ROLE_HEADS or t.i in self.index \
                        or t.dep_ in ("appos", "conj", "attr") \
                        or not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children) \
                        or t.right_edge.i != last:
                    continue  # the title ends its sentence (and is no one else's apposition)
                s, e = min(person.spans)
                draft = self._role(person, t.left_edge.i, t.right_edge.i + 1, s, e)
                if draft is not None:
                    out.append(draft)
                    break
        return out

    def _served_offices(self, drafts: list[RoleDraft]) -> list[RoleDraft]:
        """"his economic adviser, Jane Doe": a staff title with no body of its own is held
        in the office of the person it serves: that person's administration when the article names
        one ("the Roe administration"), else the body of that person's own role."""
        for d in drafts:
            if d.organization is None and d.serves is not None:
                d.organization = self._administration(d.serves) or next(
                    (x.organization for x in drafts if x.person.root() is d.serves and x.organization is not None), None)
        return drafts

    def _tenures(self) -> list[RoleDraft]:
        """"her years as trade minister", "Doe's tenure as mayor": the possessor of a time in
        office holds the title after "as" (a pronoun is the person named before it)."""
        doc, out = self.doc, []
        for t in doc:
            if t.lower_ != "as" or t.i < 2 or doc[t.i - 1].lower_ not in TENURE_NOUNS:
                continue
            owner = doc[t.i - 2]
            if owner.tag_ == "PRP$":
                person, s, e = self._boss([], owner, None), owner.i, owner.i + 1
            elif owner.text in ("'s", "’s") and self._is_person(owner.i - 1):
                person = self.index[owner.i - 1].root()
                s, e = next((a, b) for a, b in self.index[owner.i - 1].spans if a <= owner.i - 1 < b)
            else:
                continue
            end = t.i + 1
            while end < min(len(doc), t.i + 10) and not doc[end].is_punct and doc[end].pos_ not in ("VERB", "AUX"):
                end += 1
            if person is not None and person.named and any(head_word(x) in ROLE_HEADS for x in doc[t.i + 1:end]):
                draft = self._role(person, t.i + 1, end, s, e)
                if draft is not None:
                    out.append(draft)
        return out

    # ------------------------------------------------------------------ one title
    def _role(self, person: Cluster, a: int, b: int, s: int, e: int) -> RoleDraft | None:
        doc = self.doc
        toks = []
        for t in doc[a:b]:
            titled = any(head_word(x) in ROLE_HEADS for x in toks)
            if self._is_person(t.i) and self.index[t.i] is not person and titled or t.dep_ in ("relcl", "acl") \
                    or t.tag_ in ("WDT", "WP", "WP$"):
                if self._is_person(t.i) and self.index[t.i] is not person:
                    own = self._title_run(t.i - 1)  # that person's own title words ("Senator [Tom Roe]'s wife"),
                    own = max([own] + [k + 1 for k in range(own, t.i)
                                       if doc[k].lower_ in TITLE_PREPS | {"and", ","}])  # not "for", "and"
                    if not any(head_word(x) in ROLE_HEADS for x in toks if x.i < own):
                        return None
                break  # another person after the title ("adviser to Jane Roe"), or a relative clause
            if not (t.is_space or self.index.get(t.i) is person):
                toks.append(t)
        while toks and toks[-1].lower_ in TITLE_PREPS | {"the", "then", "-"}:
            toks = toks[:-1]
        while toks and (toks[0].dep_ == "det" and toks[0].tag_ != "PRP$" or toks[0].is_punct or toks[0].lower_ == "other"
                        or toks[0].pos_ in ("CCONJ", "SCONJ", "ADV") and toks[0].lower_ not in FORMER_WORDS
                        or toks[0].dep_ == "mark"):  # "Since President Jane Doe took office"
            toks = toks[1:]
        while toks and toks[-1].lower_.rstrip(".") in ("mr", "mrs", "ms", "dr", "miss"):
            toks = toks[:-1]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        if not toks:
            return None
        possessor: list = []
        owner_tok = None
        head_of = singular_head if (a, b) in self._plural else head_word
        first_head = next((k for k, t in enumerate(toks) if head_of(t) in ROLE_HEADS), len(toks))
        for k, t in enumerate(toks[:first_head]):  # "Acme's spokesman", not "a spokesman for Acme's office"
            if t.text in POSSESSIVE_MARKS or t.tag_ == "PRP$":
                owner_tok = t
                possessor, toks = (toks[:k] if t.text in POSSESSIVE_MARKS else []), toks[k + 1:]
                break
        if owner_tok is None and toks and toks[0].i > 0 and doc[toks[0].i - 1].tag_ == "PRP$":
            owner_tok = doc[toks[0].i - 1]  # "her [press aide], Jane Doe": the title run stops at a pronoun
        # The head: the first title word, or a later one joined to it without a preposition
        # ("chief military adviser"), never one inside "to <another title>".
        heads = [k for k, t in enumerate(toks) if head_of(t) in ROLE_HEADS]
        if not heads:
            return None
        h = heads[0]
        for k in heads[1:]:
            if any(t.lower_ in TITLE_PREPS and t.dep_ == "prep" for t in toks[h + 1:k]):
                break
            if toks[k].lower_.rstrip(".") in TITLE_ABBREVIATIONS \
                    and any(t.is_title and head_word(t) not in ROLE_HEADS for t in toks[h + 1:k]):
                break  # "Pentagon spokesman Navy Capt.": a second title, the service's rank
            h = k
        head = toks[h]
        word = head_of(head)
        if head.dep_ in ("amod", "compound") and head.head.tag_ == "NNS" and head.head.i > head.i \
                and any(t.i == head.head.i for t in toks[h + 1:]) and singular_head(head.head) not in ROLE_HEADS:
            return None  # "fellow candidates", "major shareholders": a title word describing a group
        # The title as written: up to its head, then "of State", "to Syria", "for counterterrorism"
        # unless the phrase names the body the title is held in.
        title_end = h + 1
        prep_orgs: list[tuple[str, Cluster]] = []
        located: list[Cluster] = []  # "adviser in Iraq": where, not whose
        k = h + 1
        while k < len(toks) and toks[k].lower_ in TITLE_PREPS:
            prep, j = toks[k].lower_, k + 1
            while j < len(toks) and not (toks[j].lower_ in TITLE_PREPS and toks[j].dep_ == "prep") \
                    and not (toks[j].is_punct and toks[j].whitespace_ and toks[j].text not in ("-", ".")):
                j += 1
            # A capitalised name and a body noun first: the model tags "Sheriff" of "the Brookfield
            # Sheriff's office".
            tagged = [self.index[t.i].root() for t in toks[k + 1:j] if t.i in self.index]
            beyond = any(self._mention_end(t.i) > toks[j - 1].i + 1 for t in toks[k + 1:j] if t.i in self.index)
            inside = (None if beyond else self._named_office(toks[k + 1:j])) or tagged \
                or self._known_name(toks[k + 1:j]) or self._national_body(toks[k + 1:j]) \
                or self._antecedent(toks[k + 1:j])
            bodies = [c for c in inside if c.kind in ("Organization", "Place") and c is not person.root()]
            bodies.sort(key=lambda c: c.kind != "Organization")  # "chief of US firm Acme": Acme, not the US
            portfolio = all(t.lower_ in PORTFOLIOS or t.dep_ == "det" for t in toks[k + 1:j])
            placed = prep in ("to", "on") and all(c.kind == "Place" for c in bodies)  # "envoy to X", "expert on X"
            if bodies and not (portfolio and word in _CABINET) and not placed:
                prep_orgs.extend((prep, c) for c in bodies if prep != "in" or c.kind != "Place")
                located.extend(c for c in bodies if prep == "in" and c.kind == "Place")
            # "a trade envoy under President Jane Doe": the title stops before the office it serves.
            serving = prep == "under" and any(singular_head(t) in ROLE_HEADS for t in toks[k + 1:j])
            if title_end == k and (not bodies or portfolio or placed) and not serving:
                title_end = j
            k = j
        title_toks = toks[:title_end]
        title = join_tokens(title_toks)
        if title_end == h + 1 and word != head.lower_.rstrip(".") and word in TITLE_ABBREVIATIONS.values():
            title = join_tokens(title_toks[:h]) + (" " if h else "") + word.capitalize()  # "Sen." → "Senator"
        if not title or title.lower() in ("mr", "mrs", "ms", "dr"):
            return None
        # "former adviser", and "resigned as minister" (the office left)
        former = any(t.lower_ in FORMER_WORDS for t in toks[:h]) or head.dep_ == "pobj" and head.head.lower_ == "as" \
            and head.head.head.lemma_.lower() in LEAVING_VERBS
        before = [self.index[t.i].root() for t in reversed(toks[:h]) if t.i in self.index
                  and self.index[t.i].kind in ("Organization", "Place") and self.index[t.i].root() is not person.root()]
        known = self._known_name(toks[:h])
        before_orgs = [c for c in known + before if c.kind == "Organization" and name_key(c.name) not in TITLE_MODIFIERS]
        before_places = [c for c in known + before if c.kind == "Place"]
        owner = self._possessor(possessor)
        nationality = next((t for t in toks[:h] if t.ent_type_ == "NORP" or t.lower_ in IRREGULAR_DEMONYMS), None)
        portfolio = [t.lower_ for t in title_toks if t.lower_ in PORTFOLIOS and t.i != head.i]
        org = None
        first_org = lambda: before_orgs[0] if before_orgs else None
        first_place = lambda: before_places[0] if before_places else None
        prep_org = lambda: prep_orgs[0][1] if prep_orgs else None
        nation = lambda: self._nation(nationality, word)
        if word in SENDING_HEADS:
            order = [first_org, first_place, lambda: owner, nation, prep_org]
        elif word in _CABINET:
            dept = lambda: self._department(portfolio, word) if portfolio else None
            order = [prep_org, first_org, lambda: owner] + ([dept, nation] if word != "minister" else [nation, dept]) \
                + [first_place]
        else:
            order = [prep_org, first_org, lambda: owner, nation, first_place]
        order += [lambda: self._after_name(s, e), lambda: self._earlier_title_body(word, toks[0].i),
                  lambda: located[0] if located else None,
                  lambda: self._named_by_modifiers(toks[:h]),
                  lambda: self._proper_modifier(toks[:h]) if word in ORG_TITLE_HEADS else None,
                  lambda: self._proper_modifier(toks[h - 1:h], service=True) if word in MILITARY_RANKS and h else None,
                  lambda: self._sole_institution(toks)]
        # "speechwriter to Secretary of State Jane Doe", "adviser to then-President Jane Doe": the
        # body of the office the title serves.
        served = next((k for k in range(h + 1, len(toks) - 1) if toks[k].lower_ in ("to", "under")), None)
        inner = [t for t in toks[served + 1:] if t.lower_ not in FORMER_WORDS and t.text != "-"] if served else []
        inner_head = next((singular_head(t) for t in inner if singular_head(t) in ROLE_HEADS), "")
        if inner_head in _CABINET:
            inner_portfolio = [t.lower_ for t in inner if t.lower_ in PORTFOLIOS]
            order.append(lambda: self._department(inner_portfolio, inner_head) if inner_portfolio else None)
        for find in order:
            org = find()
            if org is not None:
                break
        span_start = min(doc[toks[0].i].idx, doc[s].idx)
        last = max(toks[-1].i, e - 1)
        office = "prime minister" if word == "minister" and h > 0 and toks[h - 1].lower_ == "prime" else word
        # A national office as such: its head alone or with words that keep it the office, nothing after it
        # ("president of distribution" is a company's).
        bare = title_end == h + 1 and all(t.lower_ in _OFFICE_MODIFIERS or t.ent_type_ in ("NORP", "GPE")
                                          or t.lower_ in IRREGULAR_DEMONYMS
                                          or t.pos_ == "ADJ" and t.lower_ not in _CORPORATE_RANKS for t in title_toks[:h])
        national = (word in NATIONAL_OFFICE_HEADS or office == "prime minister") and bare \
            or inner_head in NATIONAL_OFFICE_HEADS
        # "the government of President X": the leader of a government the sentence names, not one's own.
        first = toks[0]
        foreign = first.i >= 2 and doc[first.i - 1].lower_ == "of" and doc[first.i - 2].lower_ in GOVERNMENT_NOUNS \
            or nationality is not None and org is None  # "Ruritanian President X" with no Ruritania named
        serves = self._boss(possessor, owner_tok, person) if word in STAFF_HEADS and org is None else None
        return RoleDraft(person, title, org, span_start, doc[last].idx + len(doc[last].text), former, national, foreign,
                         serves, office if inner_head not in NATIONAL_OFFICE_HEADS else inner_head)

def find_roles(doc: Doc) -> list[RoleDraft]:
    """Every role of a named person the document states (see :class:`RoleFinder`)."""
    return RoleFinder(doc).roles()


def find_dates(doc: Doc) -> list[Span]:
    return [ent for ent in doc.ents if ent.label_ == "DATE"]


def roles_component(doc: Doc) -> Doc:
    """Roles, amounts and date mentions onto the ``Doc``."""
    doc._.nkg_roles = find_roles(doc)
    doc._.nkg_amounts = find_amounts(doc)
    doc._.nkg_dates = find_dates(doc)
    return doc
