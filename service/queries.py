"""The canned queries of ``queries/``: one ``.rq`` file each, its first comment lines saying
what it answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from service.config import QUERIES_DIR


@dataclass(frozen=True, slots=True)
class CannedQuery:
    name: str
    title: str
    description: str
    text: str


def load_queries(directory: Path = QUERIES_DIR) -> list[CannedQuery]:
    out = []
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comments = [ln[1:].strip() for ln in text.splitlines() if ln.startswith("#")]
        title = comments[0] if comments else path.stem
        out.append(CannedQuery(path.stem, title, " ".join(comments[1:]), text))
    return out
