"""The front door, called as the CLI and the web call it: files and posted bodies in one run; a
posted body's errors raise and change nothing, a file's are reported and the run goes on."""

from __future__ import annotations

import json

import pytest

from service.errors import InputError
from service.ingest import IngestReport, Posted, ingest

pytestmark = pytest.mark.model

GOOD = ("The mayor of Eastbridge, Nora Quill, said on Tuesday that the ferry would run again in June. "
        "\"We owe the islanders a reliable service,\" Quill told the harbour board.")


def _articles(store) -> set[str]:
    return {row["g"].value for row in store.query(
        "SELECT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/newskg#Article> } }")}


def test_ingest_files_and_a_posted_body_in_one_run(tmp_path, settings, store):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([json.dumps({"id": "f1", "text": GOOD}), "{broken",
                               json.dumps({"id": "f1", "text": GOOD.replace("June", "July")})]) + "\n")
    posted = Posted(json.dumps({"id": "p1", "text": GOOD.replace("Tuesday", "Friday")}).encode(), "json")
    report = ingest([feed, posted], store, settings)
    assert isinstance(report, IngestReport)
    base = settings.base
    # The posted article first; "f1" twice in one run is stored once, the last copy; line 2 reported.
    assert report.ingested == [f"{base}article/p1", f"{base}article/f1"]
    assert [(a.id, a.source) for a in report.articles] == [("p1", "request body"), ("f1", f"{feed}:3")]
    assert all(a.claims >= 1 and a.entities >= 1 for a in report.articles)
    assert len(report.failed) == 1 and "line 2" in report.failed[0][1]
    assert _articles(store) == {f"{base}article/p1", f"{base}article/f1"}
    body = next(store.query(f"SELECT ?b WHERE {{ GRAPH <{base}article/f1> {{ ?a <https://w3id.org/newskg#articleBody> ?b }} }}"))
    assert "July" in body["b"].value
    # Resuming skips what is there; the summary line says so.
    again = ingest([feed], store, settings, resume=True)
    assert again.ingested == [] and again.skipped == [f"{base}article/f1"]
    assert again.summary() == "ingested 0 article(s), 1 already in the store, 1 failed"


def test_ingest_a_posted_body_that_cannot_be_used_raises_and_writes_nothing(settings, store):
    before = store.count()
    for data, kind, phrase in [(b"Too short.", "text", "almost no words"), (b'{"text": ', "json", "json"),
                               (b'{"text": "a b c"}\n{"text": "d e f"}\n', "jsonl", "one article")]:
        with pytest.raises(InputError) as err:
            ingest([Posted(data, kind)], store, settings)
        assert phrase in err.value.message.lower(), err.value.message
    assert store.count() == before == 0
