"""``newskg serve`` never stays down: it runs the HTTP server as a child process and starts it
again whenever it ends without being asked to, for ever, waiting a little longer after each quick
failure (0.5 s, doubling to 30 s; back to 0.5 s once a run has lasted a minute).

The HTTP server (granian, or gunicorn) restarts its own worker when it dies, but gives up for good
when the worker dies twice within seconds (a crash loop). The supervisor is the level above: it
restarts the whole server. Only a server that never became ready (the store is locked, the port is
taken) makes ``serve`` give up, with exit code 1, since trying again cannot help.

A small JSON file (path in ``NEWSKG_SERVE_STATUS``, set for the children) records when the
supervisor started, how often the server was restarted and how each worker start went; /healthz
reports it.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

STATUS_ENV = "NEWSKG_SERVE_STATUS"
HEALTHY_RUN = 60.0  # a run this long resets the back-off
MAX_DELAY = 30.0


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write(path: Path, data: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def read_status() -> dict | None:
    """The supervisor's record, when this process runs under ``newskg serve``; else None."""
    path = os.environ.get(STATUS_ENV)
    if not path:
        return None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    starts = data.get("worker_starts", [])
    return {"up_since": data.get("started"), "server_restarts": data.get("restarts", 0),
            "last_exit_code": data.get("last_exit_code"), "worker_starts": len(starts),
            "last_worker_start": starts[-1] if starts else None}


def mark_worker_started() -> None:
    """Called by each server worker once its app is built: the server is ready."""
    path = os.environ.get(STATUS_ENV)
    if not path:
        return
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data["worker_starts"] = (data.get("worker_starts", []) + [_now()])[-100:]
    _write(p, data)


def supervise(start: Callable[[], "object"], *, cleanup: Callable[[], None] = lambda: None) -> int:
    """Run ``start()`` (which returns a started ``multiprocessing.Process``) until SIGTERM/SIGINT,
    restarting it whenever it ends; then ``cleanup()``. The exit code for ``newskg serve``."""
    fd, name = tempfile.mkstemp(prefix="newskg-serve-", suffix=".json")
    os.close(fd)
    status = Path(name)
    _write(status, {"started": _now(), "restarts": 0, "worker_starts": []})
    os.environ[STATUS_ENV] = name
    stopping = threading.Event()
    child = None

    def stop(signum, _frame) -> None:
        stopping.set()
        if child is not None and child.is_alive():
            os.kill(child.pid, signal.SIGTERM)  # the server stops gracefully and releases the store

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    delay = 0.5
    try:
        while True:
            began = time.monotonic()
            child = start()
            child.join()
            if stopping.is_set():
                return 0
            data = json.loads(status.read_text(encoding="utf-8"))
            if not data.get("worker_starts"):
                print("newskg: the server did not start (see the message above); not retrying", file=sys.stderr)
                return 1
            data["restarts"] = data.get("restarts", 0) + 1
            data["last_exit_code"] = child.exitcode
            _write(status, data)
            if time.monotonic() - began >= HEALTHY_RUN:
                delay = 0.5
            print(f"newskg: the server stopped (exit code {child.exitcode}); starting it again in {delay:g} s",
                  file=sys.stderr, flush=True)
            if stopping.wait(delay):
                return 0
            delay = min(delay * 2, MAX_DELAY)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        status.unlink(missing_ok=True)
        cleanup()
