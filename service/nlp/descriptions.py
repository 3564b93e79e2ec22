"""Which named person "the senator" is: the last one the article gave that title.

An article names a person once with a title ("Sen. Jane Doe", "Jane Doe, the governor of X,",
"Jane Doe, a senator") and later calls them by the title alone ("the senator said"), or by the
title with some of the words it came with ("the Democratic nominee" after "Democratic
presidential nominee Jane Doe"). The title is read from the words before a mention of the name
or from a title noun in apposition to it; the abbreviations and their spelled-out forms count as
one title ("Gov." and "governor"). A description is the titled person only when their words are
compatible: "the president" is not the person named "Vice President", "the Republican nominee"
not the one named "Democratic nominee", "the Ohio governor" not "Utah Gov. Jane Doe".
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc, Token

from service.nlp.entities import Cluster
from service.nlp.lexicon import (FORMER_WORDS, NATIONAL_OFFICE_HEADS, ORG_TITLE_HEADS, STATE_ABBREVIATIONS,
                                 TITLE_ABBREVIATIONS)

# The titles a description ("the senator") stands for, and the other words for the same title; the
# abbreviations ("Sen.", "Gov.") are the roles' own (``TITLE_ABBREVIATIONS``).
TITLES = frozenset("senator governor representative president mayor judge general secretary minister ambassador "
                   "chancellor".split())
_SAME_TITLE = {"senators": "senator", "governors": "governor", "congressman": "representative",
               "congresswoman": "representative"}
# Roles, beyond titles, that one person holds in a story and is then called by: "the nominee".
ROLES = frozenset("nominee candidate frontrunner front-runner spokesman spokeswoman spokesperson chairman "
                  "chairwoman".split())
# Words that make a title another office: "Vice President", "deputy director".
RANK_WORDS = frozenset("vice deputy assistant associate lieutenant under".split())
# Words that say the office is no longer held: "the former president" is not the sitting one.
# ("then-Gov. Jane Doe" held it when spoken of, "retired" tells of a career, not an office, and
# "previous"/"past" name an earlier holder of the same office.)
OUT_OF_OFFICE_WORDS = FORMER_WORDS - {"then", "retired", "previous", "past"}
# Parties, by the words news writes for them.
PARTY_WORDS = {"republican": "republican", "gop": "republican", "democratic": "democratic",
               "democrat": "democratic", "libertarian": "libertarian", "green": "green", "independent": "independent",
               "conservative": "conservative", "tory": "conservative", "labour": "labour", "liberal": "liberal"}


_PARAGRAPH_BREAK = re.compile(r"\n\s*")


def title_of(word: str) -> str:
    """The title a word writes ("Sen." → "senator", "congresswoman" → "representative"), or ""."""
    word = word.lower().rstrip(".")
    word = TITLE_ABBREVIATIONS.get(word) or _SAME_TITLE.get(word, word)
    return word if word in TITLES else ""


def role_of(word: str) -> str:
    """The title or one-person role a word writes ("Gov." → "governor", "nominee"), or ""."""
    return title_of(word) or (word.lower() if word.lower() in ROLES else "")


def qualifiers(words: list[Token]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """What the words written with a title say of the office: its rank words ("vice"), its party
    and the places or nations it is of ("Ohio", "French")."""
    rank, party, place = set(), set(), set()
    for t in words:
        for part in t.lower_.rstrip(".").split("-"):
            if part in RANK_WORDS:
                rank.add(part)
            elif part in OUT_OF_OFFICE_WORDS:
                rank.add("former")
            elif part in PARTY_WORDS:
                party.add(PARTY_WORDS[part])
            elif t.ent_type_ in ("GPE", "NORP") and part.isalpha():
                place.add(part)
    return frozenset(rank), frozenset(party), frozenset(place)


def compatible(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
    """Whether two titles' qualifiers can describe one office: the same rank, and no two parties
    or places that differ (a qualifier one of them leaves out says nothing)."""
    rank_a, party_a, place_a = a
    rank_b, party_b, place_b = b
    if rank_a != rank_b:
        return False
    return all(not x or not y or x & y for x, y in ((party_a, party_b), (place_a, place_b)))


def _modifier_words(noun: Token) -> list[Token]:
    """The words written before a title noun, its determiner and possessor left out."""
    return [t for left in noun.lefts if left.dep_ not in ("det", "poss", "predet") for t in left.subtree]


def description_qualifiers(tok: Token) -> tuple[frozenset[str], ...]:
    """The qualifiers of the description ``tok`` heads ("the Republican nominee": its party)."""
    return qualifiers(_modifier_words(tok))


class Titles:
    """The named people of a document with the titles the text gives them, in text order.

    Besides the titles and roles listed above, the article teaches its own: a job word written
    before a name ("neurosurgeon Jane Doe") or in apposition to it ("Jane Doe, a retired surgeon,")
    is what "the neurosurgeon" or "the surgeon" later stands for."""

    def __init__(self, doc: Doc, clusters: list[Cluster], index: dict[int, Cluster]) -> None:
        entries: list[tuple[int, str, Cluster, tuple]] = []
        for c in clusters:
            if c.kind != "Person" or not c.named:
                continue
            mine = [(s, title, quals) for s, e in c.spans for title, quals in self._titles_at(doc, index, s, e)]
            # A party or a state is the person's, not the mention's: "Florida Sen. Jane Doe" is the
            # Florida senator where the text later writes "Sen. Doe" too.
            for s, title, quals in mine:
                same = [q for _s, t, q in mine if t == title]
                party = frozenset().union(*(q[1] for q in same))
                place = frozenset().union(*(q[2] for q in same))
                entries.append((s, title, c, (quals[0], party, place)))
        entries.sort(key=lambda x: x[0])
        self._starts = [x[0] for x in entries]
        self._entries = entries
        self._learnt = frozenset(t for _s, t, _c, _q in entries)
        self._doc, self._text = doc, doc.text  # spaCy rebuilds doc.text on every access

    @staticmethod
    def _titles_at(doc: Doc, index: dict[int, Cluster], s: int, e: int) -> list[tuple[str, tuple]]:
        found = []
        if s > 0 and role_of(doc[s - 1].text):
            title, before = role_of(doc[s - 1].text), _words_before(doc, s - 1)
            rank, party, place = qualifiers(before)
            found.append((title, (rank, party, place | _body_of_office(title, before))))  # "Sen. Jane Doe"
        elif s > 2 and doc[s - 2].lower_ == "of" and role_of(doc[s - 3].text) and doc[s - 1].is_title:
            # "Secretary of State Jane Doe": the title and what it is of, before the name.
            rank, party, place = qualifiers(_words_before(doc, s - 3))
            found.append((role_of(doc[s - 3].text), (rank, party, place | {doc[s - 1].lower_})))
        elif s > 0 and doc[s - 1].pos_ == "NOUN" and doc[s - 1].is_lower and doc[s - 1].tag_ == "NN" \
                and doc[s - 1].i not in index:
            # "neurosurgeon Jane Doe", "retired businessman Jane Doe": a job word before the name.
            found.append((doc[s - 1].lemma_.lower(), qualifiers(_words_before(doc, s - 1))))
        if role_of(doc[s].text):
            found.append((role_of(doc[s].text), qualifiers(_words_before(doc, s))))  # the title inside the mention
        elif s + 1 < e and doc[s].lower_ in RANK_WORDS and role_of(doc[s + 1].text):
            found.append((role_of(doc[s + 1].text), qualifiers([doc[s]])))  # "Vice President" in the mention
        head = doc[s:e].root
        # "Jane Doe, the governor of X," / "Jane Doe, a retired surgeon": a title or job in apposition.
        for child in head.children:
            if child.dep_ == "appos" and index.get(child.i) is None and _job_word(child):
                found.append((_job_word(child), _apposition_qualifiers(child)))
        if head.dep_ == "appos" and index.get(head.head.i) is None and _job_word(head.head):
            found.append((_job_word(head.head), _apposition_qualifiers(head.head)))  # "the governor, Jane Doe,"
        after = _after_name(doc, e)
        return [(t, (q[0], q[1] | after[1], q[2] | after[2])) for t, q in found]

    def knows(self, tok: Token) -> bool:
        """Whether ``tok`` writes a title or role, or a job the article gave a named person."""
        return bool(role_of(tok.text)) or tok.lemma_.lower() in self._learnt

    def person(self, tok: Token) -> tuple[int, Cluster] | None:
        """The named person last given the title that ``tok`` (the head of "the senator")
        writes, with compatible words, before it in the text, with where they were given it; None
        when the word is no title, names another office ("the president of the bank"), or nobody
        had the title. A description with a place ("the Ohio senator") is only a person given the
        title with that place; one with a party ("the Democratic senator") the person last given
        it with that party, failing one, a person given the title without a party when that
        person is the only one so given (two such senators and "the Democratic senator" may be
        either)."""
        title = role_of(tok.text) or (tok.lemma_.lower() if tok.lemma_.lower() in self._learnt else "")
        if not title:
            return None
        of = _of_words(tok)
        if of is None:
            return None  # "the president of the bank's board": more than a title's "of"
        rank, party, place = description_qualifiers(tok)
        quals = (rank, party, place | of)
        body = frozenset(BODY_MARK + t.lower_ for t in _modifier_words(tok))  # "the Harbour Bank president"
        listed = bool(role_of(tok.text))
        fallback: list[tuple[int, Cluster]] = []
        for k in range(bisect_left(self._starts, tok.i) - 1, -1, -1):
            s, t, c, q = self._entries[k]
            if t != title or not compatible(quals, q) or of - q[2] or place - q[2]:
                continue
            if any(w.startswith(BODY_MARK) for w in q[2]) and not body & q[2]:
                continue  # "Harbour Bank President Jane Doe" is not who a bare "the president" is
            if not listed and not self._spoken_of_lately(c, tok):
                continue
            if not party or party & q[1]:
                return s, c
            fallback.append((s, c))
        if fallback and all(c is fallback[0][1] for _s, c in fallback):
            return fallback[0]
        return None

    def _spoken_of_lately(self, cluster: Cluster, tok: Token) -> bool:
        """Whether the text mentioned ``cluster`` in ``tok``'s paragraph or the one before: a job
        the article taught ("actor Jane Doe") names that person only while the story is on them;
        a list of people may call the next one "the actor" too."""
        last = max((s for s, _e in cluster.spans if s < tok.i), default=None)
        if last is None:
            return False
        between = self._text[self._doc[last].idx:tok.idx]
        return len(_PARAGRAPH_BREAK.findall(between)) <= 1

    def holds_other(self, cluster: Cluster, tok: Token) -> bool:
        """Whether the text gave ``cluster`` the title ``tok`` writes with words that do not fit
        the description ("Vice President Jane Doe" for "the president")."""
        title, quals = role_of(tok.text), description_qualifiers(tok)
        return any(c is cluster and t == title and not compatible(quals, q) for _s, t, c, q in self._entries)


# Marks, among a title's place words, the words of the body whose office it is.
BODY_MARK = "body:"
# Titles held both in a nation and in a body ("President Jane Doe", "Acme President Jane Doe").
_NATION_OR_BODY = NATIONAL_OFFICE_HEADS & ORG_TITLE_HEADS


def _body_of_office(title: str, before: list[Token]) -> frozenset[str]:
    """For a title of national office written after a body's name ("Harbour Bank President", "Acme
    Corp. President"), the body's words (marked): the holder is that body's president, and news
    writes a bare "the president" for the country's."""
    if title not in _NATION_OR_BODY:
        return frozenset()
    # A party the model tags as an organisation ("GOP") is the holder's party, not the office's body.
    return frozenset(BODY_MARK + t.lower_ for t in before
                     if t.ent_type_ == "ORG" and t.is_alpha and t.lower_ not in PARTY_WORDS)


def _job_word(noun: Token) -> str:
    """The title, role or job a noun in apposition to a name writes ("the governor", "a retired
    surgeon"), or ""."""
    if role_of(noun.text):
        return role_of(noun.text)
    return noun.lemma_.lower() if noun.pos_ == "NOUN" and noun.tag_ == "NN" and noun.is_lower else ""


def _of_words(tok: Token) -> frozenset[str] | None:
    """What a description's title is "of" ("the secretary of state": {"state"}), empty without
    an "of"; None when the title has another phrase after it ("the president of the bank's
    board", "the senator from Ohio" are read no further)."""
    preps = [c for c in tok.children if c.dep_ == "prep"]
    if not preps:
        return frozenset()
    if len(preps) > 1 or preps[0].lower_ != "of":
        return None
    words = [t for t in preps[0].subtree if t.i > preps[0].i and t.dep_ not in ("det", "punct")]
    if not words or len(words) > 3 or not all(t.is_alpha for t in words):
        return None
    return frozenset(t.lower_ for t in words)


def _after_name(doc: Doc, end: int) -> tuple[frozenset[str], ...]:
    """The party and state written after a name: "Jane Doe, R-Fla.," "Jane Doe (D-Ohio)",
    "Jane Doe of Ohio", "Jane Doe, Democrat of Ohio"."""
    party, place = set(), set()
    k = end
    if k + 2 < len(doc) and doc[k].text in (",", "(") and doc[k + 1].text in ("R", "D", "I") \
            and doc[k + 2].text == "-":
        party.add({"R": "republican", "D": "democratic", "I": "independent"}[doc[k + 1].text])
        k += 3
        state = doc[k].text + ("." if k + 1 < len(doc) and doc[k + 1].text == "." else "")
        name = STATE_ABBREVIATIONS.get(state.lower()) or STATE_ABBREVIATIONS.get(doc[k].lower_) or doc[k].text
        place.update(w.lower() for w in name.split())
    else:
        if k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ in PARTY_WORDS:
            party.add(PARTY_WORDS[doc[k + 1].lower_])  # "Jane Doe, Democrat of Ohio"
            k += 2
        if k + 1 < len(doc) and doc[k].lower_ == "of" and doc[k + 1].ent_type_ == "GPE":
            place.update(t.lower_ for t in doc[k + 1:k + 4] if t.ent_type_ == "GPE" and t.is_alpha)
    return frozenset(), frozenset(party), frozenset(place)


def _words_before(doc: Doc, title: int) -> list[Token]:
    """The words of a title before its head word ("Democratic presidential" nominee, "Vice"
    President, "Ohio" Gov.): back to a determiner, punctuation or a verb."""
    out = []
    k = title - 1
    while k >= 0 and title - k <= 4 and doc[k].pos_ in ("ADJ", "PROPN", "NOUN") and not doc[k].is_punct:
        out.append(doc[k])
        k -= 1
    return out


def _apposition_qualifiers(noun: Token) -> tuple[frozenset[str], ...]:
    """The qualifiers of a title in apposition: its modifiers and what it is "of" ("the governor
    of Ohio", "the secretary of state": the words of that phrase count as its place)."""
    of = [t for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "from" for t in prep.subtree]
    rank, party, place = qualifiers(_modifier_words(noun) + of)  # "the senator from Ohio"
    return rank, party, place | (_of_words(noun) or frozenset())
