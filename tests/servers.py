"""Starting and stopping the real servers tests talk to (always on 127.0.0.1)."""

from __future__ import annotations

import socket
import subprocess
import time

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
