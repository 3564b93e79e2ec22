"""Crash safety: SIGKILL a bulk ingest half-way; the store opens, holds only complete article
graphs and entity graphs that agree with them, and re-running the same ingest finishes the rest
with no duplicates."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from servers import descendants

from service.config import Settings
from service.store import open_store
from service.vocab import ONTOLOGY_IRI
from tests.test_bulk import make_articles

pytestmark = [pytest.mark.model, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]

ENV = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_BASE_IRI": "http://newskg.test/"}


def _taken_in(path: Path) -> int:
    """Bytes RocksDB has taken in: its write-ahead logs grow by one record per transaction, and a bulk
    write adds table files whole (once built: ``bulk-*.sst`` are still being written)."""
    if not path.exists():
        return 0
    total = 0
    for f in [*path.glob("*.log"), *path.glob("[0-9]*.sst")]:
        with contextlib.suppress(OSError):  # compaction removes files as we look
            total += f.stat().st_size
    return total


def _stored(graphs: dict[str, list]) -> dict[str, set[str]]:
    """Article graphs written to an empty store: every graph it then holds (the articles' and the
    entity graphs derived from them), as the store gives quads back (its SPARQL INSERT DATA
    normalises some literals)."""
    from service.store.oxigraph import OxigraphStore

    mem = OxigraphStore.open(None)
    if graphs:
        mem.put_graphs({g: list(qs) for g, qs in graphs.items()})
    out: dict[str, set[str]] = {}
    for q in mem.quads():
        out.setdefault(q.graph_name.value, set()).add(str(q))
    return out


def _graphs(store_dir: Path) -> tuple[dict[str, set[str]], dict[str, list]]:
    """Every graph in the store as quad strings, and the quads themselves."""
    st = open_store(Settings.load(environ={}, store=str(store_dir), link=False))
    try:
        out: dict[str, set[str]] = {}
        quads: dict[str, list] = {}
        for q in st.quads():
            out.setdefault(q.graph_name.value, set()).add(str(q))
            quads.setdefault(q.graph_name.value, []).append(q)
        return out, quads
    finally:
        st.close()
        del st


@pytest.mark.parametrize("args", [[], ["--jobs", "2"]], ids=["serial", "jobs-2"])
def test_sigkill_mid_ingest_leaves_complete_graphs_and_a_rerun_finishes(tmp_path, args):
    from service.ingest import Pipeline
    from service.reader import read_path

    paths = make_articles(tmp_path / "articles", 40)
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "service", "ingest", str(tmp_path / "articles"), "--store", str(store), *args]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Kill once the store has taken in well more than the ontology (~160 kB): some articles
        # (~150 kB each, written 16 at a time).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and _taken_in(store) < 1_000_000:
            time.sleep(0.01)
    finally:
        workers = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    # The --jobs workers leave with their parent instead of waiting for tasks for ever.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.1)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()], "worker processes outlived the killed ingest"

    # What each article's graph must be: a fresh extract, in this process.
    settings = Settings.load(environ={}, link=False, base_iri="http://newskg.test/")
    pipeline = Pipeline(settings, link=False)
    extracted = {}
    for p in paths:
        article, quads = pipeline.extract(next(read_path(p)))
        extracted[pipeline.iri(article)] = quads
    expected = _stored(extracted)  # the 40 article graphs and the entity graphs they give

    after_crash, quads = _graphs(store)  # the store opens after a SIGKILL
    articles = {g: qs for g, qs in after_crash.items() if g in extracted}
    for g, qs in articles.items():
        assert qs == expected[g], f"{g} is incomplete after the crash"
    # The entity graphs are exactly the ones the stored articles give: none half-derived.
    others = {g: qs for g, qs in after_crash.items() if g not in extracted and g != str(ONTOLOGY_IRI)}
    assert others == {g: qs for g, qs in _stored({g: quads[g] for g in articles}).items() if g not in articles}
    print(f"killed with {len(articles)} of 40 article graphs stored")
    assert len(articles) < 40, "the kill came after the last article"  # 0 is possible: killed mid-commit

    rerun = subprocess.run(cmd, env=ENV, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    final, _quads = _graphs(store)
    assert {g: qs for g, qs in final.items() if g != str(ONTOLOGY_IRI)} == expected
    assert str(ONTOLOGY_IRI) in final
    st = open_store(Settings.load(environ={}, store=str(store), link=False))
    try:
        assert st.count() == sum(len(qs) for qs in final.values())  # nothing besides the graphs, no duplicates
    finally:
        st.close()
