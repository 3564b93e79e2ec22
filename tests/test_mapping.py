"""IR → RDF, without spaCy: hand-built articles in, triples out."""

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from service.ir import Article, Claim, ClaimKind, Entity, EntityKind, Link, Mention, Role
from service.mapping import article_dataset, article_graph
from service.vocab import NKG, ORG, PROV, SDO, WD

BASE = "http://newskg.test/"
TEXT = "Jane Doe, the mayor of Springfield, said the bridge would reopen."


def _article() -> Article:
    jane = Entity("person-jane-doe", EntityKind.PERSON, "Jane Doe", (Mention(0, 8, "Jane Doe"),))
    town = Entity("place-springfield", EntityKind.PLACE, "Springfield", (Mention(24, 35, "Springfield"),),
                  link=Link("Q151076", 0.91, "search", "Springfield", "town in an invented county"))
    claim = Claim(ClaimKind.INDIRECT, "the bridge would reopen", 42, 65, ("person-jane-doe",), cue="said",
                  cue_start=37, cue_end=41, about=("place-springfield",), date="2020-05")
    role = Role("person-jane-doe", "mayor", "place-springfield", 0, 35)
    return Article(id="a1", text=TEXT, published="2020-05-06", authors=("Ann Poe",), publisher="The Gazette",
                   entities=(jane, town), claims=(claim,), roles=(role,))


def _all(article: Article, reason: bool = True) -> set:
    """The article's graph and the graphs of the shared nodes it names, merged."""
    return set().union(*article_dataset(article, base=BASE, reason=reason).values())


TOWN = URIRef(BASE + "entity/Q151076")  # linked: the Wikidata item's node


def test_mapping_claim_triples_and_offsets():
    g = article_graph(_article(), base=BASE, reason=False)
    claim = URIRef(BASE + "article/a1/claim/42-65")
    jane = URIRef(BASE + "entity/person/jane-doe")
    assert g.identifier == URIRef(BASE + "article/a1")
    assert (claim, RDF.type, NKG.Claim) in g
    assert (claim, NKG.claimant, jane) in g
    assert (claim, NKG.claimText, Literal("the bridge would reopen")) in g
    assert (claim, NKG.about, TOWN) in g
    assert (claim, NKG.claimDate, Literal("2020-05", datatype=XSD.gYearMonth)) in g
    assert (claim, NKG.startOffset, Literal(42, datatype=XSD.integer)) in g
    mention = URIRef(BASE + "article/a1/mention/0-8")
    assert (mention, NKG.mentionOf, jane) in g and (mention, NKG.anchorOf, Literal("Jane Doe")) in g


def test_mapping_links_use_exact_match_with_provenance_never_owl_sameas():
    graphs = article_dataset(_article(), base=BASE, reason=True)
    assert (TOWN, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q151076")) in graphs[TOWN]
    g = article_graph(_article(), base=BASE, reason=True)
    decision = g.value(TOWN, NKG.linkDecision)  # the decision is the article's: in its graph
    assert g.value(decision, NKG.linkMethod) == Literal("search")
    # What Wikidata said the item is, kept with the decision for the pages (which never ask Wikidata).
    assert g.value(decision, NKG.linkLabel) == Literal("Springfield")
    assert g.value(decision, NKG.linkDescription) == Literal("town in an invented county")
    assert not [t for t in _all(_article()) if t[1] == URIRef("http://www.w3.org/2002/07/owl#sameAs")]


def test_mapping_reasoning_gives_the_schema_org_and_prov_view():
    from rdflib import Graph

    g = Graph()
    for t in _all(_article()):
        g.add(t)
    claim = URIRef(BASE + "article/a1/claim/42-65")
    jane = URIRef(BASE + "entity/person/jane-doe")
    art = URIRef(BASE + "article/a1")
    assert (claim, RDF.type, SDO.Claim) in g
    assert (claim, SDO.author, jane) in g and (claim, PROV.wasAttributedTo, jane) in g
    assert (claim, SDO.text, Literal("the bridge would reopen")) in g
    assert (jane, RDF.type, SDO.Person) in g
    assert (art, RDF.type, SDO.NewsArticle) in g
    assert (art, SDO.datePublished, Literal("2020-05-06", datatype=XSD.date)) in g
    role = g.value(jane, NKG.holdsRole)
    assert (jane, ORG.hasMembership, role) in g and (role, SDO.roleName, Literal("mayor")) in g
    author = g.value(art, SDO.author)
    assert g.value(author, RDFS.label) == Literal("Ann Poe")
    # No axioms or noise leak into the article graph.
    assert not list(g.triples((None, RDF.type, RDFS.Resource)))
    assert not list(g.triples((NKG.Claim, None, None)))


def test_mapping_is_deterministic_for_the_same_article():
    assert set(article_graph(_article(), base=BASE)) == set(article_graph(_article(), base=BASE))


def test_mapping_cached_reasoning_equals_owlrl_over_the_whole_graph():
    from service.mapping.reasoning import entail

    g = article_graph(_article(), base=BASE, reason=False)

    def lexical(triples):  # owlrl also copies literals under equal-valued datatypes; compare by lexical form
        return {(s, p, str(o)) for s, p, o in triples}

    assert lexical(entail(g)) == lexical(entail(g, full=True))
    assert len(entail(g)) > 20


def test_mapping_each_claim_has_its_class_and_queries_can_ask_for_speech_only():
    from dataclasses import replace

    from rdflib import Dataset

    from service.ir import AttributionKind
    from service.queries import load_queries

    base = _article()
    said = base.claims[0]
    believed = replace(said, text="the bridge is safe", start=10, end=28, attribution=AttributionKind.BELIEF)
    article = replace(base, claims=(said, believed))
    g = article_graph(article, base=BASE)
    said_node, belief_node = URIRef(BASE + "article/a1/claim/42-65"), URIRef(BASE + "article/a1/claim/10-28")
    assert (said_node, RDF.type, NKG.Statement) in g and (belief_node, RDF.type, NKG.Belief) in g
    assert (belief_node, RDF.type, NKG.Statement) not in g
    assert (belief_node, RDF.type, SDO.Claim) in g  # the closure: every kind is a schema:Claim
    ds = Dataset(default_union=True)
    for name, triples in article_dataset(article, base=BASE).items():  # speakers' labels are in their own graphs
        ds.addN((s, p, o, ds.graph(name)) for s, p, o in triples)
    queries = {q.name: q.text for q in load_queries()}
    speech = {str(r.text) for r in ds.query(queries["claims-by-speaker"])}
    assert speech == {"the bridge would reopen"}
    schema_view = {str(r.text) for r in ds.query(queries["schema-org-view"])}
    assert schema_view == {"the bridge would reopen", "the bridge is safe"}


# ---------------------------------------------------------------- the data's shape

def _scoped(term, article: URIRef) -> bool:
    return isinstance(term, URIRef) and (term == article or str(term).startswith(f"{article}/"))


def test_mapping_article_graph_holds_only_what_the_article_asserts():
    """Every triple of an article graph has a term scoped to the article, so no triple can be in two
    article graphs; a shared node's type, label and link are in its own graph, once."""
    from service.mapping import article_triples

    name, triples = article_triples(_article(), base=BASE)
    assert all(_scoped(s, name) or _scoped(o, name) for s, p, o in triples), \
        [t for t in triples if not (_scoped(t[0], name) or _scoped(t[2], name))]
    graphs = article_dataset(_article(), base=BASE)
    jane = URIRef(BASE + "entity/person/jane-doe")
    assert set(graphs) == {name, jane, TOWN, URIRef(BASE + "entity/person/ann-poe"),
                           URIRef(BASE + "entity/organization/gazette")}
    assert (jane, RDFS.label, Literal("Jane Doe")) in graphs[jane] and (jane, RDF.type, SDO.Person) in graphs[jane]
    assert all(s == node for node in graphs if node != name for s, _p, _o in graphs[node])
    ref = URIRef(f"{name}/ref/person-jane-doe")
    assert {(ref, NKG.refersTo, jane), (ref, NKG.refName, Literal("Jane Doe"))} <= triples


def test_mapping_split_and_join_are_inverse():
    from service.mapping import article_triples
    from service.mapping.entities import join, split

    name, triples = article_triples(_article(), base=BASE)
    full = join(triples)
    shared = {s for s, _p, _o in full if str(s).startswith(BASE + "entity/")}
    assert split(full, name, shared) == triples
    assert (URIRef(BASE + "entity/person/jane-doe"), RDFS.label, Literal("Jane Doe")) in full


def _person(name: str, key: str = "p", link: Link | None = None, distinctive: bool | None = None) -> Entity:
    from service.nlp.identity import distinctive as is_distinctive

    d = is_distinctive(name, "Person") if distinctive is None else distinctive
    return Entity(key, EntityKind.PERSON, name, (Mention(0, len(name), name),), link=link, distinctive=d)


def test_mapping_merges_across_articles_only_on_evidence():
    from service.mapping import entity_iri

    def node(entity: Entity, article: str = "a1") -> str:
        return str(entity_iri(BASE, article, entity))

    # A full name and type, no link: one node for every article that writes it.
    assert node(_person("Jane Doe"), "a1") == node(_person("Jane Doe"), "a2") == BASE + "entity/person/jane-doe"
    # A bare given name or surname stays in its article.
    assert node(_person("Bob"), "a1") == BASE + "article/a1/actor/p" != node(_person("Bob"), "a2")
    # The same Wikidata item: one node, whatever the name.
    assert node(_person("Obama", link=Link("Q76", 0.9, "search")), "a1") == \
        node(_person("Barack Obama", link=Link("Q76", 0.8, "search")), "a2") == BASE + "entity/Q76"
    # Two John Smiths linked to two items stay two; an unlinked one is neither of them.
    smiths = {node(_person("John Smith", link=Link(q, 0.9, "search"))) for q in ("Q1", "Q2")}
    assert len(smiths) == 2 and node(_person("John Smith")) not in smiths
    # "No item fits" is no evidence of identity beyond the name.
    assert node(_person("John Smith", link=Link(None, 0.2, "none"))) == node(_person("John Smith"))
    # Generic organisation names are scoped too; distinctive ones are shared.
    treasury = Entity("organization-treasury", EntityKind.ORGANIZATION, "the Treasury", distinctive=False)
    assert node(treasury) == BASE + "article/a1/actor/organization-treasury"
    acme = Entity("organization-acme", EntityKind.ORGANIZATION, "Acme Holdings")
    assert node(acme) == BASE + "entity/organization/acme-holdings"


def test_mapping_shared_node_label_is_the_most_complete_name_whatever_the_order():
    from itertools import permutations

    from service.mapping import article_triples
    from service.mapping.entities import derive

    names = ["Obama", "Barack Obama", "barack obama", "Barack H. Obama"]
    graphs = []
    for i, n in enumerate(names):
        a = Article(id=f"a{i}", text=n + " said so.", entities=(_person(n, link=Link("Q76", 0.9, "search")),))
        graphs.append(article_triples(a, base=BASE)[1])
    node = URIRef(BASE + "entity/Q76")
    results = {frozenset(derive(set().union(*order))[node]) for order in permutations(graphs)}
    [result] = results
    assert (node, RDFS.label, Literal("Barack H. Obama")) in result
    assert {o for s, p, o in result if p == SKOS.altLabel} == {Literal(n) for n in names if n != "Barack H. Obama"}
    assert (node, SKOS.exactMatch, WD.Q76) in result


def test_mapping_warm_rules_for_all_terms_at_once_equal_each_term_probed_alone():
    """``warm`` probes every ontology term in one owlrl run; a term's rules must not depend on the
    company it was probed in (checked here for a spread of the terms, each probed on its own)."""
    from service.mapping import reasoning

    predicates, classes = reasoning.ontology_terms()
    assert NKG.claimant in predicates and NKG.Claim in classes and SDO.Person in classes
    reasoning.warm()
    for p in sorted(predicates)[::6]:
        alone, _ = reasoning._probe(frozenset([p]), frozenset())
        assert alone[p] == reasoning._PRED_RULES[p], p
    for c in sorted(classes)[::4]:
        _, alone = reasoning._probe(frozenset(), frozenset([c]))
        assert alone[c] == reasoning._CLASS_RULES[c], c
    # And a whole article entailed after warm() is what owlrl gives over its whole graph.
    from service.mapping import article_triples

    _name, triples = article_triples(_article(), base=BASE, reason=False)
    assert reasoning.entail(triples) == reasoning.entail(triples, full=True)


def test_mapping_a_described_speaker_still_speaks_but_is_no_schema_org_person_or_organization():
    from rdflib import Graph

    text = "An official at the Harbor Board said the port would close. Local traders said it was a mistake."
    board = Entity("organization-harbor-board", EntityKind.ORGANIZATION, "Harbor Board", (Mention(19, 31, "Harbor Board"),))
    official = Entity("unnamed-person-official", EntityKind.PERSON, "official at the Harbor Board",
                      (Mention(0, 31, "An official at the Harbor Board"),), named=False,
                      affiliation="organization-harbor-board")
    traders = Entity("unnamed-organization-local-traders", EntityKind.ORGANIZATION, "Local traders",
                     (Mention(59, 72, "Local traders"),), named=False)
    claims = (Claim(ClaimKind.INDIRECT, "the port would close", 37, 57, ("unnamed-person-official",), cue="said"),
              Claim(ClaimKind.INDIRECT, "it was a mistake", 78, 94, ("unnamed-organization-local-traders",), cue="said"))
    article = Article(id="a2", text=text, entities=(board, official, traders), claims=claims)
    g = Graph()
    for t in _all(article):
        g.add(t)
    art = URIRef(BASE + "article/a2")
    who = {str(g.value(c, RDFS.label)): c for c in g.subjects(RDF.type, NKG.UnnamedActor)}
    assert set(who) == {"official at the Harbor Board", "Local traders"}
    person, group = who["official at the Harbor Board"], who["Local traders"]
    # Still each claim's speaker, in every view, with its description and the body it speaks for.
    assert (URIRef(f"{art}/claim/37-57"), SDO.author, person) in g
    assert (URIRef(f"{art}/claim/78-94"), PROV.wasAttributedTo, group) in g
    assert g.value(person, NKG.affiliation) in set(g.subjects(RDF.type, SDO.Organization))
    assert (person, RDF.type, NKG.UnnamedPerson) in g and (person, RDF.type, PROV.Person) in g
    assert (group, RDF.type, NKG.UnnamedGroup) in g and (group, RDF.type, PROV.Organization) in g
    # But not among the people and organisations the article names.
    for node in (person, group):
        for cls in (SDO.Person, SDO.Organization, NKG.Person, NKG.Organization):
            assert (node, RDF.type, cls) not in g
    assert {str(g.value(n, RDFS.label)) for n in g.subjects(RDF.type, SDO.Organization)} == {"Harbor Board"}
    assert not list(g.subjects(RDF.type, SDO.Person))
