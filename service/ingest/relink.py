"""``newskg link``: link (or re-link) the actors and places of the articles already stored.

Each article graph is read back whole (its references joined into facts, ``mapping.entities.join``),
turned back into IR, linked, and written again with the links as the mapping writes them at ingest
(``mapping.link_triples`` and what they entail; a node renamed as ``mapping.iris.node_iri`` names
it): a re-linked graph is the graph a linked ingest would have made. Writing the graph again derives
the entity graphs of the actors and places it names again.
"""

from __future__ import annotations

import dataclasses
import sys

from rdflib import URIRef
from tqdm import tqdm

from service.ir import Article, Entity, EntityKind, Mention
from service.mapping import link_triples
from service.mapping.entities import join, split
from service.mapping.iris import base_of, is_shared, name_slug, node_iri
from service.mapping.reasoning import entail
from service.rdfterms import quads_triples, triples_quads
from service.vocab import NKG, RDF, RDFS, SKOS

_ARTICLES = "SELECT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/newskg#Article> } } ORDER BY ?g"


def _stored_article(graph: str, triples: set):
    """A stored article (its graph with the references joined back into facts) as IR, keyed by
    node IRI: ``(article, {node: decision IRI}, {node: local key})``."""
    art = URIRef(graph)
    kinds = {NKG.Person: EntityKind.PERSON, NKG.Organization: EntityKind.ORGANIZATION, NKG.Location: EntityKind.PLACE,
             NKG.UnnamedPerson: EntityKind.PERSON, NKG.UnnamedGroup: EntityKind.ORGANIZATION}
    by_s: dict = {}
    for s_, p, o in triples:
        by_s.setdefault(s_, []).append((p, o))

    def one(node, pred):
        return next((o for p, o in by_s.get(node, ()) if p == pred), None)

    text = str(one(art, NKG.articleBody) or "")
    publisher = one(art, NKG.publisher)
    spans: dict = {}
    for m, facts in by_s.items():
        target = next((o for p, o in facts if p == NKG.mentionOf), None)
        start, end = one(m, NKG.startOffset), one(m, NKG.endOffset)
        if target is not None and start is not None and end is not None:
            spans.setdefault(target, []).append(Mention(int(start), int(end), text[int(start):int(end)]))
    entities, decisions, keys = [], {}, {}
    for node in sorted({o for p, o in by_s.get(art, ()) if p == NKG.mentions}):
        types = {o for p, o in by_s.get(node, ()) if p == RDF.type}
        kind = next((kinds[t] for t in kinds if t in types), None)
        label = one(node, RDFS.label)
        if kind is None or label is None:
            continue
        aliases = tuple(sorted(str(o) for p, o in by_s[node] if p == SKOS.altLabel))
        affiliation = one(node, NKG.affiliation)
        entities.append(Entity(key=str(node), kind=kind, name=str(label), aliases=aliases,
                               mentions=tuple(sorted(spans.get(node, []), key=lambda m: m.start)),
                               named=NKG.UnnamedActor not in types, affiliation=str(affiliation) if affiliation else None))
        decision = one(node, NKG.linkDecision)
        if decision is not None:
            decisions[str(node)] = decision
        scoped = str(node).startswith(graph + "/actor/")
        keys[str(node)] = str(node).rsplit("/", 1)[-1] if scoped else f"{kind.value.lower()}-{name_slug(str(label))}"
    published = one(art, NKG.published)  # the linker weighs people and organisations by the date
    article = Article(id=graph, text=text, title=str(one(art, NKG.headline) or "") or None,
                      publisher=str(one(publisher, RDFS.label)) if publisher is not None and one(publisher, RDFS.label) else None,
                      published=str(published) if published is not None else None, entities=tuple(entities))
    return article, decisions, keys


def _relinked(graph: str, triples: set, linked: Article, decisions: dict, keys: dict, counts: dict) -> set | None:
    """The article's triples with each entity's new link (and, when the link changes what the
    entity is, its new node: ``mapping.iris.node_iri``); None when nothing changed."""
    from service.nlp.identity import distinctive  # here: importing service.nlp loads spaCy

    base = base_of(graph)
    out = set(triples)
    renames: dict = {}
    for e in linked.entities:
        counts["entities"] += 1
        if e.link is None or e.link.method == "unreachable":
            counts["unreachable"] += 1
            continue
        counts["linked" if e.link.qid else "unlinked"] += 1
        old = URIRef(e.key)
        decision = decisions.get(e.key) or URIRef(f"{graph}/link/{keys[e.key]}")
        drop = {t for t in out if t[0] == old and t[1] in (NKG.linkDecision, SKOS.exactMatch)}
        drop |= {t for t in out if t[0] == decision}
        new = link_triples(old, decision, e.link)
        out = (out - drop) | new | entail(new)
        # What the entity is after the link: a Wikidata item's node, a distinctive name's, or the article's own.
        is_distinctive = not e.key.startswith(graph + "/actor/") and (
            not e.key.startswith(f"{base}entity/Q") or distinctive(e.name, e.kind.value))
        node = node_iri(base, graph, dataclasses.replace(e, key=keys[e.key], distinctive=is_distinctive))
        if node != old:
            renames[old] = node
    if renames:
        out = {(renames.get(s, s), p, renames.get(o, o)) for s, p, o in out}
    return out if out != triples else None


def relink(store, linker, *, progress: bool = True) -> dict:
    """Link (or re-link) the actors and places of every stored article; answers counts.

    Each article graph is read back (its references joined into facts), its entities linked with
    its text as context, their links and link decisions replaced, and, where a link changes which
    node an entity is (a name now linked to a Wikidata item is that item's node), the node renamed;
    the graph is then written again, which derives the entity graphs again. When Wikidata turns
    out unreachable, stored links are left as they are.
    """
    articles = [row["g"].value for row in store.query(_ARTICLES)]
    counts = {"articles": len(articles), "entities": 0, "linked": 0, "unlinked": 0, "unreachable": 0}
    for graph in tqdm(articles, unit="article", disable=None if progress else True, file=sys.stderr):
        triples = join(quads_triples(store.quads(graph)))
        article, decisions, keys = _stored_article(graph, triples)
        changed = _relinked(graph, triples, linker.link(article), decisions, keys, counts)
        if changed is not None:
            base = base_of(graph)
            shared = {s_ for s_, _p, _o in changed if is_shared(str(s_), base)}
            store.put_graph(graph, triples_quads(split(changed, URIRef(graph), shared), graph))
    return counts
