"""The embedded store's bulk write (``put_graphs_bulk``, what a bulk ingest uses): the same store,
dump and search index as ``put_graphs``; and a process killed between loading the graphs and
deriving their actors' graphs leaves a store that opens consistent."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from service.formats import graph_format
from service.mapping import article_triples
from service.rdfterms import triples_quads
from service.store.oxigraph import OxigraphStore
from service.store.updates import PENDING
from tests.test_entity_graphs import BASE, _article, _check_derived

ROOT = Path(__file__).resolve().parents[1]

# Two batches of invented articles; the second names the first's actors again, with other names.
FIRST = [("b1", "Jane Doe", "Lakeside"), ("b2", "Ann Roe", None), ("b3", "Jane Doe", "Lake Side")]
SECOND = [("b4", "Jane A. Doe", "Lakeside"), ("b5", "Ann Roe", "Hillton"), ("b6", "Carl Poe", None)]


def _batch(spec) -> dict[str, list]:
    out = {}
    for aid, speaker, town in spec:
        name, triples = article_triples(_article(aid, speaker, town), base=BASE)
        out[str(name)] = triples_quads(triples, str(name))
    return out


def _state(st: OxigraphStore) -> tuple[list[str], list[str], dict]:
    """Every quad, the N-Quads dump (from segments where filed) and the search index's tables."""
    quads = sorted(str(q) for q in st.quads())
    dump = sorted(b"".join(st.dump_chunks(graph_format("nq"))).decode().splitlines())
    ix = st.search_index()
    tables = {t: sorted(ix.db.execute(f"SELECT * FROM {t}").fetchall()) for t in ("graph", "article")}
    for t in ("claim", "entity"):  # without their row ids, which count the index's own writes
        tables[t] = sorted(r[1:] for r in ix.db.execute(f"SELECT * FROM {t}").fetchall())
    return quads, dump, tables


def test_bulk_writes_give_the_store_dump_and_index_of_put_graphs(tmp_path):
    plain, bulk = OxigraphStore.open(tmp_path / "plain"), OxigraphStore.open(tmp_path / "bulk")
    try:
        first, second = _batch(FIRST), _batch(SECOND)
        again = _batch([("b2", "Ann Roe", "Hillton")])  # b2 again, now about a town: replaced
        seventh = _batch([("b7", "Dee Moe", "Lakeside")])
        for quads in seventh.values():  # a quad given twice is held once (the dump's segments are not read back)
            quads.append(quads[0])
        for graphs in (first, second, {**again, **seventh}):
            plain.put_graphs(graphs)
            bulk.put_graphs_bulk(graphs)
            assert _state(bulk) == _state(plain)
        _check_derived(bulk)
        assert PENDING not in bulk.graphs()
        assert len([g for g in bulk.graphs() if "/article/" in g]) == 7
    finally:
        plain.close()
        bulk.close()


CRASH = textwrap.dedent("""
    import os, signal, sys
    from service.store.oxigraph import OxigraphStore
    from service.store.updates import PENDING
    from tests.test_bulk_writes import FIRST, SECOND, _batch

    class KilledBeforeDeriving:
        '''The real store, except that the process dies as the derivation of a bulk write begins.'''
        def __init__(self, inner):
            self.inner = inner
        def __getattr__(self, name):
            return getattr(self.inner, name)
        def update(self, sparql, **kw):
            if f"DROP SILENT GRAPH <{PENDING}>" in sparql and "INSERT DATA" in sparql:
                os.kill(os.getpid(), signal.SIGKILL)
            return self.inner.update(sparql, **kw)

    st = OxigraphStore.open(sys.argv[1])
    st.put_graphs_bulk(_batch(FIRST))
    st._store = KilledBeforeDeriving(st._store)
    st.put_graphs_bulk(_batch(SECOND))
""")


def test_a_bulk_write_killed_before_deriving_is_undone_on_open(tmp_path, caplog):
    store = tmp_path / "store"
    proc = subprocess.run([sys.executable, "-c", CRASH, str(store)], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()

    # What the killed process left: the second batch loaded, recorded as pending, its actors not derived.
    import pyoxigraph as ox

    raw = ox.Store(str(store))
    second = set(_batch(SECOND))
    assert {q.object.value for q in raw.quads_for_pattern(None, None, None, ox.NamedNode(PENDING))} == second
    assert second <= {g.value for g in raw.named_graphs()}
    del raw

    reference = OxigraphStore.open(tmp_path / "reference")
    st = OxigraphStore.open(store)
    try:
        assert "half-written" in caplog.text
        reference.put_graphs(_batch(FIRST))
        assert _state(st) == _state(reference)  # the second batch is gone, with its record
        assert PENDING not in st.graphs()
        _check_derived(st)
        st.put_graphs_bulk(_batch(SECOND))  # what a resumed run does
        reference.put_graphs(_batch(SECOND))
        assert _state(st) == _state(reference)
    finally:
        st.close()
        reference.close()


class _DerivationFails:
    """The real store, except that deriving the actors of a bulk write fails as a full disk does."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def update(self, sparql, **kw):
        if f"DROP SILENT GRAPH <{PENDING}>" in sparql and "INSERT DATA" in sparql:
            # The traceback must not keep the database open: the store reopens it after a failed write.
            del self
            raise OSError(28, "No space left on device")
        return self.inner.update(sparql, **kw)


def test_a_failed_bulk_write_leaves_dump_and_index_as_the_store(tmp_path):
    """After a bulk write that failed (and was undone), the dump and the search index hold what the
    store holds: none of the undone graphs, whatever the writer had in hand."""
    from service.errors import StoreError

    st, reference = OxigraphStore.open(tmp_path / "store"), OxigraphStore.open(tmp_path / "reference")
    try:
        st.put_graphs_bulk(_batch(FIRST))
        reference.put_graphs(_batch(FIRST))
        st._store = _DerivationFails(st._store)
        try:
            st.put_graphs_bulk(_batch(SECOND))
        except StoreError:
            pass
        else:
            raise AssertionError("the failed derivation was not reported")
        assert _state(st) == _state(reference)  # no segment or search row of the undone graphs
        assert not set(_batch(SECOND)) & set(st.graphs())
    finally:
        st.close()
        reference.close()
