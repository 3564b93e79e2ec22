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
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(r.id for r in raws)
    lengths = [len(r.text) for b in parts for r in b]
    assert lengths == sorted(lengths, reverse=True)
    assert parts[0][0].id == "a3" and parts[-1][-1].id == "a4"  # 120 words first, 1 word last


def test_a_parallel_run_ends_one_article_at_a_time():
    raws = _raws(list(range(1, 129)))
    parts = batches(raws, jobs=2, size=4)
    assert [len(b) for b in parts] == [4] * 30 + [1] * 8  # the two workers' last batches, split up
    assert [r.id for r in parts[-1]] == ["a0"]  # the shortest article last
    assert [len(b) for b in batches(_raws([5, 4, 3]), jobs=2, size=4)] == [1, 1, 1]
    odd = batches(_raws(list(range(1, 51))), jobs=2, size=8)  # 50 // 16 = 3 a batch; 44 is no multiple of 3
    assert sorted(r.id for b in odd for r in b) == sorted(r.id for r in _raws(list(range(1, 51))))
    assert [len(b) for b in odd] == [3] * 14 + [2] + [1] * 6


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


def test_a_few_graphs_go_in_as_one_transaction_and_many_through_the_bulk_loader(tmp_path, monkeypatch):
    store = OxigraphStore.open(tmp_path / "store")
    calls = []
    for name in ("put_graphs", "put_graphs_bulk"):
        real = getattr(store, name)
        monkeypatch.setattr(store, name, lambda graphs, real=real, name=name: (calls.append((name, len(graphs))),
                                                                                 real(graphs))[1])
    try:
        report = IngestReport()
        writer = Writer(report, store=store)
        writer.start_bulk(20)  # commits 16 at a time; the last 4 come within the last stretch
        results = [_result(n) for n in range(20)]
        writer.take(results[:16])
        writer.take(results[16:19])
        writer.take(results[19:])
        writer.finish()
        assert calls[1:] == [("put_graphs_bulk", 16), ("put_graphs", 3), ("put_graphs", 1)]  # [0]: the ontology
        assert {g for g in store.graphs() if "/article/" in g} == {r.iri for r in results}
    finally:
        store.close()
