"""spaCy ``Doc`` (with newskg's extensions) → ``ir.Article``. The only reader of ``Doc._``."""

from __future__ import annotations

import hashlib
import re

from spacy.tokens import Doc

from service.ir import (Amount, Article, Claim, ClaimKind, DateRef, Entity, EntityKind, Mention, RawArticle,
                        Role)
from service.nlp.dates import resolve
from service.nlp.entities import Cluster, name_key


def article_id(raw: RawArticle) -> str:
    """The given id, else a hash of the URL or of the text: the same article keeps the same id."""
    if raw.id:
        return re.sub(r"[^A-Za-z0-9._-]+", "-", raw.id).strip("-") or _hash(raw.id)
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
    aliases = tuple(sorted({m.text for m in mentions if m.text != c.name}))
    return Entity(key=keys.key(c), kind=EntityKind(c.kind), name=c.name, mentions=mentions, aliases=aliases,
                  named=c.named, affiliation=keys.key(c.affiliations[0]) if c.affiliations else None)


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
        out[k] = Entity(key=keys.key(cluster), kind=EntityKind(kind), name=cluster.name)
    return tuple(out.values())


def doc_to_article(doc: Doc, raw: RawArticle) -> Article:
    keys = _Keys()
    clusters: list[Cluster] = [c for c in doc._.nkg_clusters if c.merged_into is None]
    published = raw.published
    claims = []
    for d in doc._.nkg_claims:
        text = " ".join(doc.text[s:e].strip().rstrip(",;:").strip() for s, e in d.segments)
        if d.kind == "mixed":
            text = re.sub(r"[“”\"]|''", "", text)
        about = []
        for c in clusters:
            if c in d.speakers or not c.named:
                continue
            if any(s_ <= doc[s].idx < e_ for s, _e in c.spans for s_, e_ in d.segments):
                about.append(keys.key(c))
        date = next((v for span in d.date_tokens if (v := resolve(span.text, published))), None)
        claims.append(Claim(
            kind=ClaimKind(d.kind), text=text, start=d.start, end=d.end,
            speakers=tuple(dict.fromkeys(keys.key(s) for s in d.speakers)),
            cue=d.cue.text if d.cue is not None else None,
            cue_start=d.cue.idx if d.cue is not None else None,
            cue_end=d.cue.idx + len(d.cue.text) if d.cue is not None else None,
            about=tuple(about), date=date, segments=tuple(d.segments)))
    roles = [Role(person=keys.key(r.person), title=r.title,
                  organization=keys.key(r.organization) if r.organization else None, start=r.start, end=r.end)
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
    amounts = tuple(Amount(value=a.value, unit=a.unit, text=doc.text[a.start:a.end], start=a.start, end=a.end,
                           qualifier=a.qualifier) for a in doc._.nkg_amounts)
    dates = tuple(DateRef(text=s.text, start=s.start_char, end=s.end_char, value=resolve(s.text, published))
                  for s in doc._.nkg_dates)
    return Article(
        id=article_id(raw), text=doc.text, title=raw.title, url=raw.url, published=published,
        authors=raw.authors, contributors=raw.contributors, publisher=raw.publisher,
        author_roles=raw.author_roles, reported_from=raw.reported_from, entities=entities, claims=tuple(claims), roles=tuple(roles),
        amounts=amounts, dates=dates)
