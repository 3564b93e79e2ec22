"""Curated links that win over search: a CSV an editor keeps to fix a link for good.

Each row is ``surface form, type, QID or none``: the type is ``Person``, ``Organization`` or
``Place`` (case-insensitive; ``*`` or empty for any kind). A header row and lines starting with
``#`` are skipped. Surface forms are matched against an entity's name and aliases after folding
case, accents, punctuation, a leading "the" and honorifics. ``none`` means "never link this".
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from service.errors import InputError
from service.ir import Entity, EntityKind
from service.linker.names import clean_name, fold

_QID = re.compile(r"^Q[1-9]\d*$")
_KINDS = {k.value.lower(): k for k in EntityKind} | {"organisation": EntityKind.ORGANIZATION,
                                                      "location": EntityKind.PLACE}
NO_ITEM = "none"


def _key(text: str) -> str:
    return fold(clean_name(text))


class Overrides:
    """Surface form (and kind) → QID, or ``NO_ITEM``."""

    def __init__(self, rows: dict[tuple[str, EntityKind | None], str] | None = None) -> None:
        self.rows = dict(rows or {})

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def load(cls, path: str | Path | None) -> "Overrides":
        if not path:
            return cls()
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as e:
            raise InputError(f"cannot read the Wikidata overrides file {path}: {e.strerror}") from e
        rows: dict[tuple[str, EntityKind | None], str] = {}
        for n, row in enumerate(csv.reader(text.splitlines()), start=1):
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if len(row) < 3:
                raise InputError(f"{path}:{n}: expected 'surface form, type, QID or none'")
            form, kind_text, target = (c.strip() for c in row[:3])
            if n == 1 and target.lower() in ("qid", "wikidata", "item"):
                continue  # header
            kind_key = kind_text.lower()
            if kind_key in ("", "*", "any"):
                kind = None
            elif kind_key in _KINDS:
                kind = _KINDS[kind_key]
            else:
                raise InputError(f"{path}:{n}: unknown type {kind_text!r} (Person, Organization, Place or *)")
            target = target.rsplit("/", 1)[-1]  # accept full entity IRIs too
            if target.lower() == NO_ITEM:
                target = NO_ITEM
            elif not _QID.match(target):
                raise InputError(f"{path}:{n}: {target!r} is neither a QID nor 'none'")
            rows[(_key(form), kind)] = target
        return cls(rows)

    def lookup(self, entity: Entity) -> str | None:
        """The curated QID or ``NO_ITEM`` for an entity, or None when the file says nothing."""
        for form in (entity.name, *entity.aliases):
            key = _key(form)
            for kind in (entity.kind, None):
                target = self.rows.get((key, kind))
                if target:
                    return target
        return None
