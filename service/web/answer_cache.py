"""Answers to repeated SPARQL queries, kept in memory until the next write.

Dashboards, canned-query pages, entity pages and notebooks send the same query text again and
again; each answer costs the store milliseconds and this process a slice of its one GIL. So a
finished answer (its serialised bytes) is kept, keyed by the query text, the dataset and the
format, *and the store's write generation*: any write, through any route, moves the generation on,
and answers from before it are never served again (they age out of the LRU). Only the embedded
store has a generation (it alone sees every write); queries whose answer can change without a
write (``NOW()``, ``RAND()``, ``UUID()``, ``STRUUID()``, ``BNODE()``, ``SERVICE``) are not kept,
nor answers larger than an eighth of the budget (``NEWSKG_RESULT_CACHE_MB``; 0 turns it off).
"""

from __future__ import annotations

import re
import secrets
import threading
import zlib
from typing import Callable

from cachetools import LRUCache

# Word-level and conservative: the words inside a string or an IRI also turn caching off.
_VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(|\bSERVICE\b", re.IGNORECASE)


def volatile(query: str) -> bool:
    """Can the query's answer change without a write to the store?

    >>> volatile("SELECT (NOW() AS ?t) {}"), volatile("SELECT * { ?s ?p ?o }")
    (True, False)
    """
    return _VOLATILE.search(query) is not None


class AnswerCache:
    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.largest = budget_bytes // 8
        # Entries are (content type, answer, bytes the key and bookkeeping take).
        self._lru: LRUCache = LRUCache(maxsize=max(budget_bytes, 1), getsizeof=lambda v: len(v[1]) + v[2])
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        # Generations restart with the process: this makes the ETags of two runs differ.
        self.boot = secrets.token_hex(4)

    def etag(self, store, *parts: str) -> str | None:
        """A strong ETag for a representation that depends only on the store's contents and
        ``parts`` (say the query and the Accept header), or None when there is none to give."""
        generation = getattr(store, "generation", None)
        if generation is None:
            return None
        return f"{self.boot}-{generation}-{zlib.crc32(chr(0).join(parts).encode()):08x}"

    def answer(self, store, key: tuple, query: str, compute: Callable[[], tuple[str, object]]) -> tuple[str, object]:
        """``compute()``'s ``(content type, payload)``, or the one kept for ``key`` at the store's
        current generation. Only ``bytes`` payloads are kept (streamed answers are not)."""
        generation = getattr(store, "generation", None)
        if not self.budget or generation is None or volatile(query):
            return compute()
        full = (generation, *key)
        with self._lock:
            kept = self._lru.get(full)
            if kept is not None:
                self.hits += 1
                return kept[0], kept[1]
            self.misses += 1
        content_type, payload = compute()
        if isinstance(payload, bytes) and len(payload) <= self.largest:
            with self._lock:
                self._lru[full] = (content_type, payload, 2 * len(query) + 300)
        return content_type, payload
