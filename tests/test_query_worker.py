"""The query worker's loop, run in this process over a real pipe and a real store snapshot.

Its memory cap (RLIMIT_DATA) counts thread stacks, so a worker that started a thread per query
could fail with "can't start new thread" once its heap neared the cap: the loop starts none.
"""

from __future__ import annotations

import json
import threading
import pyoxigraph as ox
import pytest

from service.config import Settings
from service.sparql import worker


@pytest.fixture()
def snapshot(tmp_path):
    path = tmp_path / "snapshot"
    store = ox.Store(str(path))
    ex = "http://example.org/"
    store.extend(ox.Quad(ox.NamedNode(f"{ex}s{i}"), ox.NamedNode(f"{ex}p"), ox.Literal(str(i)),
                         ox.NamedNode(f"{ex}g")) for i in range(7))
    store.flush()
    del store
    return str(path)


class Conn:
    """The worker's end of the pipe: hands out ``jobs``, then reports the parent gone."""

    def __init__(self, jobs):
        self.jobs, self.sent = list(jobs), []

    def recv(self):
        if not self.jobs:
            raise EOFError
        return self.jobs.pop(0)

    def send(self, message):
        self.sent.append(message)

    def send_bytes(self, body):
        self.sent.append(body)


def test_the_worker_answers_jobs_without_starting_a_thread_per_query(snapshot, monkeypatch):
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    conn = Conn([(snapshot, query, {}, "json", None, False)] * 3
                + [(snapshot, "SELECT ?x WHERE { ?x ?y", {}, "json", None, False)])

    def no_threads(self):
        raise AssertionError("the worker started a thread for a query")

    monkeypatch.setattr(threading.Thread, "start", no_threads)
    worker._answer_jobs(conn, Settings.load())  # returns when the parent is gone

    replies = conn.sent
    assert [r[0] for r in replies[0:6:2]] == ["ok"] * 3
    counts = [int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) for body in replies[1:6:2]]
    assert counts == [7, 7, 7]
    assert replies[6][0] == "error" and replies[6][1] == "QueryError"
    assert len(replies) == 7
