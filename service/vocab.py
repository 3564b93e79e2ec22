"""The newskg vocabulary as code: a closed namespace mirroring ``ontology/newskg.ttl``.

``tests/test_ontology.py`` fails when this file and the ontology drift apart. Unknown terms
raise ``AttributeError`` (``_fail = True``), so ``NKG.claimnat`` is caught at once.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

ORG = Namespace("http://www.w3.org/ns/org#")
WD = Namespace("http://www.wikidata.org/entity/")


class NKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/newskg#")
    _fail = True

    Actor: URIRef  # Someone who can say or do something in the news: a person or an organisation, named or only described.
    Amount: URIRef  # A number with its unit reported in the article ("495 airstrikes", "more than 1,000 militants").
    Article: URIRef  # A news article newskg has ingested; its named graph holds everything extracted from it.
    Belief: URIRef  # A claim that reports what an actor thinks, hopes, fears, expects or intends ("X believes ...", "X plans to ..."), not something they were reported to say.
    Claim: URIRef  # Something the article attributes to one or more actors: what they said or wrote, believe or want, or what a document or poll found. Every claim is also exactly one of nkg:Statement, nkg:Belief or nkg:Finding.
    Finding: URIRef  # A claim that reports what a document, poll, study or data show or found ("the survey found ...", "records show ...").
    LinkDecision: URIRef  # How an entity was linked to Wikidata, or why it was not: the provenance of a skos:exactMatch.
    Location: URIRef  # A place: a country, region, city or site.
    Mention: URIRef  # One span of the article text that names or refers to an actor or a place; the provenance of that entity in the article.
    Organization: URIRef  # An organisation, institution, armed group or company the article names; people it only describes speaking together ("American officials") are an nkg:UnnamedGroup.
    Person: URIRef  # A person the article names ("Jane Doe"); one it only describes is an nkg:UnnamedPerson.
    Role: URIRef  # A position a person holds in an organisation or for a place ("director", "ambassador"), as the article states it.
    Statement: URIRef  # A claim that reports speech or writing: a direct quotation, reported speech ("said that ..."), an "according to" attribution, or an act of speech reported without its words ("accused X of ...", "urged X to ..."). Ask for this class to get speech only.
    UnnamedActor: URIRef  # An actor the article describes without naming ("a senior official"): the speaker of its claims all the same (nkg:claimant), labelled with the article's description and tied to the body it speaks for (nkg:affiliation). Its IRI is scoped to the article. It is no schema.org Person or Organization: it names no one a reader could look up, link to Wikidata or meet again in another article.
    UnnamedGroup: URIRef  # People the article describes without naming, speaking together ("American officials", "analysts").
    UnnamedPerson: URIRef  # One person the article describes without naming ("a senior official", "the night manager").
    about: URIRef  # An actor or place the claim talks about (mentioned in its text).
    affiliation: URIRef
    amountKind: URIRef  # "age" (a "5-year-old") or "duration" ("for two hours"); absent for counts, measures, money and shares.
    amountOf: URIRef  # What the amount describes when its unit does not say it: the "boy" of "a 5-year-old boy", the "meeting" of "a 90-minute meeting".  # The organisation or place an actor belongs to or speaks for ("an official at the ministry" → the ministry).
    anchorOf: URIRef  # The exact text of a span, as it stands in the article.
    articleBody: URIRef  # The article text that offsets count in (byline, footer and page junk removed).
    author: URIRef  # A person who wrote the article (from its byline or metadata).
    claimDate: URIRef  # When the claim was made, resolved against the publication date (xsd:date, xsd:gYearMonth or xsd:gYear).
    claimKind: URIRef  # "direct" (quotation), "indirect" (reported speech), "mixed" (reported speech with a partial quotation) or "according_to".
    claimText: URIRef  # What was said: the quotation without its marks, or the reported clause.
    claimant: URIRef  # The actor the claim is attributed to (its speaker or source).
    contributor: URIRef  # A person credited with contributing reporting.
    cue: URIRef  # The reporting expression that attributes the claim ("said", "told", "according to").
    endOffset: URIRef  # Character offset just past the end of a span in the article body.
    formerRole: URIRef  # True when the article says the person no longer holds the role ("former", "ex-", "then-", "retired").
    headline: URIRef  # The article's title.
    holdsRole: URIRef  # A role the person holds.
    inArticle: URIRef  # The article whose text a mention or an amount is a span of.
    linkDecision: URIRef  # The record of how the entity was (or was not) linked to Wikidata.
    linkDescription: URIRef  # The chosen Wikidata item's description as Wikidata gave it when the link was made ("British politician"), kept so pages show it without asking Wikidata.
    linkLabel: URIRef  # The chosen Wikidata item's label as Wikidata gave it when the link was made, kept so pages show it without asking Wikidata.
    linkMethod: URIRef  # How the decision was made: "search" (ranked Wikidata candidates), "override" (curated file), "none" (no item fits) or "unreachable" (Wikidata could not be asked; link later).
    linkScore: URIRef  # The linker's confidence in the chosen item, between 0 and 1.
    linkTarget: URIRef  # The Wikidata item chosen; absent when no item fits.
    locatedIn: URIRef  # A larger place this place lies in, as the article states it ("Lyon, France").
    mentionOf: URIRef  # The actor or place a mention refers to.
    mentions: URIRef  # An actor or place the article names.
    published: URIRef  # The publication date of the article.
    publisher: URIRef  # The organisation that published the article.
    qualifier: URIRef  # How exact the number is, as written ("more than", "at least", "about").
    quotedIn: URIRef  # The article in which the claim is reported.
    reportedFrom: URIRef  # A place the article was reported from: its dateline or "X contributed reporting from Y".
    refAlias: URIRef  # Another name the article uses for the actor or place (a skos:altLabel of the node).
    refMatch: URIRef  # The Wikidata item the article links the actor or place to (a skos:exactMatch of the node).
    refName: URIRef  # The name the article gives the actor or place; the node's rdfs:label is the most complete name among its references.
    refType: URIRef  # A class the article gives the actor or place, after the ontology's closure.
    refersTo: URIRef  # The shared actor or place this reference of an article stands for.
    reportsAmount: URIRef  # An amount the article reports.
    roleIn: URIRef  # The organisation or place the role is held in or for.
    roleTitle: URIRef  # The title of the role as written ("director", "special envoy").
    startOffset: URIRef  # Character offset (0-based, Unicode code points) where a span begins in the article body.
    unit: URIRef  # What is counted or measured, singular ("airstrike", "mile").
    url: URIRef  # Where the article was published or fetched from.
    value: URIRef  # The number of an amount.


ONTOLOGY_IRI = URIRef("https://w3id.org/newskg")

__all__ = ["NKG", "ORG", "WD", "OWL", "PROV", "RDF", "RDFS", "SDO", "SKOS", "XSD", "ONTOLOGY_IRI"]
