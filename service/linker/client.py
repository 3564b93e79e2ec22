"""A small, polite client for the Wikidata MediaWiki Action API.

Politeness follows Wikidata's rules for bots and tools: a descriptive User-Agent with a contact,
``maxlag`` on every request (a lagged server answers with a ``maxlag`` error and a
``Retry-After`` header, and the request is retried after that delay), retries with exponential
backoff on HTTP 429 and 5xx that honour ``Retry-After`` (urllib3's ``Retry``), and a bounded
number of requests in flight. Every successful answer is kept in a requests-cache SQLite file,
so re-ingesting or re-linking an article makes no repeat calls.

Any failure to get an answer (connection refused, timeout, a 5xx that outlives the retries,
a lag that does not go away) raises ``LinkerUnavailable``; the linker turns that into
"unreachable" links and stops asking for the rest of the run.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterable, Sequence

import requests
import requests_cache
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from service import __version__ as _VERSION
from service.errors import LinkerUnavailable

log = logging.getLogger(__name__)

MAX_IDS = 50            # wbgetentities accepts at most 50 ids per request (for non-bots)
MAXLAG = 5              # seconds of replication lag above which Wikidata asks us to wait
CACHE_EXPIRY = timedelta(days=30)
ENTITY_PROPS = "labels|descriptions|aliases|claims|sitelinks"
_QID = re.compile(r"^Q[1-9]\d*$")
_TIME = re.compile(r"^[+-](\d{1,16})-(\d\d)-(\d\d)T")


def user_agent(contact: str) -> str:
    """A User-Agent in the form Wikimedia's policy asks for: tool/version (contact) library."""
    return (f"newskg/{_VERSION} (https://w3id.org/newskg; {contact}) "
            f"python-requests/{requests.__version__}")


def _no_api_error(response: requests.Response) -> bool:
    """Cache only real answers: never a ``maxlag`` or other API error (they come with HTTP 200)."""
    try:
        return "error" not in response.json()
    except ValueError:
        return False


class ApiError(LinkerUnavailable):
    """Wikidata answered, with an error (a parameter it does not take, a value it refuses)."""


class WikidataClient:
    """``search`` (wbsearchentities), ``fulltext`` (``list=search``) and ``entities``
    (wbgetentities), with cache and retries.

    ``calls`` counts the requests that reached the network (cache hits are not counted), so a
    benchmark can report calls per article with a cold and a warm cache.
    """

    def __init__(self, api_url: str, *, contact: str, timeout: float = 5.0,
                 cache_path: Path | str | None = None, max_workers: int = 4,
                 retries: int = 4, backoff: float = 0.5, retry_after_max: int = 60,
                 maxlag_retries: int = 3, language: str = "en") -> None:
        self.api_url = api_url
        self.timeout = timeout
        self.language = language
        self.max_workers = max(1, max_workers)
        self.maxlag_retries = maxlag_retries
        self.retry_after_max = retry_after_max
        self.calls = 0
        self._lock = threading.Lock()
        if cache_path is not None:
            cache_path = Path(cache_path)
            cache_path.parent.mkdir(parents=True, exist_ok=True)
            self.session: requests.Session = requests_cache.CachedSession(
                str(cache_path), backend="sqlite", expire_after=CACHE_EXPIRY,
                allowable_methods=("GET",), allowable_codes=(200,), filter_fn=_no_api_error)
        else:
            self.session = requests.Session()
        # Connection errors and read timeouts are not retried: an unreachable API must cost one
        # short timeout per run. 429 and 5xx are retried with backoff, honouring Retry-After.
        retry = Retry(total=retries, connect=0, read=0, other=0, redirect=3, status=retries,
                      status_forcelist=(429, 500, 502, 503, 504), allowed_methods=("GET",),
                      backoff_factor=backoff, respect_retry_after_header=True,
                      retry_after_max=retry_after_max, raise_on_status=False)
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=self.max_workers)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = user_agent(contact)
        self.session.headers["Accept"] = "application/json"

    # ------------------------------------------------------------------ low level

    def get(self, **params: Any) -> dict:
        """One API call (GET, JSON), with maxlag; raises ``LinkerUnavailable`` on any failure."""
        params = {"format": "json", "formatversion": "2", "maxlag": MAXLAG, **params}
        for attempt in range(self.maxlag_retries + 1):
            try:
                response = self.session.get(self.api_url, params=params, timeout=self.timeout)
            except requests.RequestException as e:
                raise LinkerUnavailable(f"Wikidata API {self.api_url} cannot be reached: {e}") from e
            if not getattr(response, "from_cache", False):
                with self._lock:
                    self.calls += 1 + len(_retry_history(response))
            if 400 <= response.status_code < 500 and response.status_code != 429:
                raise ApiError(f"Wikidata API refused the request: HTTP {response.status_code}")
            if response.status_code != 200:
                raise LinkerUnavailable(f"Wikidata API answered HTTP {response.status_code}")
            try:
                body = response.json()
            except ValueError as e:
                raise LinkerUnavailable("Wikidata API answered something that is not JSON") from e
            if not isinstance(body, dict):
                raise LinkerUnavailable("Wikidata API answered JSON that is not an object")
            error = body.get("error")
            if not error:
                return body
            if error.get("code") == "maxlag" and attempt < self.maxlag_retries:
                delay = _seconds(response.headers.get("Retry-After"), default=MAXLAG)
                log.info("Wikidata is lagged (%s); waiting %.1fs", error.get("info", ""), delay)
                time.sleep(min(delay, self.retry_after_max))
                continue
            raise ApiError(f"Wikidata API error {error.get('code')}: {error.get('info', '')}")
        raise LinkerUnavailable("Wikidata stayed lagged")  # pragma: no cover (loop always returns)

    # ------------------------------------------------------------------ API

    def search(self, text: str, *, limit: int = 10) -> list[dict]:
        """Candidate items for a name (wbsearchentities): dicts with id, label, description, match."""
        body = self.get(action="wbsearchentities", search=text, language=self.language,
                        uselang=self.language, type="item", limit=limit)
        hits = body.get("search")
        return [h for h in hits if isinstance(h, dict) and isinstance(h.get("id"), str)] \
            if isinstance(hits, list) else []

    def search_many(self, texts: Iterable[str], *, limit: int = 10) -> dict[str, list[dict]]:
        """``search`` for several names with at most ``max_workers`` requests in flight."""
        todo = list(dict.fromkeys(t for t in texts if t))
        if len(todo) <= 1:
            return {t: self.search(t, limit=limit) for t in todo}
        with ThreadPoolExecutor(self.max_workers) as pool:
            results = list(pool.map(lambda t: self.search(t, limit=limit), todo))
        return dict(zip(todo, results))

    def fulltext(self, texts: str | Sequence[str], *, limit: int = 10) -> list[str]:
        """QIDs of the items whose text has the words of a name (``action=query&list=search``,
        the site's full-text search): finds "The Sydney Morning Herald" for "Morning Herald",
        which a prefix search of labels cannot. Several names go in one request, as quoted
        phrases joined by ``OR`` (CirrusSearch's syntax)."""
        names = [" ".join(t.replace('"', " ").split()) for t in ([texts] if isinstance(texts, str) else texts)]
        names = [n for n in dict.fromkeys(names) if n]
        if not names:
            return []
        query = names[0] if len(names) == 1 else " OR ".join(f'"{n}"' for n in names)
        try:
            body = self.get(action="query", list="search", srsearch=query, srnamespace=0,
                            srlimit=limit, srprop="", srinfo="")
        except ApiError as e:  # an API without full-text search still has prefix search
            log.info("full-text search refused (%s); candidates come from prefix search only", e)
            return []
        hits = body.get("query", {}).get("search") if isinstance(body.get("query"), dict) else None
        out = []
        for hit in hits if isinstance(hits, list) else []:
            title = hit.get("title") if isinstance(hit, dict) else None
            if isinstance(title, str) and _QID.match(title):
                out.append(title)
        return out

    def entities(self, ids: Iterable[str]) -> dict[str, dict]:
        """Items by QID (wbgetentities, ``MAX_IDS`` per request, batches run concurrently).

        Missing items are left out. Each value has the API's shape: ``labels``, ``descriptions``,
        ``aliases``, ``claims`` and ``sitelinks``.
        """
        wanted = sorted(dict.fromkeys(i for i in ids if i), key=_qid_order)
        batches = [wanted[i:i + MAX_IDS] for i in range(0, len(wanted), MAX_IDS)]

        def fetch(batch: Sequence[str]) -> dict:
            found = self.get(action="wbgetentities", ids="|".join(batch), props=ENTITY_PROPS,
                             languages=self.language).get("entities")
            return found if isinstance(found, dict) else {}

        out: dict[str, dict] = {}
        with ThreadPoolExecutor(self.max_workers) as pool:
            for found in pool.map(fetch, batches):
                for qid, item in found.items():
                    if isinstance(item, dict) and "missing" not in item:
                        out[qid] = item
        return out

    def close(self) -> None:
        self.session.close()


def _retry_history(response: requests.Response) -> tuple:
    """The retries urllib3 made for this response (each one was a request on the wire)."""
    raw = getattr(response, "raw", None)
    retries = getattr(raw, "retries", None)
    return tuple(getattr(retries, "history", ()) or ())


def _seconds(value: str | None, *, default: float) -> float:
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


def _qid_order(qid: str) -> tuple[int, str]:
    return (int(qid[1:]) if qid[1:].isdigit() else 0, qid)


# ---------------------------------------------------------------- reading items
# Wikibase JSON writes an empty map as [] ("claims": [] for an item without statements), so
# every reader checks what it got.


def _map(value) -> dict:
    return value if isinstance(value, dict) else {}


def _claim_values(item: dict, prop: str):
    """The values of a property's statements that are not deprecated, each a dict (maybe empty)."""
    claims = _map(item.get("claims")).get(prop)
    for claim in claims if isinstance(claims, list) else []:
        if isinstance(claim, dict) and claim.get("rank") != "deprecated":
            yield _map(_map(_map(claim.get("mainsnak")).get("datavalue")).get("value"))


def claim_ids(item: dict, prop: str) -> list[str]:
    """The item ids a property points to (``P31``, ``P17`` ...), in the API's order."""
    return [value["id"] for value in _claim_values(item, prop) if isinstance(value.get("id"), str)]


def claim_years(item: dict, prop: str) -> list[float]:
    """The dates a time property holds (``P569`` born ...), as fractional years, in the API's
    order; dates before the common era and values of no precision finer than a year count as
    the year."""
    out = []
    for value in _claim_values(item, prop):
        m = _TIME.match(value.get("time", "")) if isinstance(value.get("time"), str) else None
        if not m:
            continue
        year, month, day = (int(g) for g in m.groups())
        if value["time"].startswith("-"):
            year = -year
        out.append(year + (max(month, 1) - 1) / 12 + max(day - 1, 0) / 365)
    return out


def text_of(item: dict, field: str, language: str = "en") -> str | None:
    """The item's label or description (``field``) in the language, if it has one."""
    value = _map(_map(item.get(field)).get(language)).get("value")
    return value if isinstance(value, str) else None


def aliases_of(item: dict, language: str = "en") -> list[str]:
    """The item's aliases in the language."""
    values = _map(item.get("aliases")).get(language)
    return [a["value"] for a in values if isinstance(a, dict) and isinstance(a.get("value"), str)] \
        if isinstance(values, list) else []


def sitelink_count(item: dict) -> int:
    """How many wikis have a page on the item."""
    return len(_map(item.get("sitelinks")))
