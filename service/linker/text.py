"""Where an entity is named in its article: mentions, sentences, the words around it."""

from __future__ import annotations

import re

from service.ir import Article, Entity
from service.linker.names import clean_name


def is_surname(article: Article, entity: Entity, spans: list[tuple[int, int]]) -> bool:
    """Whether a person's one-word name is the surname of a fuller name: another entity's name
    ends with it, or the text names it after a capitalised word that is no title ("Enver
    Solomon", not "President Obama")."""
    words = clean_name(entity.name).split()
    if len(words) != 1:
        return False
    word = words[0].lower()
    for other in article.entities:
        words = clean_name(other.name).split()
        if other.key != entity.key and len(words) > 1 and words[-1].lower() == word:
            return True
    for start, _ in spans:
        before = article.text[max(0, start - 40):start].split()
        word_before = before[-1] if before else ""
        if word_before[:1].isupper() and word_before.isalpha() and clean_name(f"{word_before} x") != "x":
            return True
    return False


def spans_of(text: str, entity: Entity) -> list[tuple[int, int]]:
    """The entity's mentions as (start, end), or every place its name occurs when it has none."""
    if entity.mentions:
        return [(m.start, m.end) for m in entity.mentions]
    out, start = [], text.find(entity.name)
    while start >= 0 and entity.name:
        out.append((start, start + len(entity.name)))
        start = text.find(entity.name, start + 1)
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?”\"])(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)"
                           r"(?<!\b[A-Z]\.)\s+(?=[A-Z“\"])|\n\s*\n|\n(?=\S)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (a full stop before a capital, or a line break)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return out


def regions(sentences: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences the entity is named in (all those a mention overlaps)."""
    return [s for s in sentences if any(start < s[1] and s[0] < end for start, end in spans)]


def overlaps(regions: list[tuple[int, int]], spans: list[tuple[int, int]]) -> bool:
    """Whether a mention starts in one of the regions (an entity named in these sentences)."""
    return any(r0 <= start < r1 for r0, r1 in regions for start, _ in spans)


def near_text(text: str, regions: list[tuple[int, int]], spans: list[tuple[int, int]]) -> str:
    """The entity's sentences with its own mentions blanked out."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return " ".join("".join(chars[r0:r1]) for r0, r1 in regions)
