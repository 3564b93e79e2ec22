"""Run a call on a thread with a large stack.

Oxigraph parses and evaluates SPARQL recursively over the query's syntax tree. The shape check
(``service.sparql.check_shape``) keeps queries far below the depths that overflow an 8 MB stack,
but server threads may have much smaller stacks (a 1 MB thread overflows on a chain of 1,000
additions), so queries and updates run on a thread of their own with room to spare.
"""

from __future__ import annotations

import threading
from typing import Callable, TypeVar

T = TypeVar("T")
STACK_BYTES = 64 << 20  # reserved address space, not memory: only touched pages are used
_lock = threading.Lock()  # threading.stack_size is process-wide: set it, start, put it back


def on_large_stack(call: Callable[[], T]) -> T:
    """``call()`` on a new thread with a ``STACK_BYTES`` stack; its result, or its exception."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = e

    with _lock:
        previous = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=run, name="newskg-large-stack", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
