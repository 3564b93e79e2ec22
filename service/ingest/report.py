"""What an ingest run answers: the articles stored, those already there, and those refused."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Ingested:
    """One stored article: its IRI (its graph's name), id, where it came from, and what it holds."""
    iri: str
    id: str
    source: str
    claims: int
    entities: int


@dataclass
class IngestReport:
    """``ingested``: the IRIs stored, in the order they were written (``articles`` tells more about
    each); ``skipped``: already in the store (resume); ``failed``: (source, message) pairs."""
    ingested: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    articles: list[Ingested] = field(default_factory=list)

    def summary(self) -> str:
        """The run's last line, as the CLI prints it."""
        skipped = f"{len(self.skipped)} already in the store, " if self.skipped else ""
        return f"ingested {len(self.ingested)} article(s), {skipped}{len(self.failed)} failed"
