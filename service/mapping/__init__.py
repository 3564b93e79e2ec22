"""ir.Article → RDF: one named graph per article, under the newskg ontology, closed under it.

Pure: IR in, graph out, no I/O. The graph's name is the article's IRI. Facts about actors and
places shared across articles are kept as the article's references to them; each shared node's
own graph is derived from the references (``mapping.entities``).
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef

from service.ir import Article, AttributionKind, Entity, EntityKind
from service.mapping.entities import derive, split
from service.mapping.iris import article_iri, entity_iri, is_shared, name_slug, span_iri
from service.mapping.reasoning import entail, warm
from service.vocab import NKG, RDF, RDFS, SKOS, WD, XSD

CLAIM_CLASSES = {AttributionKind.STATEMENT: NKG.Statement, AttributionKind.BELIEF: NKG.Belief,
                 AttributionKind.FINDING: NKG.Finding}
CLASS_OF_KIND = {EntityKind.PERSON: NKG.Person, EntityKind.ORGANIZATION: NKG.Organization,
                 EntityKind.PLACE: NKG.Location}
# An actor the article only describes ("a senior official", "analysts") is still the speaker of its
# claims, labelled with the description, but no schema.org Person or Organization: no name to look up.
UNNAMED_CLASS_OF_KIND = {EntityKind.PERSON: NKG.UnnamedPerson, EntityKind.ORGANIZATION: NKG.UnnamedGroup}


def _date_literal(value: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value, datatype=XSD.dateTime) if "T" in value else Literal(value)


def _offset(value: int) -> Literal:
    # xsd:integer, not xsd:nonNegativeInteger: Oxigraph stores derived integer types as
    # xsd:integer, and a stored graph should be exactly what `newskg extract` printed.
    return Literal(value, datatype=XSD.integer)


def _span(g: Graph, node: URIRef, art: URIRef, start: int, end: int, text: str) -> None:
    g.add((node, NKG.startOffset, _offset(start)))
    g.add((node, NKG.endOffset, _offset(end)))
    g.add((node, NKG.anchorOf, Literal(text)))
    g.add((node, NKG.inArticle, art))


class _Builder:
    def __init__(self, article: Article, base: str) -> None:
        self.a = article
        self.base = base
        self.art = article_iri(base, article.id)
        self.g = _Triples()
        self.nodes: dict[str, URIRef] = {e.key: entity_iri(base, article.id, e) for e in article.entities}
        self.by_name: dict[tuple[str, str], URIRef] = {(e.kind.value, name_slug(e.name)): self.nodes[e.key]
                                                       for e in article.entities if e.named}

    def span(self, what: str, start: int, end: int) -> URIRef:
        return span_iri(self.base, self.a.id, what, start, end)

    def actor_by_name(self, name: str, kind: EntityKind) -> URIRef:
        """A person or organisation from the metadata, merged with the same name in the text."""
        node = self.by_name.get((kind.value, name_slug(name)))
        if node is None:
            node = entity_iri(self.base, self.a.id, Entity(key=f"{kind.value.lower()}-{name_slug(name)}", kind=kind,
                                                           name=name))
            self.by_name[(kind.value, name_slug(name))] = node
            self.g.add((node, RDF.type, CLASS_OF_KIND[kind]))
            self.g.add((node, RDFS.label, Literal(name)))
            self.g.add((self.art, NKG.mentions, node))
        return node

    def article(self) -> None:
        g, a, art = self.g, self.a, self.art
        g.add((art, RDF.type, NKG.Article))
        g.add((art, NKG.articleBody, Literal(a.text)))
        if a.title:
            g.add((art, NKG.headline, Literal(a.title)))
            g.add((art, RDFS.label, Literal(a.title)))
        if a.url:
            g.add((art, NKG.url, Literal(a.url, datatype=XSD.anyURI)))
        if a.published:
            g.add((art, NKG.published, _date_literal(a.published)))
        for name in a.authors:
            g.add((art, NKG.author, self.actor_by_name(name, EntityKind.PERSON)))
        for name in a.contributors:
            g.add((art, NKG.contributor, self.actor_by_name(name, EntityKind.PERSON)))
        if a.publisher:
            g.add((art, NKG.publisher, self.actor_by_name(a.publisher, EntityKind.ORGANIZATION)))
        for name in a.reported_from:
            g.add((art, NKG.reportedFrom, self.actor_by_name(name, EntityKind.PLACE)))
        for name, title, org in a.author_roles:
            role = self.span("author-role", 0, 0)
            role = URIRef(f"{role}/{name_slug(name)}")
            g.add((role, RDF.type, NKG.Role))
            g.add((role, NKG.roleTitle, Literal(title)))
            g.add((role, NKG.roleIn, self.actor_by_name(org, EntityKind.ORGANIZATION)))
            g.add((self.actor_by_name(name, EntityKind.PERSON), NKG.holdsRole, role))

    def entities(self) -> None:
        g = self.g
        for e in self.a.entities:
            node = self.nodes[e.key]
            if e.named or e.kind not in UNNAMED_CLASS_OF_KIND:
                g.add((node, RDF.type, CLASS_OF_KIND[e.kind]))
            else:
                g.add((node, RDF.type, UNNAMED_CLASS_OF_KIND[e.kind]))
                g.add((node, RDF.type, NKG.UnnamedActor))
            g.add((node, RDFS.label, Literal(e.name)))
            for alias in e.aliases:
                g.add((node, SKOS.altLabel, Literal(alias)))
            g.add((self.art, NKG.mentions, node))
            if e.affiliation and e.affiliation in self.nodes:
                g.add((node, NKG.affiliation, self.nodes[e.affiliation]))
            for m in e.mentions:
                mnode = self.span("mention", m.start, m.end)
                g.add((mnode, RDF.type, NKG.Mention))
                g.add((mnode, NKG.mentionOf, node))
                _span(g, mnode, self.art, m.start, m.end, m.text)
            if e.link is not None:
                self.link(e, node)

    def link(self, e: Entity, node: URIRef) -> None:
        for t in link_triples(node, URIRef(f"{self.art}/link/{e.key}"), e.link):
            self.g.add(t)

    def claims(self) -> None:
        g = self.g
        for c in self.a.claims:
            node = self.span("claim", c.start, c.end)
            g.add((node, RDF.type, NKG.Claim))
            g.add((node, RDF.type, CLAIM_CLASSES[c.attribution]))
            g.add((node, NKG.claimText, Literal(c.text)))
            g.add((node, NKG.claimKind, Literal(c.kind.value)))
            g.add((node, NKG.quotedIn, self.art))
            g.add((node, NKG.startOffset, _offset(c.start)))
            g.add((node, NKG.endOffset, _offset(c.end)))
            if c.cue:
                g.add((node, NKG.cue, Literal(c.cue)))
            for key in c.speakers:
                g.add((node, NKG.claimant, self.nodes[key]))
            for key in c.about:
                g.add((node, NKG.about, self.nodes[key]))
            if c.date:
                g.add((node, NKG.claimDate, _date_literal(c.date)))

    def roles_and_amounts(self) -> None:
        g = self.g
        for r in self.a.roles:
            node = self.span("role", r.start, r.end)
            g.add((node, RDF.type, NKG.Role))
            g.add((node, NKG.roleTitle, Literal(r.title)))
            if r.organization:
                g.add((node, NKG.roleIn, self.nodes[r.organization]))
            if r.former:
                g.add((node, NKG.formerRole, Literal(True)))
            g.add((self.nodes[r.person], NKG.holdsRole, node))
            _span(g, node, self.art, r.start, r.end, self.a.text[r.start:r.end])
        for q in self.a.amounts:
            node = self.span("amount", q.start, q.end)
            g.add((node, RDF.type, NKG.Amount))
            value = int(q.value) if float(q.value).is_integer() else q.value
            g.add((node, NKG.value, Literal(value)))
            g.add((node, NKG.unit, Literal(q.unit)))
            if q.qualifier:
                g.add((node, NKG.qualifier, Literal(q.qualifier)))
            if q.of:
                g.add((node, NKG.amountOf, Literal(q.of)))
            if q.kind:
                g.add((node, NKG.amountKind, Literal(q.kind)))
            g.add((self.art, NKG.reportsAmount, node))
            _span(g, node, self.art, q.start, q.end, q.text)


def link_triples(node: URIRef, decision: URIRef, link) -> set:
    """An entity's Wikidata link (``ir.Link``) and its decision record, as triples."""
    out = {(node, NKG.linkDecision, decision), (decision, RDF.type, NKG.LinkDecision),
           (decision, NKG.linkMethod, Literal(link.method)),
           (decision, NKG.linkScore, Literal(round(link.score, 4), datatype=XSD.decimal))}
    if link.qid:
        out |= {(node, SKOS.exactMatch, WD[link.qid]), (decision, NKG.linkTarget, WD[link.qid])}
        # What Wikidata said the item is when it was chosen, for pages (never asked again to show it).
        if link.label:
            out.add((decision, NKG.linkLabel, Literal(link.label)))
        if link.description:
            out.add((decision, NKG.linkDescription, Literal(link.description)))
    return out


class _Triples(set):
    """A plain set of triples: building the graph this way is several times faster than rdflib's
    Graph, which is made once at the end when a caller wants one."""

    def add(self, triple) -> None:  # noqa: D102 - same meaning as set.add / Graph.add
        set.add(self, triple)


def article_triples(article: Article, *, base: str, reason: bool = True) -> tuple[URIRef, set]:
    """The article graph's name and its triples (rdflib terms), closed under the ontology, with the
    facts about shared actors and places held as the article's references to them."""
    b = _Builder(article, base)
    b.entities()
    b.article()
    b.claims()
    b.roles_and_amounts()
    triples = set(b.g)
    if reason:
        triples |= entail(triples)
    shared = {n for n in (*b.nodes.values(), *b.by_name.values()) if is_shared(str(n), base)}
    return b.art, split(triples, b.art, shared)


def article_dataset(article: Article, *, base: str, reason: bool = True) -> dict[URIRef, set]:
    """The article alone as a store would hold it: ``{graph name: triples}``, its own graph and the
    graphs of the shared nodes it names (derived from its references only)."""
    name, triples = article_triples(article, base=base, reason=reason)
    return {name: triples, **derive(triples)}


def article_graph(article: Article, *, base: str, reason: bool = True) -> Graph:
    """The article's named graph: what it reports, plus what the ontology entails about it."""
    name, triples = article_triples(article, base=base, reason=reason)
    g = Graph(identifier=name)
    for t in triples:
        g.add(t)
    return g


__all__ = ["article_dataset", "article_graph", "article_triples", "article_iri", "entity_iri", "link_triples",
           "warm"]
