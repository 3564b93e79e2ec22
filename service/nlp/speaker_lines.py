"""Lines that open with their speaker and a colon: headlines ("Mayor Lind: Harbour Will Reopen
in May") and transcripts ("LIND: Well, I think the harbour ...").

The speaker must be someone the article knows: a person or organisation the model tagged there,
the surname of a person named elsewhere in the article ("LIND:"), or a document or poll ("Poll:",
"Report:"). Other labels before a colon are headings ("Editor's note:", "Update:"), and "Q:"/"A:"
name no one. The content is the rest of the line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from spacy.tokens import Token

from service.nlp.cues import ClaimDraft
from service.nlp.entities import Cluster, name_key
from service.nlp.lexicon import DOCUMENT_NOUNS, SOURCE_NOUNS

if TYPE_CHECKING:
    from service.nlp.attribution import Attributor

# "Label: content" at the start of a line; the label is short and holds no sentence punctuation. A
# transcript quoted whole opens each of its paragraphs with a quotation mark ("“LIND: Well, ...").
LINE = re.compile(r"(?m)^[ \t]*[\"“]?([^\n:.!?\"“”]{1,40}?)[ \t]*:[ \t]+(\S[^\n]*)")
MAX_LABEL_WORDS = 5
# Words of the headings news puts before a colon ("Editor's note:", "The Latest:", "Update:").
HEADING_WORDS = frozenset("""
note editor update updated correction clarification related watch video photo photos breaking latest
contributing byline disclosure sources source credit caption read more also see listen
""".split())
MIN_CONTENT_WORDS = 3


def _label_speaker(att: Attributor, label: list[Token]) -> Cluster | None:
    if any(t.lower_.strip("’'s") in HEADING_WORDS or t.lower_ in HEADING_WORDS for t in label):
        return None
    last = label[-1]
    if len(label) == 1 and last.is_alpha and len(last.text) > 1 and (last.is_title or last.is_upper):
        key = name_key(last.text)
        for c in att.speakers.clusters:
            if c.kind == "Person" and c.named and len(name_key(c.name).split()) > 1 \
                    and name_key(c.name).split()[-1:] == [key]:
                return c  # "LIND:" in a transcript of an article that named Tove Lind
    index = att.speakers.index
    for tok in reversed(label):
        c = index.get(tok.i)
        if c is not None and c.kind in ("Person", "Organization"):
            return c if _named_beyond(c, label) else None
    if last.lemma_.lower() in DOCUMENT_NOUNS | SOURCE_NOUNS and len(label) <= 3:
        found = att.speakers.resolve(last, any_noun=True)
        return found[0] if found else None
    return None


def _named_beyond(cluster: Cluster, label: list[Token]) -> bool:
    """Whether the label's actor is one the article tells of elsewhere, or the label is no more than
    a name ("Harbour Times:", "Sen. Jane Doe:", "Pilots agree - Jane Doe:"). A section heading in title
    case ("Harbour Authority Faces Lawsuits: ...") is often tagged as one organisation or person,
    which then names nothing else in the article."""
    lo, hi = label[0].i, label[-1].i + 1
    spans = cluster.root().spans
    if any(end <= lo or start >= hi for start, end in spans):
        return True
    if len(label[0].doc[lo:hi].text.split()) <= 2:
        return True
    # A person's name ending the label ("... - Jane Doe:"), no longer than a name.
    return cluster.kind == "Person" and any(
        lo <= start and end == hi and len(label[0].doc[start:end].text.split()) <= 3 for start, end in spans)


def speaker_line_claims(att: Attributor) -> None:
    """A claim for every line that opens with a known speaker's label and a colon."""
    taken = [(c.start, c.end) for c in att.claims]
    for m in LINE.finditer(att.text):
        words = m.group(1).split()
        if not words or len(words) > MAX_LABEL_WORDS or len(m.group(2).split()) < MIN_CONTENT_WORDS:
            continue
        label = att.span(m.start(1), m.end(1), "contract")
        content = att.span(m.start(2), m.end(2), "contract")
        if label is None or not len(label) or content is None or not len(content):
            continue
        speaker = _label_speaker(att, list(label))
        if speaker is None:
            continue
        toks = [t for t in content if not t.is_space]
        while toks and toks[-1].is_punct and toks[-1].text not in ("?", "!", "”", "\"", "’"):
            toks = toks[:-1]
        if not toks:
            continue
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        if any(s < end and start < e for s, e in taken):
            continue  # a claim of the line's own (a cue inside it) already covers it
        colon = att.span(m.end(1), m.start(2), "expand")
        cue = next((t for t in colon if t.text == ":"), None) if colon is not None else None
        share = att.quoted_share(start, end)
        kind = "direct" if share > 0.6 else "mixed" if share > 0 else "indirect"
        att.claims.append(ClaimDraft(kind, [(start, end)], [speaker], cue, [], attribution="statement"))
