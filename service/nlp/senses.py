"""Whether a reporting verb is used in a sense that reports nothing said: "the costs add up to $2
billion", "the council confirmed the nominee", "Doe found a way into the final". The verb is a cue word, but nobody says anything through it; a claim made from it
would tell a reader that someone said what nobody said, so it is left out (as ``assertion`` leaves
out a negated or conditional cue).

Only reported claims are judged: a quotation was said by someone whatever verb stands next to it.
"""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.cues import subject
from service.nlp.entities import Cluster
from service.nlp.lexicon import DOCUMENT_NOUNS, PERSON_NOUNS, POLL_NOUNS, SOURCE_NOUNS

# Particles that turn a verb of speech into another verb: "add up to", "called off the talks",
# "wrote off the debt", "could not tell them apart". ("Backed off his plan" stays: a stance given up
# is a stance.)
OTHER_SENSE_PARTICLES = {
    "add": frozenset({"up"}), "call": frozenset({"off"}), "write": frozenset({"off"}), "tell": frozenset({"apart"}),
}
# Verbs that, with a person as their object, appoint or approve someone: "the Senate confirmed the
# nominee", "he was confirmed 92 to 0".
APPOINTING_VERBS = frozenset({"confirm"})
# Verbs that, with a person as their object and nothing said about what, mean running against
# them: "Doe, who is challenging Senator Roe for her seat" ("challenged Roe on the budget", "to a
# debate", "to explain" are challenges in words).
CONTESTING_VERBS = frozenset({"challenge"})
# What a challenge in words is about or calls for.
CHALLENGE_PREPS = frozenset("on over about to".split())
# Who is appointed, besides the person nouns every speaker rule knows.
APPOINTEES = PERSON_NOUNS | frozenset("nominee appointee pick choice justice".split())
PERSONAL_PRONOUNS = frozenset("him her them me us you".split())
# What finds things on its authors' behalf, whatever its name says of them.
FINDING_SOURCES = DOCUMENT_NOUNS | SOURCE_NOUNS | POLL_NOUNS
# People whose finding is a ruling or a result, whatever its object ("the judge found the ban
# unlawful", where the parser takes "unlawful" for the object).
FINDERS = frozenset("judge jury juror justice court panel investigator inspector auditor examiner coroner "
                    "researcher scientist reviewer analyst expert".split())


def _other_sense_particle(cue: Token) -> bool:
    """"The costs add up to ...", "the board called off the vote": a particle changes the sense."""
    particles = OTHER_SENSE_PARTICLES.get(cue.lemma_.lower())
    if particles is None:
        return False
    # right after the verb, whatever the parser made of it ("add up to $2 billion": a quantity's "up")
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    return nxt is not None and nxt.lower_ in particles or any(c.dep_ == "prt" and c.lower_ in particles
                                                              for c in cue.children)


def _is_person(tok: Token) -> bool:
    """A person named, described by a person noun, or a personal pronoun."""
    return tok.ent_type_ == "PERSON" or tok.lemma_.lower() in APPOINTEES or tok.lower_ in PERSONAL_PRONOUNS \
        or tok.lower_ in ("he", "she", "they")


def _appointing(cue: Token) -> bool:
    """"The Senate confirmed the nominee", "she was confirmed 92 to 0": a person confirmed in an
    office, with no clause of what was confirmed."""
    if cue.lemma_.lower() not in APPOINTING_VERBS or any(c.dep_ == "ccomp" for c in cue.children):
        return False
    return any(c.dep_ in ("dobj", "nsubjpass") and _is_person(c) for c in cue.children)


def _contesting(cue: Token) -> bool:
    """"Doe, who is challenging Senator Roe in the primary": a named rival as the object, and no
    clause, infinitive or "on"/"over" phrase of what the challenge says."""
    if cue.lemma_.lower() not in CONTESTING_VERBS:
        return False
    if any(c.dep_ in ("ccomp", "xcomp") or c.dep_ == "prep" and c.lower_ in CHALLENGE_PREPS for c in cue.children):
        return False
    return any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in cue.children)


def _come_upon(cue: Token, speakers: list[Cluster]) -> bool:
    """"Doe found a way into the final", "she found herself on the street": a person who finds a
    thing (no clause of what was found) comes upon it; a poll, a study or an inquiry that finds
    something reports it, and "Doe found that ..." is a finding of Doe's."""
    if cue.lemma_.lower() != "find" or not any(c.dep_ == "dobj" for c in cue.children) \
            or any(c.dep_ in ("ccomp", "xcomp", "oprd", "acomp") for c in cue.children):
        return False
    who = subject(cue)
    if who is not None and (who.ent_type_ in ("ORG", "NORP", "GPE") or who.lower_ in FINDING_SOURCES
                            or who.lemma_.lower() in FINDERS):
        return False  # "the Millennial Poll finds ...", "a judge found the ban unlawful": findings
    return any(s.kind == "Person" for s in speakers)


def other_sense(cue: Token | None, speakers: list[Cluster]) -> bool:
    """Whether the cue is a reporting verb used in a sense that reports nothing: a particle that
    changes it ("add up to"), a person confirmed in an office or run against, a person who finds
    a thing (``speakers``: the claim's)."""
    if cue is None:
        return False
    return _other_sense_particle(cue) or _appointing(cue) or _contesting(cue) or _come_upon(cue, speakers)
