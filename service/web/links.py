"""Links that work whatever host, port or path prefix serves the store.

IRIs are minted at ingest under ``NEWSKG_BASE_IRI``; the server answering for them may run
elsewhere (another port, behind a proxy under a path). So pages link with paths *relative to the
page* ("../../article/a1"), an IRI under a base the store's articles were minted under becomes the
path after that base, and a request path is looked up under those bases, never under the
request's own host.
"""

from __future__ import annotations

import functools
import posixpath
import threading
import time

from flask import request

from service.web.state import state

_lock = threading.Lock()
_cache: dict[int, tuple[object, list[str]]] = {}
REMOTE_TTL = 10.0  # seconds: a remote store has no write generation to watch


def bases() -> list[str]:
    """The configured base first, then every other base the stored articles were minted under
    (read once per write generation of the embedded store, every few seconds for a remote one)."""
    from service.ingest import stored_bases

    st = state()
    gen = getattr(st.store, "generation", None)
    stamp = gen if gen is not None else ("t", int(time.monotonic() // REMOTE_TTL))
    with _lock:
        hit = _cache.get(id(st))
        if hit is not None and hit[0] == stamp:
            return hit[1]
    found = [st.settings.base] + [b for b in stored_bases(st.store) if b != st.settings.base]
    with _lock:
        _cache[id(st)] = (stamp, found)
    return found


def path_of(iri: str) -> str | None:
    """The service path of an IRI minted under one of ``bases()`` ("/entity/Q42"), else None."""
    for base in bases():
        if iri.startswith(base):
            return "/" + iri[len(base):]
    return None


def relative(path: str) -> str:
    """``path`` (from the service root, maybe with a query) relative to the current request's path.

    The page ``/entity/person/x`` links to ``/article/a1`` as ``../../article/a1``, the page
    ``/article/a1/claim/1-2`` to ``/article/a1`` as ``../../a1``."""
    path, mark, query = path.partition("?")
    return _relative(path, request.path) + mark + query


@functools.lru_cache(maxsize=65536)
def _relative(path: str, page: str) -> str:
    # A page links to hundreds of nodes (an entity's claims and articles): worth remembering.
    here = posixpath.dirname(page) or "/"
    if path.endswith("/"):
        rel = posixpath.relpath(path, here)
        rel = "./" if rel == "." else rel.rstrip("/") + "/"
    else:
        # Up to the target's folder, then its name: an ancestor of the page ("/article/a1" from
        # "/article/a1/claim/1-2") is "../../a1", never "..", which would name the folder "a1/".
        folder = posixpath.relpath(posixpath.dirname(path) or "/", here)
        name = posixpath.basename(path)
        rel = name if folder == "." else f"{folder}/{name}"
    if ":" in rel.split("/", 1)[0]:
        rel = "./" + rel  # "a:b" would read as a scheme
    return rel


def href(iri: str) -> str:
    """Where a page should link for ``iri``: a relative path for the service's own IRIs, else the IRI."""
    path = path_of(iri)
    return iri if path is None else relative(path)


def iris_for(path: str) -> list[str]:
    """The IRIs a request path may name: the path under each of ``bases()``."""
    return [base + path.lstrip("/") for base in bases()]


_LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}


def base_iri_warning(base: str, host: str, port: int) -> str | None:
    """What is wrong when IRIs minted under ``base`` would not reach a server on ``host:port``, and
    how to fix it; None when they would (or when the base names another host: a proxy in front).

    >>> base_iri_warning("http://127.0.0.1:5000/", "127.0.0.1", 5000) is None
    True
    >>> "NEWSKG_BASE_IRI=http://127.0.0.1:8080/" in base_iri_warning("http://127.0.0.1:5000/", "127.0.0.1", 8080)
    True
    """
    from urllib.parse import urlsplit

    url = urlsplit(base)
    try:
        base_port = url.port or (443 if url.scheme == "https" else 80)
    except ValueError:
        return f"NEWSKG_BASE_IRI={base} has no valid port; set it to this server's public URL"
    base_host = (url.hostname or "").lower()
    if host in ("0.0.0.0", "::"):
        return None  # every interface (a container, say): the address clients use is not known here
    serving = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    if base_host in _LOOPBACK and host in _LOOPBACK and base_port == port:
        return None
    if base_host not in _LOOPBACK and (base_host != host.lower() or base_port == port):
        return None  # another name for this machine, or a proxy in front of it
    if base_port != port:
        problem, also = f"this server listens on {serving}", f", or serve on port {base_port}"
    else:
        problem, also = f"this server answers other machines on {serving}, for which {base_host} is themselves", ""
    return (f"IRIs are minted under {base}, but {problem}: the IRIs in query results and dumps do not "
            f"resolve here (the service's pages and links still work). Set NEWSKG_BASE_IRI={serving} before "
            f"ingesting (for published data, a stable public URL such as https://news.example.org/kg/){also}.")
