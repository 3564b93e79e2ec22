"""spaCy ``Doc`` (with newskg's extensions) → ``ir.Article``. The only reader of ``Doc._``."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
import re

from spacy.tokens import Doc

from service.ir import (Amount, Article, AttributionKind, Claim, ClaimKind, DateRef, Entity, EntityKind, Mention, RawArticle,
                        Role)
from service.nlp.claim_dates import ClaimDates
from service.nlp.dates import resolve
from service.nlp.entities import Cluster, name_key
from service.nlp.identity import distinctive
from service.nlp.speaker_registry import WRITER_NAME


def article_id(raw: RawArticle) -> str:
    """The given id (exactly: its IRI segment keeps it apart from every other id, see
    ``mapping.iris.id_segment``), else a hash of the URL or of the text: the same article keeps
    the same id."""
    if raw.id and raw.id.strip():
        return raw.id.strip()
    return _hash(raw.url or raw.text)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-") or _hash(text)[:8]


class _Keys:
    def __init__(self) -> None:
        self.by_cluster: dict[int, str] = {}
        self.used: set[str] = set()
        self._alive: list[Cluster] = []  # keeps id() of every keyed cluster unique

    def key(self, c: Cluster) -> str:
        if id(c) not in self.by_cluster:
            base = ("" if c.named else "unnamed-") + f"{c.kind.lower()}-{slug(c.name)}"
            k, n = base, 2
            while k in self.used:
                k, n = f"{base}-{n}", n + 1
            self.used.add(k)
            self.by_cluster[id(c)] = k
            self._alive.append(c)
        return self.by_cluster[id(c)]


def _entity(doc: Doc, c: Cluster, keys: _Keys) -> Entity:
    mentions = tuple(Mention(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), doc[s:e].text) for s, e in c.spans)
    aliases = tuple(sorted({m.text for m in mentions if m.text != c.name} | {a for a in c.aliases if a != c.name}))
    return Entity(key=keys.key(c), kind=EntityKind(c.kind), name=c.name, mentions=mentions, aliases=aliases,
                  named=c.named, affiliation=keys.key(c.affiliations[0]) if c.affiliations else None,
                  distinctive=c.named and distinctive(c.name, c.kind))


def _metadata_entities(raw: RawArticle, clusters: list[Cluster], keys: _Keys) -> tuple[Entity, ...]:
    """Authors, contributors, the publisher and dateline places are actors and places too, so the
    linker sees them; one already named in the text is not repeated."""
    wanted = [(n, "Person") for n in (*raw.authors, *raw.contributors)]
    wanted += [(raw.publisher, "Organization")] if raw.publisher else []
    wanted += [(org, "Organization") for _n, _t, org in raw.author_roles]
    wanted += [(p, "Place") for p in raw.reported_from]
    known = {(c.kind, name_key(c.name)) for c in clusters}
    out: dict[tuple[str, str], Entity] = {}
    for name, kind in wanted:
        k = (kind, name_key(name))
        if not k[1] or k in known or k in out:
            continue
        cluster = Cluster(kind=kind, name=re.sub(r"^(?:the|The)\s+(?=.*\s)", "", name) if kind != "Organization" else name)
        out[k] = Entity(key=keys.key(cluster), kind=EntityKind(kind), name=cluster.name,
                        distinctive=distinctive(cluster.name, kind))
    return tuple(out.values())


def _name_the_writer(clusters: list[Cluster], raw: RawArticle) -> None:
    """"I said" outside quotations is the article's writer: its only author, when the byline names
    one (with several, "I" may be any of them, and stays "the writer")."""
    if len(raw.authors) != 1 or not name_key(raw.authors[0]):
        return
    for c in clusters:
        if c.name == WRITER_NAME and not c.named and c.kind == "Person":
            c.name, c.named = raw.authors[0], True


def doc_to_article(doc: Doc, raw: RawArticle) -> Article:
    keys = _Keys()
    clusters: list[Cluster] = [c for c in doc._.nkg_clusters if c.merged_into is None]
    _name_the_writer(clusters, raw)
    published = raw.published
    text = doc.text  # spaCy rebuilds doc.text on every access: read it once
    # Where each named cluster is mentioned, sorted, so a claim finds the actors inside it by bisection.
    mentioned = sorted((doc[s].idx, n) for n, c in enumerate(clusters) if c.named for s, _e in c.spans)
    starts = [at for at, _n in mentioned]
    claims = []
    dating = ClaimDates(doc, text, published)
    dates_of = {id(d): dating.date(d) for d in sorted(doc._.nkg_claims, key=lambda d: d.start)}
    for d in doc._.nkg_claims:
        claim_text = " ".join(text[s:e].strip().rstrip(",;:").strip() for s, e in d.segments)
        if d.kind == "mixed":
            claim_text = re.sub(r"[“”\"]|''", "", claim_text)
        inside = {mentioned[i][1] for s_, e_ in d.segments
                  for i in range(bisect_left(starts, s_), bisect_left(starts, e_))}
        about = [keys.key(clusters[n]) for n in sorted(inside) if clusters[n] not in d.speakers]
        date = dates_of[id(d)]
        claims.append(Claim(
            kind=ClaimKind(d.kind), text=claim_text, start=d.start, end=d.end,
            speakers=tuple(dict.fromkeys(keys.key(s) for s in d.speakers)),
            cue=d.cue.text if d.cue is not None else None,
            cue_start=d.cue.idx if d.cue is not None else None,
            cue_end=d.cue.idx + len(d.cue.text) if d.cue is not None else None,
            about=tuple(about), date=date, segments=tuple(d.segments),
            attribution=AttributionKind(d.attribution or "statement")))
    roles = [Role(person=keys.key(r.person), title=r.title,
                  organization=keys.key(r.organization) if r.organization else None, start=r.start, end=r.end,
                  former=r.former)
             for r in doc._.nkg_roles]
    # Every cluster a claim, role or affiliation points at is kept, even one created late.
    used = {id(c) for c in clusters}
    for d in doc._.nkg_claims:
        for s in d.speakers:
            for c in [s, *s.affiliations]:
                if id(c) not in used:
                    clusters.append(c)
                    used.add(id(c))
    for r in doc._.nkg_roles:
        for c in (r.person, r.organization):
            if c is not None and id(c) not in used:
                clusters.append(c)
                used.add(id(c))
    entities = tuple(_entity(doc, c, keys) for c in clusters) + _metadata_entities(raw, clusters, keys)
    amounts = tuple(Amount(value=a.value, unit=a.unit, text=text[a.start:a.end], start=a.start, end=a.end,
                           qualifier=a.qualifier, of=a.of, kind=a.kind) for a in doc._.nkg_amounts)
    dates = tuple(DateRef(text=s.text, start=s.start_char, end=s.end_char, value=resolve(s.text, published))
                  for s in doc._.nkg_dates)
    return Article(
        id=article_id(raw), text=text, title=raw.title, url=raw.url, published=published,
        authors=raw.authors, contributors=raw.contributors, publisher=raw.publisher,
        author_roles=raw.author_roles, reported_from=raw.reported_from, entities=entities, claims=tuple(claims), roles=tuple(roles),
        amounts=amounts, dates=dates)
