"""The actors a resolver makes or finds beyond the model's clusters, and the early pass that
registers the article's speakers before any claim is read.

Claims are read kind by kind, not in text order, so a pronoun or "the official" in a claim read
early must already find a speaker the text introduced before it: "Jane Doe acknowledged it" with
the name untagged, or "An official said ...". This module holds those actors (described people and
groups by their phrase, untagged names joined to known people) and the pass that registers them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from service.nlp.antecedents import Antecedents
from service.nlp.documents import actors_in
from service.nlp.entities import Cluster, name_key
from service.nlp.lexicon import PERSON_NOUNS, REPORTING_VERBS


def cluster_at(index: dict[int, Cluster], tok: Token) -> Cluster | None:
    """The cluster ``tok`` is a mention of, or the one its compound or flat name part is."""
    c = index.get(tok.i)
    if c is not None:
        return c
    for child in tok.children:
        if child.dep_ in ("compound", "flat") and child.i in index:
            return index[child.i]
    return None


# The name of the actor "I" stands for outside quotations: whoever wrote the article.
WRITER_NAME = "the writer"
# The name of the actor "we" stands for outside quotations: those who wrote the piece (an
# editorial's board, a statement's or a letter's signers, a column's writer and paper).
WRITERS_NAME = "the writers"


class SpeakerRegistry:
    """Described actors by their phrase, mentions found while resolving, and the early pass."""

    def __init__(self, doc: Doc, clusters: list[Cluster], index: dict[int, Cluster],
                 antecedents: Antecedents) -> None:
        self.doc = doc
        self.clusters = clusters
        self.index = index
        self.antecedents = antecedents
        # Described actors by their phrase (lower case), and the last described person by head
        # lemma, so that "the official" finds "an official at X" without a scan.
        self.described: dict[str, Cluster] = {}
        self.person_by_lemma: dict[str, Cluster] = {}
        self._writer: Cluster | None = None
        self._writers: Cluster | None = None

    def register_speakers(self) -> None:
        """Speakers the claims will meet, registered in text order before any claim is read
        (claims are read kind by kind, not in text order), so that a pronoun or "the official"
        after one finds them:

        - a known person's name the model did not tag, as the subject of a reporting verb ("Jane
          Doe acknowledged it. “...,” she wrote") or of any other verb ("Doe shared her view.
          “...,” she said" goes on with Doe);
        - a person described with "a" or "an" as the subject of a main clause's reporting verb
          ("An official said ... “...,” the official added"; not "when a reporter asked", whose
          speaker is only the occasion, nor "what a real person would say").
        Both outside quotations."""
        for tok in self.doc:
            if tok.dep_ != "nsubj" or cluster_at(self.index, tok) is not None or self.antecedents.quoted(tok.idx):
                continue
            article = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
            speaks = tok.head.lemma_.lower() in REPORTING_VERBS
            if tok.pos_ == "PROPN" and tok.is_title and article is None and (speaks or tok.head.pos_ in ("VERB", "AUX")):
                self._join_known_name(tok, speaks)
                continue
            if not speaks:
                continue
            if tok.pos_ == "NOUN" and tok.tag_ == "NN" and article in ("a", "an") \
                    and tok.lemma_.lower() in PERSON_NOUNS and tok.head.dep_ in ("ROOT", "conj") \
                    and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in tok.head.children):
                self.new_described(tok, "Person")

    def writer(self, tok: Token) -> Cluster:
        """The article's writer, whom "I" outside quotations stands for ("“Your Honor,” I said"),
        one actor for the whole text, with ``tok`` as one of its mentions. The writer is kept out
        of the antecedents: "he" and "she" never mean the one writing."""
        self._writer = self._one_per_text(self._writer, "Person", WRITER_NAME, tok)
        return self._writer

    def writers(self, tok: Token) -> Cluster:
        """Those who wrote the text, whom "we" outside quotations stands for ("We asked our
        readers", "We believe the rule is wrong"), one actor for the whole text, with ``tok`` as
        one of its mentions; like the writer, kept out of the antecedents."""
        self._writers = self._one_per_text(self._writers, "Organization", WRITERS_NAME, tok)
        return self._writers

    def _one_per_text(self, cluster: Cluster | None, kind: str, name: str, tok: Token) -> Cluster:
        """``cluster`` (made now, unnamed, of ``kind`` and called ``name``, when there is none yet)
        with the pronoun ``tok`` as one more of its mentions."""
        if cluster is None:
            cluster = Cluster(kind=kind, name=name, named=False)
            self.clusters.append(cluster)
        if (tok.i, tok.i + 1) not in cluster.spans:
            cluster.spans.append((tok.i, tok.i + 1))
        return cluster

    def _join_known_name(self, tok: Token, speaks: bool) -> None:
        """An untagged name ending at ``tok`` as a mention of the known person of that name, if any
        (a new name becomes an actor only when a claim's speaker needs it); one of the article's
        speakers when it ``speaks`` (is the subject of a reporting verb)."""
        start, words = self.name_words(tok)
        person = self.known_person(words)
        if person is None:
            return
        self.add_mention(person, start, tok.i + 1)
        if speaks:
            self.antecedents.add_speaker(tok.i, person)
        for i in range(start, tok.i + 1):
            self.index[i] = person

    def known_person(self, words: list[str]) -> Cluster | None:
        """The named person a name's words (as a name key) are a form of: one whose name ends with
        them ("Doe" → "Jane Doe"), else one known by the surname alone that they end with
        ("Jane Doe" → "Doe", when the model left the full name untagged)."""
        people = [c for c in self.clusters if c.kind == "Person" and c.named]
        person = next((c for c in people if name_key(c.name).split()[-len(words):] == words), None)
        if person is None and len(words) > 1:
            person = next((c for c in people if name_key(c.name).split() == words[-1:]), None)
        return person

    def name_words(self, tok: Token) -> tuple[int, list[str]]:
        """Where the name that ends at ``tok`` starts, and its words as a name key."""
        start = min([tok.i] + [c.i for c in tok.children if c.dep_ in ("compound", "flat") and c.i < tok.i])
        return start, name_key(self.doc[start:tok.i + 1].text).split()

    def add_mention(self, cluster: Cluster, start: int, end: int, *, new: bool = False) -> None:
        """Record a mention found while resolving (and the cluster, when it is new)."""
        if new:
            self.clusters.append(cluster)
        if (start, end) not in cluster.spans:
            cluster.spans.append((start, end))
        self.antecedents.add_mention(cluster, start, end)

    def new_described(self, tok: Token, kind: str) -> Cluster:
        """The actor of ``kind`` described by the phrase ``tok`` heads ("an official at the
        ministry"): the one met before under the same phrase, else a new one affiliated with the
        organisations and places its phrase names."""
        phrase = self.phrase(tok)
        if phrase.lower() in self.described:
            return self.described[phrase.lower()]
        affiliations = [c for c in actors_in(self.index, list(tok.subtree)) if c.kind != "Person"]
        cluster = Cluster(kind=kind, name=phrase, named=False, affiliations=affiliations)
        self.described[phrase.lower()] = cluster
        if kind == "Person":
            self.person_by_lemma[tok.lemma_.lower()] = cluster
        self.add_mention(cluster, tok.left_edge.i, self._right_edge(tok) + 1, new=True)
        return cluster

    def _right_edge(self, tok: Token) -> int:
        # Stop the phrase at a comma, a coordination or a relative clause: "an official at X, who".
        end = tok.i
        # A clause about the noun ends the phrase where the clause starts ("a message that said").
        clause = min((c.left_edge.i for c in tok.subtree if c.dep_ in ("relcl", "acl") and c.i > tok.i),
                     default=len(self.doc))
        for t in tok.subtree:
            if t.i >= clause:
                break
            if t.i > tok.i and t.text == "," and self._place_pair(t.i):
                continue  # "in Lyon, France" is one location
            if t.i > tok.i and (t.text == "," or t.dep_ in ("relcl", "acl", "appos", "cc", "conj")):
                break
            end = max(end, t.i)
        if end + 2 < len(self.doc) and self.doc[end + 1].text == "," and self._place_pair(end + 1):
            end = max(i for s, e in self.index[end + 2].spans if s == end + 2 for i in range(s, e))
        return end

    def _place_pair(self, comma: int) -> bool:
        before, after = self.index.get(comma - 1), self.index.get(comma + 1)
        return bool(before and after and before.kind == after.kind == "Place")

    def phrase(self, tok: Token) -> str:
        """The words of the phrase ``tok`` heads, without its article, up to a comma or clause."""
        start = tok.left_edge.i
        while start < tok.i and self.doc[start].dep_ in ("det", "predet"):
            start += 1
        return self.doc[start:self._right_edge(tok) + 1].text.replace("’s", "'s")
