"""Starting and stopping the real servers tests talk to (always on 127.0.0.1)."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(proc: subprocess.Popen, url: str, *, name: str, timeout: float = 30, **get) -> None:
    """Poll ``url`` until it answers 2xx; fail the test with the server's stderr if it dies or times out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if requests.get(url, timeout=1, **get).ok:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{name} did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen, *, timeout: float = 15) -> None:
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_for(check, seconds: float = 15) -> bool:
    """Poll ``check()`` until it is true (True) or ``seconds`` pass (False)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _all_children(pid: int) -> list[int]:
    """Children started by any thread of ``pid`` (/proc lists them per thread)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def children(pid: int) -> list[int]:
    """Child processes, without multiprocessing's helpers (the query workers' fork server)."""
    out = []
    for child in _all_children(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing" not in cmdline:
            out.append(int(child))
    return out


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, helpers included."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            kids = _all_children(p)
        except OSError:
            continue
        out += kids
        todo += kids
    return out


def server_pid(proc: subprocess.Popen) -> int:
    """The HTTP server's main process: the one child of `newskg serve`, which supervises it."""
    kids = children(proc.pid)
    assert len(kids) == 1, kids
    return kids[0]


def worker_pid(proc: subprocess.Popen) -> int:
    """The process that owns the store: the server's one worker (granian's or gunicorn's)."""
    kids = children(server_pid(proc))
    assert len(kids) == 1, kids
    return kids[0]


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes together, in MB."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except OSError:
            continue
    return total * 4096 / 2**20
