"""How a bulk run is scheduled so that the workers end together: longest articles first in
parallel runs, and the writer keeping nothing pending in the run's last stretch."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Quad

from service.ingest.report import IngestReport
from service.ingest.workers import Extracted, batches
from service.ingest.writer import Writer
from service.ir import RawArticle
from service.store.oxigraph import OxigraphStore


def _raws(lengths: list[int]) -> list[RawArticle]:
    return [RawArticle(text="word " * n, id=f"a{i}") for i, n in enumerate(lengths)]


def test_parallel_batches_put_the_longest_articles_first_and_keep_every_article_once():
    raws = _raws([3, 50, 7, 120, 1, 64, 9, 30, 2, 77, 15, 40, 5, 99, 11, 8])
    parts = batches(raws, jobs=2, size=2)
    ids = [r.id for b in parts for r in b]
    assert sorted(ids) == sorted(r.id for r in raws)
    lengths = [len(r.text) for b in parts for r in b]
    assert lengths == sorted(lengths, reverse=True)
    assert parts[0][0].id == "a3" and parts[-1][-1].id == "a4"  # 120 words first, 1 word last


def test_a_serial_run_keeps_the_order_it_was_given():
    raws = _raws([3, 50, 7, 120, 1, 64])
    assert [r.id for b in batches(raws, jobs=1, size=2) for r in b] == [r.id for r in raws]


def _result(n: int) -> Extracted:
    iri = f"http://example.org/article/t{n}"
    quads = [Quad(NamedNode(f"{iri}#a"), NamedNode("http://example.org/p"), Literal(str(n)), NamedNode(iri))]
    return Extracted(f"t{n}.txt", iri, f"t{n}", 0, 0, quads)


def test_the_writer_writes_each_result_as_it_comes_in_the_last_stretch(tmp_path):
    store = OxigraphStore.open(tmp_path / "store")
    try:
        report = IngestReport()
        writer = Writer(report, store=store)
        writer.start_bulk(200)  # commits 25 graphs at a time
        assert writer.commit == 25
        results = [_result(n) for n in range(200)]
        for start in range(0, 168, 8):  # 168 received, 32 to come: still gathering
            writer.take(results[start:start + 8])
        assert len(writer.pending) == 8  # written at 32, 64, ... 160 (the first count >= 25 each time)
        assert len(report.ingested) == 160
        writer.take(results[168:176])  # 24 to come, fewer than a commit: written at once
        assert writer.pending == {}
        assert len(report.ingested) == 176
        for start in range(176, 200, 8):
            writer.take(results[start:start + 8])
            assert writer.pending == {}
        stored = {g for g in store.graphs() if "/article/" in g}
        assert stored == {r.iri for r in results}
        writer.finish()
        assert sorted(report.ingested) == sorted(r.iri for r in results)
    finally:
        store.close()
