"""Where a person's titles are written: the spans of text around each mention of a name that may
hold a title (before it, before it and a comma, in apposition after it, in "who served as" and
"resigned as" clauses), for :mod:`service.nlp.roles` to read.
"""

from __future__ import annotations

from spacy.tokens import Token

from service.nlp.bodies import Bodies
from service.nlp.lexicon import (FORMER_WORDS, MILITARY_RANKS, OFFICE_VERBS, PORTFOLIOS, ROLE_HEADS,
                                 TITLE_ABBREVIATIONS)

POSSESSIVE_MARKS = {"'s", "’s", "'", "’"}
TITLE_PREPS = {"of", "at", "for", "to", "with", "in", "on", "from", "under", "within"}


class TitlePhrases(Bodies):
    """Token spans that may hold a title of a name. ``_within`` maps a span found in a relative
    clause to the apposition it hangs on; ``_plural`` holds plural titles before a list of names."""

    _within: dict[tuple[int, int], tuple[int, int]]
    _plural: set[tuple[int, int]]

    def _phrases(self, s: int, e: int) -> list[tuple[int, int]]:
        """Token spans that may hold a title of the name at [s, e): the title words right before
        it ("Agriculture Secretary", "Acme spokesman Navy Cmdr."), a title before it and a
        comma ("the Valdorian foreign minister, Jane Doe"), appositions after it ("Jane Doe, the
        director of X") and "who was/served as X" clauses."""
        doc = self.doc
        out = []
        before = self._title_run(s - 1)
        if before < s:
            out.append((before, s))
            # "Acme spokesman Navy Cmdr. Jane Doe": the service rank after a civil title is a
            # role of its own, in the service written before it.
            civil = next((k for k in range(before, s) if head_word(doc[k]) in ROLE_HEADS), None)
            for k in range(civil + 2, s) if civil is not None else ():
                if head_word(doc[k]) in MILITARY_RANKS and doc[k].lower_.rstrip(".") in TITLE_ABBREVIATIONS \
                        and all(t.is_title and head_word(t) not in ROLE_HEADS for t in doc[civil + 1:k]):
                    out.append((civil + 1, s))
                    break
        elif s >= 3 and doc[s - 1].text == "]":
            # "[former Acme CEO] Jane Doe": a title an editor put in brackets before the name.
            inner = self._title_run(s - 2)
            if inner < s - 1 and inner >= 1 and doc[inner - 1].text == "[":
                out.append((inner, s - 1))
        # "three Acme directors, Jane Doe and Tom Roe": a plural title before a list of names is each one's.
        first = s
        while first >= 2 and doc[first - 1].lower_ in ("and", ",") and self._is_person(first - 2):
            first = next(a for a, b in self.index[first - 2].spans if a <= first - 2 < b)
        listed = first < s or e + 1 < len(doc) and doc[e].lower_ in ("and", ",") and self._is_person(e + 1)
        comma = (before if first == s else first) - 1
        if comma >= doc[s].sent.start and doc[comma].text == ",":
            start = self._title_run(comma - 1)
            words = [t for t in doc[start:comma]]
            heads = [k for k, t in enumerate(words) if (singular_head(t) if listed else head_word(t)) in ROLE_HEADS]
            # "Valdoria's foreign minister, Jane Doe", "the director of Acme (AC), Jane Doe": the words
            # before the comma end in a title, or in its "of/at/for" phrase.
            # Not when the title is a preposition's object and a verb follows the name at once:
            # '... than that of the agency chief, Doe said' ends one clause at the comma and starts
            # another with the name.
            lead = start - 1
            while lead > doc[s].sent.start and doc[lead].dep_ == "det":
                lead -= 1
            inner = lead >= 0 and doc[lead].pos_ == "ADP" and e < len(doc) and doc[e].pos_ in ("VERB", "AUX")
            if heads and not inner and (heads[-1] == len(words) - 1 or words[heads[-1] + 1].lower_ in ("of", "at", "for")):
                out.append((start, comma))
                if listed:
                    self._plural.add((start, comma))
        root = doc[s:e].root
        # "Jane Doe resigned as foreign minister", "was forced to step down as", "served as": the
        # person's own verb (or one it governs through "to") with "as" and a title.
        if root.dep_ in ("nsubj", "nsubjpass"):
            verbs = [root.head] + [x for x in root.head.children if x.dep_ == "xcomp"]
            for verb in verbs:
                if verb.lemma_.lower() in OFFICE_VERBS:
                    out += [(x.left_edge.i, x.right_edge.i + 1) for g in verb.children if g.dep_ == "prep" and g.lower_ == "as"
                            for x in g.children if x.dep_ == "pobj" and head_word(x) in ROLE_HEADS]
        # "the hospital and Jane Doe, a former officer": an apposition the parser hung on a noun before the name.
        if e + 2 < len(doc) and doc[e].text == ",":
            stray = next((x for x in doc[e + 1:e + 8] if x.dep_ == "appos" and x.left_edge.i == e + 1 and x.head.i < s
                          and x.pos_ == "NOUN" and head_word(x) in ROLE_HEADS), None)
            if stray is not None:
                out.append((stray.left_edge.i, self._clause_end(stray.right_edge.i + 1)))
        for child in root.children:
            if child.i < e:
                continue
            if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and not self._is_person(child.i):
                appos = (child.left_edge.i, self._clause_end(child.right_edge.i + 1))
                out.append(appos)
                # "Jane Doe, a veteran of X who served as its treasurer": an office of the same body.
                for rel in child.children:
                    if rel.dep_ == "relcl" and rel.lemma_.lower() in OFFICE_VERBS:
                        for x in (x for g in rel.children if g.dep_ == "prep" and g.lower_ == "as"
                                  for x in g.children if x.dep_ == "pobj" and head_word(x) in ROLE_HEADS):
                            out.append((x.left_edge.i, x.i + 1))
                            self._within[out[-1]] = appos
                # "Jane Doe, director of X, and chairman of Y"
                # "Jane Doe, Director of X, and Chairman of Y": a capitalised title is a PROPN to the tagger.
                out += [(g.left_edge.i, g.right_edge.i + 1) for g in child.children
                        if g.dep_ == "conj" and (g.pos_ == "NOUN" or g.pos_ == "PROPN" and head_word(g) in ROLE_HEADS)
                        and not self._is_person(g.i)]
            elif child.dep_ == "relcl" and child.lemma_ in ("be", "serve", "retire", "work"):
                for g in child.children:
                    if g.dep_ == "attr" and g.pos_ == "NOUN":
                        out.append((g.left_edge.i, child.right_edge.i + 1))
                    elif g.dep_ == "prep" and g.lower_ == "as":
                        out += [(x.left_edge.i, child.right_edge.i + 1) for x in g.children if x.dep_ == "pobj"]
        return out

    def _clause_end(self, j: int) -> int:
        """An apposition's end, stretched over the prepositional phrases the parser hung
        elsewhere ("editor at large at the Daily Post,"), up to the next punctuation."""
        doc = self.doc
        limit = min(len(doc), j + 10)
        if j < limit and doc[j].lower_ in TITLE_PREPS:
            while j < limit and not doc[j].is_punct and doc[j].pos_ not in ("VERB", "AUX"):
                j += 1
        return j

    def _title_run(self, i: int) -> int:
        """The first token of the title words that end at token ``i``: capitalised words, title
        and portfolio words, modifiers of a noun, "of"/"to"/"for" between them, possessives and
        hyphens; never a verb, a pronoun, a number, another person or a sentence boundary."""
        doc = self.doc
        first, end, limit = i + 1, i + 1, max(doc[i].sent.start if i >= 0 else 0, i - 12)
        if i >= 0 and doc[i].lower_ in TITLE_PREPS:
            return i + 1  # "a spokesman for Jane Doe": the name is the preposition's object, not the title's holder
        while i >= limit:
            t = doc[i]
            low = t.lower_.rstrip(".")
            if self._is_person(i) or t.is_space or t.like_num or t.pos_ in ("VERB", "AUX", "PRON", "NUM") \
                    or t.pos_ == "CCONJ" and not (low == "and" and doc[i - 1].is_lower and doc[i - 1].pos_ in ("ADJ", "NOUN")):
                break
            glued = not t.whitespace_ and first == i + 1 < len(doc) and doc[i + 1].text == "-"
            if t.text in POSSESSIVE_MARKS or t.text == "-" and not t.whitespace_ or t.text == "." and not doc[i - 1].whitespace_ \
                    or glued and t.is_alpha:
                pass  # "Co-founder", "U.S.", "Valdoria's"
            elif low == "and" and first == i + 1 < len(doc) and doc[i - 1].is_lower and doc[i - 1].pos_ in ("ADJ", "NOUN"):
                pass  # "interior and overseas minister"
            elif low in ("of", "for", "to", "the", "at") and first == i + 1 < len(doc) \
                    and (doc[i + 1].is_title or doc[i + 1].is_upper or doc[i + 1].lower_ == "the") \
                    and (low == "the" or i > 0 and (doc[i - 1].is_title or doc[i - 1].is_upper
                                                    or doc[i - 1].lower_.rstrip(".") in ROLE_HEADS)):
                if low != "the" and i > 0 and doc[i - 1].lower_.rstrip(".") in ROLE_HEADS \
                        and any(doc[j].lower_.rstrip(".") in ROLE_HEADS for j in range(i + 1, end)):
                    break  # "speechwriter to [Secretary of State] Jane Doe": the title nearest the name
            elif t.text == ")" and first == i + 1:
                opening = next((j for j in range(i - 1, limit - 1, -1) if doc[j].text == "("), None)
                if opening is None:
                    break
                i = opening  # "the secretary general of ACME (Acme Cooperative), Jane Doe"
            elif t.is_punct:
                break
            elif not (t.is_title or t.is_upper or low in ROLE_HEADS or low[:-1] in ROLE_HEADS and low.endswith("s")
                      or low in PORTFOLIOS or low in FORMER_WORDS
                      or t.dep_ in ("compound", "amod", "pobj") and t.pos_ in ("NOUN", "ADJ", "PROPN")):
                break
            first = i
            i -= 1
        while first <= i + 1 < len(doc) and first < len(doc) and doc[first].lower_ in ("of", "for", "to", "the", "at", "'s", "’s", "-"):
            first += 1
        return first

    def _is_person(self, i: int) -> bool:
        c = self.index.get(i)
        return c is not None and c.kind == "Person"


def head_word(tok: Token) -> str:
    """A title word as the lexicon has it: "Co-founder" (split by the tokenizer) → "co-founder"."""
    low = tok.lower_.rstrip(".")
    if tok.is_title and low in TITLE_ABBREVIATIONS and (tok.text.endswith(".") or tok.i + 1 < len(tok.doc)
                                                       and tok.doc[tok.i + 1].text == "."):
        return TITLE_ABBREVIATIONS[low]
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
        return f"{doc[tok.i - 2].lower_}-{low}" if f"{doc[tok.i - 2].lower_}-{low}" in ROLE_HEADS else low
    return low


def singular_head(tok: Token) -> str:
    """A title word, plural or not: "Presidents" → "president"."""
    word = head_word(tok)
    return word[:-1] if word not in ROLE_HEADS and word.endswith("s") and word[:-1] in ROLE_HEADS else word
