"""Fetch an article page by URL, guarded against server-side request forgery (SSRF).

Only http and https; the host is resolved and every address it resolves to must be public
(not loopback, private, link-local, multicast, reserved or unspecified) unless
``allow_private_urls`` is set; redirects are followed by hand, each hop checked the same way;
the body is read in chunks up to ``fetch_max_bytes`` and the whole fetch is given
``fetch_timeout`` seconds.

Known limit: the address checked is resolved again by ``requests`` when it connects, so a
DNS server that answers differently the second time (DNS rebinding) is not stopped here.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from service.config import Settings
from service.errors import FetchError, TooLarge

MAX_REDIRECTS = 5
USER_AGENT = "newskg/0.1 (+https://w3id.org/newskg)"


@dataclass(frozen=True)
class Fetched:
    url: str            # the final URL, after redirects
    content: bytes
    content_type: str   # media type without parameters, lower case


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or not ip.is_global)


def check_url(url: str, settings: Settings) -> str:
    """The URL if it may be fetched; ``FetchError`` saying why not otherwise."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("give the article's URL (http or https)")
    if len(url) > 4000:
        raise FetchError("the URL is too long")
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'a URL without a scheme'!r}")
    if parts.username or parts.password:
        raise FetchError("URLs with a user name or password are not fetched")
    host = parts.hostname
    if not host:
        raise FetchError(f"the URL {url!r} has no host")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as e:
        raise FetchError(f"the URL {url!r} has an invalid port") from e
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise FetchError(f"cannot resolve the host {host!r}") from e
    if not settings.allow_private_urls:
        for info in infos:
            ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
            if not _public(ip):
                # The address itself is not told: it would map the network behind the service.
                raise FetchError(f"the host {host!r} is on a loopback, private, link-local or otherwise "
                                 "non-public address; it is not fetched")
    return url.strip()


def fetch(url: str, settings: Settings) -> Fetched:
    """GET ``url`` (following up to five redirects, each checked), within the size and time limits."""
    import requests

    deadline = time.monotonic() + settings.fetch_timeout
    limit = settings.fetch_max_bytes
    with requests.Session() as session:
        session.trust_env = False  # no proxies from the environment: they would bypass the address check
        for _hop in range(MAX_REDIRECTS + 1):
            url = check_url(url, settings)
            left = deadline - time.monotonic()
            if left <= 0:
                raise FetchError(f"fetching took longer than {settings.fetch_timeout:g} s (NEWSKG_FETCH_TIMEOUT)")
            try:
                resp = session.get(url, allow_redirects=False, stream=True, timeout=(min(left, 5.0), left),
                                   headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain, */*;q=0.5"})
            except requests.Timeout as e:
                raise FetchError(f"fetching {url} timed out") from e
            except requests.RequestException as e:
                raise FetchError(f"cannot fetch {url}: {type(e).__name__}") from e
            with resp:
                if resp.is_redirect or resp.status_code in (301, 302, 303, 307, 308):
                    location = resp.headers.get("Location")
                    if not location:
                        raise FetchError(f"{url} redirects without a Location")
                    url = urljoin(url, location)
                    continue
                if resp.status_code >= 400:
                    raise FetchError(f"{url} answered HTTP {resp.status_code}")
                declared = resp.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise TooLarge(f"{url} is {int(declared):,} bytes; the limit is {limit:,} (NEWSKG_FETCH_MAX_BYTES)")
                chunks, size = [], 0
                try:
                    for chunk in resp.iter_content(65536):
                        size += len(chunk)
                        if size > limit:
                            raise TooLarge(f"{url} is larger than {limit:,} bytes (NEWSKG_FETCH_MAX_BYTES)")
                        if time.monotonic() > deadline:
                            raise FetchError(f"fetching {url} took longer than {settings.fetch_timeout:g} s")
                        chunks.append(chunk)
                except requests.RequestException as e:
                    raise FetchError(f"cannot fetch {url}: {type(e).__name__}") from e
                ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                return Fetched(url=resp.url or url, content=b"".join(chunks), content_type=ctype)
    raise FetchError(f"more than {MAX_REDIRECTS} redirects from the URL")
