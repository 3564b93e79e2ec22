"""What "they" and "it" stand for: the subject near before the pronoun that can be a group ("Critics
of the plan say ... . “...,” they wrote") or a thing that speaks ("The city sent a letter. It says
..."), else people named in the plural there. ``quoted(char)`` tells whether a character offset
lies inside a quotation (a subject there is talked about, not speaking).
"""

from __future__ import annotations

from typing import Callable

from spacy.tokens import Token

from service.nlp.entities import Cluster
from service.nlp.lexicon import GROUP_SUFFIX_NOUNS, PERSON_NOUNS
from service.nlp.subject_ranks import MAIN_SUBJECT, OTHER, REPORTED_SUBJECT, according_to, in_reported_clause


def plural_subject(pronoun: Token, index: dict[int, Cluster], quoted: Callable[[int], bool]) -> Token | None:
    """The plural noun that "they" at ``pronoun`` most likely stands for: the nearest subject
    in a plural noun (or a plural name, or names joined: "Doe and Roe say") in this sentence or
    the one before, outside quotations, a main clause's subject before one in reported speech ("Critics of the plan say it fails.
    “...,” they wrote": the critics); the source of a sentence told "according to" it counts
    as its subject ("..., according to insiders. They said": the insiders). An earlier "they"
    as that subject is returned, to be resolved in turn: "Critics say ... . They sent a
    letter. “...,” they wrote" continues with the critics. With no such subject, the nearest
    people named in the plural there in any other role: "The fee worries many residents because
    they expect ...", "The council wrote to Jane Doe and John Roe. Last week, they urged ...".
    """
    found = _subject_before(pronoun, lambda t: t.tag_ in ("NNS", "NNPS") or t.lower_ == "they"
                            or any(c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN") for c in t.children), quoted)
    return found if found is not None else _plural_people_before(pronoun, index, quoted)


def _plural_people_before(pronoun: Token, index: dict[int, Cluster], quoted: Callable[[int], bool]) -> Token | None:
    """The nearest noun for people in the plural (a person noun, a nationality or party, or
    people named and joined by "and") in this sentence or the one before, outside quotations."""
    sent = pronoun.sent
    start = pronoun.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for tok in reversed(pronoun.doc[start:pronoun.i]):
        if tok.pos_ not in ("NOUN", "PROPN") or quoted(tok.idx):
            continue
        c = index.get(tok.i)
        if c is not None and c.kind == "Person":
            if any(j.dep_ == "conj" and j.i > tok.i and index.get(j.i) is not None
                   and index[j.i].kind == "Person" for j in tok.children):
                return tok  # "Jane Doe and John Roe"
            continue
        if tok.tag_ in ("NNS", "NNPS") and (tok.lemma_.lower() in PERSON_NOUNS or tok.lower_ in GROUP_SUFFIX_NOUNS
                                            or tok.ent_type_ == "NORP"):
            return tok
    return None


def thing_subject(pronoun: Token, nouns: frozenset[str], index: dict[int, Cluster],
                  quoted: Callable[[int], bool]) -> Token | None:
    """What "it" at ``pronoun`` most likely stands for: the nearest subject in this sentence
    or the one before that is a named organisation or a singular noun among ``nouns`` ("The
    city sent a letter. It says ...": the city)."""
    def thing(t: Token) -> bool:
        c = index.get(t.i)
        return c.kind == "Organization" if c is not None else t.tag_ == "NN" and t.lemma_.lower() in nouns
    return _subject_before(pronoun, thing, quoted)


def _subject_before(pronoun: Token, fits: Callable[[Token], bool], quoted: Callable[[int], bool]) -> Token | None:
    """The subject that ``fits`` nearest before ``pronoun`` in its sentence or the one before,
    outside quotations; a main clause's before one in reported speech."""
    sent = pronoun.sent
    start = pronoun.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    found, found_rank = None, OTHER
    for tok in reversed(pronoun.doc[start:pronoun.i]):
        source = according_to(tok)
        if tok.dep_ not in ("nsubj", "nsubjpass") and not source or quoted(tok.idx) or not fits(tok):
            continue
        # The source a sentence is told "according to" speaks in it as its subject would.
        rank = REPORTED_SUBJECT if not source and in_reported_clause(tok.head) else MAIN_SUBJECT
        if rank > found_rank:
            found, found_rank = tok, rank
        if rank == MAIN_SUBJECT:
            break
    return found
