"""Which organisation or country a title is held in: the bodies an article names, looked up by
the words a title gives (a name inside it, a possessor, a nationality adjective, a portfolio),
and the bodies a title implies when the article does not name them ("Department of Fisheries"),
the body a common noun takes up ("a spokesman for the company"), and the bodies that other roles give
(a bare national office, the office of the person a staff title serves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from service.config import home_country_names, home_office_names
from service.nlp.entities import Cluster, name_key
from service.nlp.gender import genders
from service.nlp.lexicon import (BODY_HEAD_NOUNS, BODY_NOUNS, FORMER_WORDS, GOVERNMENT_NOUNS, HONORIFICS,
                                 INSTITUTION_NOUNS, IRREGULAR_DEMONYMS, ORG_NOUNS, PORTFOLIOS, ROLE_HEADS,
                                 TITLE_MODIFIERS)

if TYPE_CHECKING:
    from service.nlp.roles import RoleDraft

# Common nouns that take up an organisation named before them ("a spokesman for the company").
_ANAPHORIC_NOUNS = ORG_NOUNS - GOVERNMENT_NOUNS
_BODY_WORDS = BODY_NOUNS | INSTITUTION_NOUNS | ORG_NOUNS | BODY_HEAD_NOUNS
_PARTY_HEADS = {"nominee", "candidate", "leader", "chairman", "chairwoman", "strategist", "lawmaker", "senator",
                "congressman", "congresswoman", "member", "mp", "councillor", "councilor", "operative"}


class Bodies:
    """The organisations and places of one document, indexed once by name, name prefix and first
    word, so that finding the body of a title never scans every cluster."""

    def __init__(self, doc: Doc) -> None:  # noqa: D107
        self.doc = doc
        self.index: dict[int, Cluster] = doc._.nkg_token_cluster
        self.clusters: list[Cluster] = doc._.nkg_clusters
        self.by_key: dict[str, Cluster] = {}
        for c in self.clusters:
            if c.merged_into is None:
                self.by_key.setdefault(name_key(c.name), c)
                for s, e in c.spans:
                    self.by_key.setdefault(name_key(doc[s:e].text), c)
        # Bodies by the words a title is matched on, so that no title scans every cluster.
        self.places_by_prefix: dict[str, list[Cluster]] = {}
        self.orgs_by_first: dict[str, list[Cluster]] = {}
        for c in self.clusters:
            if c.merged_into is None:
                self._register(c)

    def _register(self, c: Cluster) -> None:
        key = name_key(c.name)
        if c.kind == "Place" and key:
            self.places_by_prefix.setdefault(key[:4], []).append(c)
        elif c.kind == "Organization" and key:
            self.orgs_by_first.setdefault(key.split()[0], []).append(c)

    # ------------------------------------------------------------------ bodies from other roles
    def _national_offices(self, drafts: list[RoleDraft]) -> list[RoleDraft]:
        """A national office written bare ("President Jane Doe", "Sen. Jane Doe") is held in the
        country the article gives that person elsewhere ("the Valdorian president"), else in the
        outlets' own country (the ``home_country`` setting) when the article names it and that
        country has the office (``home_offices``). One held under a named government ("the
        government of President Jane Doe") or with another nation's adjective is a foreign
        leader's and stays without a body."""
        bare = [d for d in drafts if d.organization is None and d.national]
        if not bare:
            return drafts
        placed = {id(d.person.root()): d.organization for d in drafts
                  if d.organization is not None and d.organization.kind == "Place" and d.national}
        names = home_country_names()
        home = next((c.root() for n in names if (c := self.by_key.get(name_key(n))) is not None
                     and c.root().kind == "Place"), None)
        if home is not None:
            home.aliases.extend(n for n in names if n != home.name and n not in home.aliases)
        offices = home_office_names()
        for d in bare:
            d.organization = placed.get(id(d.person.root())) or (
                home if not d.foreign and d.office.lower() in offices else None)
        return drafts

    def _known_name(self, toks: list) -> list[Cluster]:
        """The longest run of ``toks`` that names a body the article names elsewhere: the model
        tagged "Civil Defense Authority" in one sentence and not in the next."""
        for size in range(min(len(toks), 10), 0, -1):
            for a in range(len(toks) - size + 1):
                run = toks[a:a + size]
                if not run[0].is_title and not run[0].is_upper or not run[-1].is_title and not run[-1].is_upper:
                    continue
                c = self.by_key.get(name_key(join_tokens(run)))
                if c is not None and c.root().kind in ("Organization", "Place"):
                    return [c.root()]
        return []

    def _national_body(self, toks: list) -> list[Cluster]:
        """"the Valdorian military", "the Ruritanian government": a nation's institution named
        by its adjective and a common noun, as one organisation."""
        for k in range(len(toks) - 1):
            if (toks[k].ent_type_ == "NORP" or toks[k].lower_ in IRREGULAR_DEMONYMS) and toks[k].is_title \
                    and toks[k + 1].lower_ in INSTITUTION_NOUNS | GOVERNMENT_NOUNS | {"military", "navy", "police", "army"}:
                return [self._make(f"{toks[k].text} {toks[k + 1].lower_}", "Organization")]
        return []

    def _after_name(self, s: int, e: int) -> Cluster | None:
        """"President Jane Doe of Valdoria": the body right after the name."""
        doc = self.doc
        if e + 2 < len(doc) and doc[e].text == "," and doc[e + 1].lower_ == "of":
            e += 1  # "Jane Doe, of the Acme Institute"
        if e + 1 < len(doc) and doc[e].lower_ == "of":
            j = e + 1 + (doc[e + 1].lower_ == "the")
            c = self.index.get(j) if j < len(doc) else None
            if c is not None and c.root().kind in ("Organization", "Place"):
                return c.root()
        return None

    def _mention_end(self, i: int) -> int:
        """The end of the tagged mention token ``i`` is in ("Institute for Near East Policy" goes on
        past "for")."""
        return next((e for s, e in self.index[i].spans if s <= i < e), i + 1)

    def _named_office(self, toks: list) -> list[Cluster]:
        """"the Brookfield Sheriff's office", "the Valdoria Fisheries board": capitalised words and a
        body noun, an organisation the model did not tag."""
        words = [t for t in toks if t.dep_ != "det"]
        if len(words) >= 2 and (words[0].is_title or words[0].is_upper) and words[-1].lower_ in BODY_NOUNS | INSTITUTION_NOUNS \
                and all(t.is_title or t.is_upper or t.text in ("'s", "’s") for t in words[:-1]):
            return [self._make(join_tokens(words), "Organization")]
        return []

    def _proper_modifier(self, toks: list, service: bool = False) -> Cluster | None:
        """"Acme co-founder Jane Doe": the proper nouns right before the title head name the body,
        when they are no person, place, nationality, portfolio or title word; before a rank
        ("Navy Cmdr.") the word the model tags as an organisation is the service, even one that is a
        portfolio elsewhere ("Master Sgt." has none)."""
        run = []
        skip = (set() if service else PORTFOLIOS) | TITLE_MODIFIERS | ROLE_HEADS | HONORIFICS | FORMER_WORDS
        for t in reversed(toks):
            if t.pos_ == "PROPN" and t.is_title and t.ent_type_ not in ("NORP", "GPE", "PERSON", "LOC", "DATE") \
                    and (not service or t.ent_type_ == "ORG") \
                    and t.lower_.rstrip(".") not in skip \
                    and t.i not in self.index:
                run.insert(0, t)
            elif run or t.text in ("-",):
                break
        return self._make(join_tokens(run), "Organization") if run else None

    def _sole_institution(self, toks: list) -> Cluster | None:
        """"adviser in the administration", "administration adviser": the one administration (or
        government, ministry...) the article names ("the Doe administration")."""
        for t in toks:
            noun = t.lower_
            if noun in INSTITUTION_NOUNS | GOVERNMENT_NOUNS and t.is_lower \
                    and (t.dep_ == "compound" or t.i and t.doc[t.i - 1].lower_ == "the"):
                named = {id(c.root()): c.root() for c in self.clusters if c.kind == "Organization"
                         and c.merged_into is None and len(name_key(c.name).split()) > 1
                         and name_key(c.name).split()[-1] == noun}
                if len(named) == 1:
                    return next(iter(named.values()))
        return None

    def _named_by_modifiers(self, toks: list) -> Cluster | None:
        """"national security adviser" → the National Security Council the article names: the
        words before a title head that begin the name of one of its organisations (two words at
        least, so that one adjective names nothing)."""
        words = [t.lower_ for t in toks if t.is_alpha]
        if len(words) < 2:
            return None
        for c in self.orgs_by_first.get(words[0], ()):
            name = name_key(c.name).split()
            if len(name) > len(words) and name[:len(words)] == words:
                return c.root()
        return None

    def _possessor(self, toks: list) -> Cluster | None:
        for t in reversed(toks):
            c = self.index.get(t.i)
            if c is not None and c.root().kind in ("Organization", "Place"):
                return c.root()
        if toks and toks[-1].pos_ == "NOUN":
            # "the Obama administration's envoy": a named body the model did not tag.
            names = [t for t in toks[:-1] if t.i in self.index]
            if names:
                return self._make(f"{self.index[names[0].i].root().name} {toks[-1].text}", "Organization")
        return None

    def _antecedent(self, toks: list) -> list[Cluster]:
        """"a spokesman for the company": the organisation a definite common noun takes up, the
        nearest one named before it in the last three sentences whose own name ends in no other
        body noun (a committee or a "House committee" is no "group")."""
        words = [t for t in toks if not t.is_punct]
        if len(words) != 2 or words[0].lower_ != "the" or words[1].lower_ not in _ANAPHORIC_NOUNS:
            return []
        doc, noun = self.doc, words[1].lower_
        start = words[0].sent.start
        for _ in range(3):
            start = doc[start - 1].sent.start if start > 0 else 0
        for i in range(words[0].i - 1, start - 1, -1):
            c = self.index.get(i)
            if c is None or c.root().kind != "Organization" or not c.root().named:
                continue
            last = name_key(c.root().name).split()[-1:] or [""]
            end = self._mention_end(i)
            after = doc[end].lower_ if end < len(doc) and doc[end].is_lower else ""
            if noun in (last[0], after) or last[0] not in _BODY_WORDS and after not in _BODY_WORDS:
                return [c.root()]
        return []

    def _earlier_title_body(self, word: str, i: int) -> Cluster | None:
        """"The Acme commander toured the base. ... said Jane Doe, the allied commander at sea":
        the organisation of the same title written without a name in the two sentences before."""
        doc = self.doc
        start = doc[i].sent.start
        for _ in range(2):
            start = doc[start - 1].sent.start if start > 0 else 0
        for j in range(doc[i].sent.start - 1, start - 1, -1):
            t = doc[j]
            if t.lower_ != word or j + 1 < len(doc) and self.index.get(j + 1) is not None:
                continue  # a title right before a name is that person's own
            for m in t.children:
                c = self.index.get(m.i)
                if m.dep_ in ("compound", "amod") and c is not None and c.root().kind == "Organization":
                    return c.root()
        return None

    def _boss(self, possessor: list, tok, holder: Cluster | None) -> Cluster | None:
        """The person whose staff a title is: "Doe's press aide", or for "his/her economic
        adviser" the nearest person named before the pronoun in its sentence or the one
        before, of the pronoun's gender when the article tells that person's."""
        for t in reversed(possessor):
            c = self.index.get(t.i)
            if c is not None and c.root().kind == "Person" and (holder is None or c.root() is not holder.root()):
                return c.root()
        if tok is None or tok.lower_ not in ("his", "her"):
            return None
        if not hasattr(self, "_genders"):
            self._genders = genders(self.doc, [c for c in self.clusters if c.merged_into is None], self.index,
                                    lambda _: False)
        want = "m" if tok.lower_ == "his" else "f"
        start = self.doc[tok.sent.start - 1].sent.start if tok.sent.start > 0 else 0
        for i in range(tok.i - 1, start - 1, -1):
            c = self.index.get(i)
            if c is None or c.root().kind != "Person" or not c.root().named \
                    or holder is not None and c.root() is holder.root():
                continue
            if self._genders.get(id(c.root()), want) == want:
                return c.root()
        return None

    def _administration(self, person: Cluster) -> Cluster | None:
        """"the Doe administration" (or government) the article names after a person."""
        words = name_key(person.name).split()
        for noun in ("administration", "government"):
            c = self.by_key.get(f"{words[-1]} {noun}") if words else None
            if c is not None and c.root().kind == "Organization":
                return c.root()
        return None

    def _nation(self, tok, word: str) -> Cluster | None:
        """The body a nationality adjective stands for: the article's own government body of
        that nation ("the Valdorian Authority"), else the country among its places (or from the
        short list of irregular adjectives), else a party for party titles ("Whig nominee")."""
        if tok is None:
            return None
        adj = tok.lower_
        country = IRREGULAR_DEMONYMS.get(adj)
        norp = tok.doc[tok.ent_iob_ and tok.i:tok.i + 1]
        for ent in tok.sent.ents:
            if ent.start <= tok.i < ent.end and ent.label_ == "NORP":
                start = ent.start
                while start > tok.sent.start and tok.doc[start - 1].is_title and start - 1 not in self.index:
                    start -= 1  # "New Democrat": the model tags only the last word
                norp = tok.doc[start:ent.end]
        if tok.i in self.index and self.index[tok.i].root().kind == "Place":
            return self.index[tok.i].root()
        for c in self.orgs_by_first.get(name_key(adj), ()):
            words = name_key(c.name).split()
            if len(words) == 2 and words[1] in GOVERNMENT_NOUNS:
                return c.root()
        if country and (c := self._country(country)) is not None:
            return c
        for c in self.places_by_prefix.get(adj[:4], ()):
            if _stem_matches(name_key(c.name), adj):
                return c.root()
        if country:
            return self._make(country, "Place")
        if word in _PARTY_HEADS and tok.is_title:
            for c in self.orgs_by_first.get(name_key(adj), ()):
                if len(c.name.split()) <= 3:
                    return c.root()
            return self._make(f"{norp.text} Party", "Organization", [norp.text])
        return None

    def _country(self, country: str) -> Cluster | None:
        """The article's own node for a country, under any of its names: "United States" is the
        "U.S." the article names (a short name the nationality list knows, or the home country's)."""
        names = [country, *(k for k, v in IRREGULAR_DEMONYMS.items() if v == country)]
        home = home_country_names()
        if country in home:
            names += home
        for n in names:
            c = self.by_key.get(name_key(n))
            if c is not None and c.root().kind == "Place":
                return c.root()
        return None

    def _department(self, portfolio: list[str], word: str) -> Cluster | None:
        """The department a cabinet title implies: one the article names ("the Energy
        Department", "Department of Energy", "Energy Ministry"), else one made for it."""
        area = " ".join(w for w in portfolio if w != "homeland") or portfolio[0]
        if "homeland" in portfolio:
            area = "homeland security"
        names = [f"{area} department", f"department of {area}", f"ministry of {area}", f"{area} ministry",
                 f"{area} office"]
        if area == "foreign":
            names += ["ministry of foreign affairs", "foreign office", "foreign affairs"]
        for n in names:
            c = self.by_key.get(n)
            if c is not None and c.root().kind == "Organization":
                return c.root()
        for c in self.orgs_by_first.get(area, ()):
            if len(name_key(c.name).split()) == 2:
                return c.root()
        label = area.title() if area != "foreign" else "Foreign Affairs"
        if word == "minister":
            # A minister's portfolio is a department in some governments: both names are kept.
            return self._make(f"Ministry of {label}", "Organization",
                              [f"{label} Ministry", f"Department of {label}", f"{label} Department"])
        return self._make(f"Department of {label}", "Organization", [f"{label} Department"])

    def _make(self, name: str, kind: str, aliases: list[str] | None = None) -> Cluster:
        for n in [name, *(aliases or [])]:
            c = self.by_key.get(name_key(n))
            if c is not None and c.root().kind == kind:
                return c.root()
        c = Cluster(kind=kind, name=name, spans=[], aliases=list(aliases or []))
        self.clusters.append(c)
        for n in [name, *(aliases or [])]:
            self.by_key[name_key(n)] = c
        self._register(c)
        return c



def join_tokens(toks: list) -> str:
    """The text of tokens as written, spaces between them kept."""
    return "".join(t.text + t.whitespace_ for t in toks).strip()


def _stem_matches(country: str, adjective: str) -> bool:
    """"syria" / "syrian", "afghanistan" / "afghan", "iraq" / "iraqi": a shared stem as long as
    the shorter word but its last letter."""
    if " " in country or len(country) < 4:
        return False
    n = 0
    for x, y in zip(country, adjective):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= min(len(country), len(adjective)) - 1
