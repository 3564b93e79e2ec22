"""Invented articles as IR (no spaCy) for the search tests: a seeded mix of speakers, places,
organisations, outlets, months and kinds of claim, so that facets have several values each."""

from __future__ import annotations

import random

from service.ir import Article, AttributionKind, Claim, ClaimKind, Entity, EntityKind, Mention
from service.mapping import article_triples
from service.rdfterms import triples_quads

BASE = "http://newskg.test/"
SPEAKERS = ["Mara Velt", "Oskar Brandl", "Ines Quarto", "Tomas Ryle", "Lena Hoff"]
PLACES = ["Port Selden", "Varnholm", "Easthaven"]
ORGS = ["Kessling Authority", "Duvel Institute"]
OUTLETS = ["The Selden Courier", "Varnholm Daily"]
MONTHS = ["2021-03", "2021-04", "2022-01"]
PHRASES = ["the harbour bridge would reopen", "water prices will fall", "the tunnel plan is dead",
           "the ferry strike must end", "schools need more teachers", "the census undercounted farmers"]
KINDS = [AttributionKind.STATEMENT, AttributionKind.BELIEF, AttributionKind.FINDING]


def _entity(key: str, kind: EntityKind, name: str, text: str) -> Entity:
    at = text.index(name)
    return Entity(key, kind, name, (Mention(at, at + len(name), name),))


def make_article(aid: str, rng: random.Random, *, extra: str = "") -> Article:
    """One article: two or three claims, each by a speaker and about a place or an organisation."""
    sentences, entities, claims, seen = [], {}, [], set()
    for n in range(rng.randint(2, 3)):
        speaker, phrase = rng.choice(SPEAKERS), rng.choice(PHRASES) + (f" {extra}" if extra and n == 0 else "")
        target = rng.choice(PLACES + ORGS)
        sentences.append((speaker, phrase, target, rng.choice(KINDS)))
    text = ""
    spans = []
    for speaker, phrase, target, kind in sentences:
        start = len(text) + len(speaker) + len(" said that ")
        text += f"{speaker} said that {phrase} in {target}. "
        spans.append((speaker, phrase, target, kind, start))
    for speaker, phrase, target, kind, start in spans:
        skey = "person-" + speaker.lower().replace(" ", "-")
        tkind = EntityKind.PLACE if target in PLACES else EntityKind.ORGANIZATION
        tkey = ("place-" if tkind is EntityKind.PLACE else "organization-") + target.lower().replace(" ", "-")
        for key, kind_, name in ((skey, EntityKind.PERSON, speaker), (tkey, tkind, target)):
            if key not in seen:
                seen.add(key)
                entities[key] = _entity(key, kind_, name, text)
        claims.append(Claim(ClaimKind.INDIRECT, phrase, start, start + len(phrase), (skey,), cue="said",
                            about=(tkey,), attribution=kind))
    month = rng.choice(MONTHS)
    return Article(id=aid, text=text, title=f"Report {aid}", published=f"{month}-{rng.randint(10, 28)}",
                   publisher=rng.choice(OUTLETS), entities=tuple(entities.values()), claims=tuple(claims))


def corpus(n: int = 24, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    return [make_article(f"s{i:03d}", rng) for i in range(n)]


def put(store, article: Article) -> str:
    """Write one article the way ingest does (its graph, and the shared nodes' graphs derived in the store)."""
    name, triples = article_triples(article, base=BASE)
    store.put_graph(str(name), triples_quads(triples, str(name)))
    return str(name)
