"""Bulk ingest (``--jobs N``, ``--engine dask``): same store content as the serial path; resumable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from service.config import Settings
from service.store import open_store

pytestmark = pytest.mark.model

PEOPLE = ["Ann Lee", "Omar Haddad", "Maria Rossi", "Kenji Sato", "Grace Okafor", "Lars Nilsson", "Priya Nair",
          "Tom Becker", "Elena Petrova", "Diego Alvarez"]
PLACES = ["Springfield", "Lyon", "Nairobi", "Osaka", "Toronto", "Lima", "Oslo", "Porto", "Dublin", "Perth"]
THINGS = ["bridge", "hospital", "library", "stadium", "airport", "harbour", "school", "museum", "tunnel", "park"]


def make_articles(directory, n: int) -> list:
    """``n`` small distinct news articles as .txt files; answers their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        who, where, what = PEOPLE[i % 10], PLACES[(i * 3) % 10], THINGS[(i * 7) % 10]
        other = PEOPLE[(i + 4) % 10]
        text = (f"{what.title()} plan in {where} moves ahead\n\n"
                f"The mayor of {where}, {who}, said on Monday that the new {what} would open in {2025 + i % 5}. "
                f"\"We have waited long enough for this {what},\" {who} told reporters at City Hall.\n\n"
                f"{other}, a spokesperson for the regional council, said the budget of {10 + i} million euros "
                f"had been approved. According to {other}, work will start in the spring of story {i}.")
        p = directory / f"article-{i:03d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def newskg(*args, env=None, **kw):
    env = {**os.environ, "NEWSKG_LINK": "0", "NEWSKG_BASE_IRI": "http://newskg.test/", **(env or {})}
    return subprocess.run([sys.executable, "-m", "service", *args], capture_output=True, env=env, timeout=600, **kw)


def store_quads(path) -> set[str]:
    st = open_store(Settings.load(environ={}, store=str(path), link=False))
    try:
        return {str(q) for q in st.quads()}
    finally:
        st.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bulk")
    make_articles(root / "articles", 10)
    serial = root / "serial"
    out = newskg("ingest", str(root / "articles"), "--store", str(serial))
    assert out.returncode == 0, out.stderr
    return root, store_quads(serial)


def test_jobs_2_gives_the_same_store_as_jobs_1_and_resumes(corpus):
    root, serial = corpus
    store = root / "jobs2"
    out = newskg("ingest", str(root / "articles"), "--store", str(store), "--jobs", "2")
    err = out.stderr.decode()
    assert out.returncode == 0 and "ingested 10 article(s)" in err and "Traceback" not in err, err
    assert store_quads(store) == serial
    # Progress goes to stderr as plain lines when it is not a terminal.
    assert "10/10 articles" in err
    # A second run skips everything already there and changes nothing.
    out = newskg("ingest", str(root / "articles"), "--store", str(store), "--jobs", "2")
    assert out.returncode == 0 and "ingested 0 article(s), 10 already in the store" in out.stderr.decode()
    assert store_quads(store) == serial


def test_bulk_reports_bad_articles_at_the_end_without_stopping(corpus, tmp_path):
    root, _ = corpus
    feed = tmp_path / "feed.jsonl"
    good = (root / "articles" / "article-000.txt").read_text()
    import json

    feed.write_text("\n".join([json.dumps({"id": "a", "text": good}), "{broken", json.dumps({"id": "b", "text": "x"}),
                               json.dumps({"id": "c", "text": good.replace("Monday", "Friday")})]) + "\n")
    out = newskg("ingest", str(feed), "--store", str(tmp_path / "s"), "--jobs", "2")
    err = out.stderr.decode()
    assert out.returncode == 0 and "ingested 2 article(s)" in err and "2 failed" in err, err
    assert "line 2" in err and "almost no words" in err


def test_dask_engine_on_a_local_cluster_gives_the_same_graph(corpus, tmp_path):
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    from service.ingest import ingest

    root, serial = corpus
    settings = Settings.load(environ={}, store=str(tmp_path / "dask"), link=False, base_iri="http://newskg.test/")
    with LocalCluster(processes=False, n_workers=1, threads_per_worker=2, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        st = open_store(settings)
        try:
            report = ingest([str(root / "articles")], st, settings, engine="dask", client=client, resume=True)
            got = {str(q) for q in st.quads()}
        finally:
            st.close()
        assert len(report.ingested) == 10 and not report.failed
        assert got == serial
        # The CLI sends the same map to a running scheduler.
        out = newskg("ingest", str(root / "articles"), "--store", str(tmp_path / "cli"), "--engine", "dask",
                     "--scheduler", cluster.scheduler_address)
        assert out.returncode == 0 and "ingested 10 article(s)" in out.stderr.decode(), out.stderr
        assert store_quads(tmp_path / "cli") == serial


def _start(args: list[str], log) -> subprocess.Popen:
    """A dask command-line process in a session of its own (so it and its nanny's worker can be ended
    together, by this process group's id alone)."""
    dask = os.path.join(os.path.dirname(sys.executable), "dask")
    return subprocess.Popen([dask, *args], stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "True"})


@pytest.fixture
def dask_cluster(tmp_path):
    """A real ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, started as on a cluster
    (each worker its own process, joining by the scheduler's address); answers the address."""
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client

    info = tmp_path / "scheduler.json"
    log = open(tmp_path / "dask.log", "wb")
    procs = [_start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                     "--scheduler-file", str(info)], log)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() and time.monotonic() < deadline and procs[0].poll() is None:
            time.sleep(0.1)
        assert info.exists(), (tmp_path / "dask.log").read_text(errors="replace")
        address = json.loads(info.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        for _ in range(2):
            procs.append(_start(["worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                                 "--no-dashboard", "--local-directory", str(tmp_path / "dask-worker")], log))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def test_dask_engine_on_a_scheduler_and_two_worker_processes_gives_the_serial_graph(corpus, dask_cluster, tmp_path):
    """`--engine dask --scheduler` against a real scheduler and two real worker processes: the same
    store as the serial run, with the work spread over both workers."""
    from dask.distributed import Client

    root, serial = corpus
    with Client(dask_cluster, timeout=30) as client:
        client.get_task_stream()  # starts recording which worker runs each task
        out = newskg("ingest", str(root / "articles"), "--store", str(tmp_path / "cluster"), "--engine", "dask",
                     "--scheduler", dask_cluster)
        err = out.stderr.decode()
        assert out.returncode == 0 and "ingested 10 article(s)" in err and "0 failed" in err, err
        tasks = [t for t in client.get_task_stream() if t["key"] and "extract_batch" in str(t["key"])]
        workers = {t["worker"] for t in tasks}
        assert len(workers) == 2 and len(client.scheduler_info()["workers"]) == 2, tasks
    assert store_quads(tmp_path / "cluster") == serial


def test_reingest_replaces_by_id_and_by_same_text(tmp_path):
    articles = make_articles(tmp_path / "a", 1)
    store = str(tmp_path / "s")
    assert newskg("ingest", str(articles[0]), "--store", store).returncode == 0
    once = store_quads(store)
    assert newskg("ingest", str(articles[0]), "--store", store).returncode == 0  # same text → same id
    assert store_quads(store) == once
    doc = tmp_path / "doc.json"
    import json

    doc.write_text(json.dumps({"id": "fixed-id", "text": articles[0].read_text()}))
    assert newskg("ingest", str(doc), "--store", store).returncode == 0
    with_id = store_quads(store)
    assert len(with_id) > len(once)
    # Same id, changed text: the article graph is replaced, not added to.
    doc.write_text(json.dumps({"id": "fixed-id", "text": articles[0].read_text().replace("Monday", "Friday")}))
    assert newskg("ingest", str(doc), "--store", store).returncode == 0
    after = store_quads(store)
    assert len(after) == len(with_id) and after != with_id
    assert newskg("delete", "fixed-id", "--store", store).returncode == 0
    assert store_quads(store) == once


def test_bulk_nquads_output_loads_with_oxigraph_load_into_the_same_store(corpus, tmp_path):
    """Beyond one machine: extraction writes N-Quads, Oxigraph's bulk loader builds the store."""
    import shutil

    from service.ingest import ingest

    root, serial = corpus
    out = tmp_path / "graphs.nq"
    settings = Settings.load(environ={}, link=False, base_iri="http://newskg.test/", data_dir=str(tmp_path / "d"))
    with open(out, "wb") as f:
        report = ingest([str(root / "articles")], None, settings, jobs=1, nquads_out=f)
    assert len(report.ingested) == 10 and not report.failed
    oxigraph = shutil.which("oxigraph") or os.path.join(os.path.dirname(sys.executable), "oxigraph")
    loaded = tmp_path / "loaded"
    done = subprocess.run([oxigraph, "load", "--location", str(loaded), "--file", str(out)], capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert store_quads(loaded) == serial
