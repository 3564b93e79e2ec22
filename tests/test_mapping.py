"""IR → RDF, without spaCy: hand-built articles in, triples out."""

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from service.ir import Article, Claim, ClaimKind, Entity, EntityKind, Link, Mention, Role
from service.mapping import article_graph
from service.vocab import NKG, ORG, PROV, SDO

BASE = "http://newskg.test/"
TEXT = "Jane Doe, the mayor of Springfield, said the bridge would reopen."


def _article() -> Article:
    jane = Entity("person-jane-doe", EntityKind.PERSON, "Jane Doe", (Mention(0, 8, "Jane Doe"),))
    town = Entity("place-springfield", EntityKind.PLACE, "Springfield", (Mention(24, 35, "Springfield"),),
                  link=Link("Q151076", 0.91, "search"))
    claim = Claim(ClaimKind.INDIRECT, "the bridge would reopen", 42, 65, ("person-jane-doe",), cue="said",
                  cue_start=37, cue_end=41, about=("place-springfield",), date="2020-05")
    role = Role("person-jane-doe", "mayor", "place-springfield", 0, 35)
    return Article(id="a1", text=TEXT, published="2020-05-06", authors=("Ann Poe",), publisher="The Gazette",
                   entities=(jane, town), claims=(claim,), roles=(role,))


def test_mapping_claim_triples_and_offsets():
    g = article_graph(_article(), base=BASE, reason=False)
    claim = URIRef(BASE + "article/a1/claim/42-65")
    jane = URIRef(BASE + "entity/person/jane-doe")
    assert g.identifier == URIRef(BASE + "article/a1")
    assert (claim, RDF.type, NKG.Claim) in g
    assert (claim, NKG.claimant, jane) in g
    assert (claim, NKG.claimText, Literal("the bridge would reopen")) in g
    assert (claim, NKG.about, URIRef(BASE + "entity/place/springfield")) in g
    assert (claim, NKG.claimDate, Literal("2020-05", datatype=XSD.gYearMonth)) in g
    assert (claim, NKG.startOffset, Literal(42, datatype=XSD.integer)) in g
    mention = URIRef(BASE + "article/a1/mention/0-8")
    assert (mention, NKG.mentionOf, jane) in g and (mention, NKG.anchorOf, Literal("Jane Doe")) in g


def test_mapping_links_use_exact_match_with_provenance_never_owl_sameas():
    g = article_graph(_article(), base=BASE, reason=True)
    town = URIRef(BASE + "entity/place/springfield")
    assert (town, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q151076")) in g
    decision = g.value(town, NKG.linkDecision)
    assert g.value(decision, NKG.linkMethod) == Literal("search")
    assert not list(g.triples((None, URIRef("http://www.w3.org/2002/07/owl#sameAs"), None)))


def test_mapping_reasoning_gives_the_schema_org_and_prov_view():
    g = article_graph(_article(), base=BASE, reason=True)
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
    ds.addN((s, p, o, ds.graph(g.identifier)) for s, p, o in g)
    queries = {q.name: q.text for q in load_queries()}
    speech = {str(r.text) for r in ds.query(queries["claims-by-speaker"])}
    assert speech == {"the bridge would reopen"}
    schema_view = {str(r.text) for r in ds.query(queries["schema-org-view"])}
    assert schema_view == {"the bridge would reopen", "the bridge is safe"}
