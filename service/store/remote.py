"""An external SPARQL 1.1 store (Oxigraph server, Fuseki, GraphDB…) spoken to over HTTP.

``RemoteStore`` has the surface of ``OxigraphStore``, so the pipeline, the web layer and the
CLI work unchanged:

* writes are SPARQL 1.1 Update requests; ``put_graph``/``put_graphs`` send *one* request
  ``DROP SILENT GRAPH <g> ; … INSERT DATA { GRAPH <g> { … } }`` with the operations that derive
  the graphs of the shared actors and places again (``entities.py``), which a SPARQL 1.1 store
  applies as one request (Oxigraph: one transaction), so each article is atomic at the server;
* reads are SPARQL 1.1 Protocol queries; answers (SPARQL JSON/XML results, N-Triples/Turtle
  graphs) are parsed back into pyoxigraph ``QuerySolutions``/``QueryBoolean``/``QueryTriples``.

Query options and how they map to the protocol:

* ``default_graph`` / ``named_graphs`` → ``default-graph-uri`` / ``named-graph-uri``
  (``DefaultGraph()`` has no protocol name and is dropped: it means "the store's default graph",
  which is what the store uses anyway when no ``default-graph-uri`` is given);
* ``use_default_graph_as_union`` has no protocol equivalent: newskg keeps every article in its
  own named graph and expects the store to answer with the union of all graphs as the default
  graph (Oxigraph: ``oxigraph serve --union-default-graph``; Fuseki/TDB2: ``unionDefaultGraph``).
  The option is accepted and ignored;
* ``substitutions`` (pre-bound variables) become a trailing ``VALUES`` clause;
* ``base_iri`` becomes a ``BASE`` in front of the query or update.

``count``, ``quads`` and ``dump`` cover the named graphs (newskg never writes the default
graph outside the Graph Store Protocol's ``?default``).

The update URL defaults to ``sparql_update_endpoint``, else the query URL with a final
``/query`` replaced by ``/update`` (Oxigraph's and Fuseki's layout), else the query URL itself.
"""

from __future__ import annotations

import threading
from typing import IO, Iterable

import pyoxigraph as ox
from pyoxigraph import Quad

from service.errors import QueryError, StoreError
from service.store.updates import delete_graphs, replace_graphs

_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5")
CONNECT_TIMEOUT = 5.0


def update_url(query_url: str, update_endpoint: str | None = None) -> str:
    if update_endpoint:
        return update_endpoint
    if query_url.rstrip("/").endswith("/query"):
        return query_url.rstrip("/")[: -len("query")] + "update"
    return query_url


def _values_clause(substitutions: dict) -> str:
    names = [k.value if isinstance(k, ox.Variable) else str(k).lstrip("?$") for k in substitutions]
    terms = " ".join(str(t) for t in substitutions.values())
    return "\nVALUES (" + " ".join("?" + n for n in names) + ") { (" + terms + ") }"


def _as_query_triples(triples: Iterable) -> ox.QueryTriples:
    """Parsed triples as a real pyoxigraph ``QueryTriples`` (via a throw-away in-memory store)."""
    mem = ox.Store()
    mem.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    return mem.query("CONSTRUCT WHERE { ?s ?p ?o }")


class RemoteStore:
    """newskg's store surface over the SPARQL 1.1 Protocol (query, update) of an external store."""

    def __init__(self, query_endpoint: str, update_endpoint: str | None = None, *,
                 timeout: float = 30.0, read_only: bool = False) -> None:
        import requests

        self.query_endpoint = query_endpoint
        self.update_endpoint = update_url(query_endpoint, update_endpoint)
        self.timeout = timeout
        self.read_only = read_only
        self.path = None
        self._session = requests.Session()
        self._session.trust_env = False  # the store is named explicitly; no proxy from the environment
        self._write_lock = threading.Lock()  # one writer at a time from this process, as the embedded store

    @classmethod
    def from_settings(cls, settings, *, read_only: bool = False) -> "RemoteStore":
        return cls(settings.sparql_endpoint, settings.sparql_update_endpoint or None,
                   timeout=float(settings.query_timeout) + 5.0, read_only=read_only)

    # ------------------------------------------------------------------ HTTP
    def _post(self, url: str, what: str, **kwargs):
        import requests

        try:
            resp = self._session.post(url, timeout=(CONNECT_TIMEOUT, self.timeout), **kwargs)
        except requests.Timeout as e:
            raise StoreError(f"the SPARQL store at {url} did not answer the {what} within {self.timeout:g} s",
                             detail=str(e)) from e
        except requests.RequestException as e:
            raise StoreError(f"the SPARQL store at {url} is unreachable ({type(e).__name__}); is it running?",
                             detail=str(e)) from e
        if resp.status_code in (400, 422):
            text = " ".join(resp.text.split())[:500]
            verb = "query" if what == "query" else "update"
            raise QueryError(f"the {verb} does not parse or cannot run (the SPARQL store answered "
                             f"{resp.status_code}: {text})")
        if resp.status_code >= 300:
            raise StoreError(f"the SPARQL store at {url} answered HTTP {resp.status_code} to the {what}",
                             detail=resp.text[:2000])
        return resp

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")

    # ------------------------------------------------------------------ writes
    def update(self, sparql: str, *, touches: list[str] | None = None, **options) -> None:
        self._check_writable()
        base = options.get("base_iri")
        if base:
            sparql = f"BASE <{base}>\n{sparql}"
        with self._write_lock:
            self._post(self.update_endpoint, "update", data=sparql.encode("utf-8"),
                       headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def put_graph(self, graph_iri: str, quads: Iterable[Quad]) -> None:
        self.put_graphs({graph_iri: list(quads)})

    def put_graphs(self, graphs: dict[str, list[Quad]]) -> None:
        if not graphs:
            return
        self.update(replace_graphs(graphs))

    def delete_graph(self, graph_iri: str) -> bool:
        self._check_writable()
        if not self.has_graph(graph_iri):
            return False
        self.update(delete_graphs([ox.NamedNode(graph_iri).value]))
        return True

    # ------------------------------------------------------------------ reads
    def query(self, sparql: str, **options):
        options = {k: v for k, v in options.items() if v is not None}
        options.pop("use_default_graph_as_union", None)  # the store's own setting; see the module doc
        if options.get("base_iri"):
            sparql = f"BASE <{options.pop('base_iri')}>\n{sparql}"
        subs = options.pop("substitutions", None)
        if subs:
            sparql += _values_clause(subs)
        params = []
        for g in options.pop("default_graph", None) or []:
            if isinstance(g, ox.NamedNode):
                params.append(("default-graph-uri", g.value))
        for g in options.pop("named_graphs", None) or []:
            params.append(("named-graph-uri", g.value if hasattr(g, "value") else str(g)))
        if options:
            raise QueryError(f"query options {sorted(options)} are not supported by an external SPARQL store")
        resp = self._post(self.query_endpoint, "query", params=params, data=sparql.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": ACCEPT})
        media = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if media in _RESULTS:
                return ox.parse_query_results(resp.content, format=_RESULTS[media])
            if media in _GRAPHS:
                return _as_query_triples(q.triple for q in ox.parse(resp.content, format=_GRAPHS[media]))
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"the SPARQL store's {media} answer does not parse", detail=str(e)) from e
        raise StoreError(f"the SPARQL store answered the query with {media or 'no media type'}, "
                         "which newskg cannot read")

    def has_graph(self, graph_iri: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{ox.NamedNode(graph_iri).value}> {{ ?s ?p ?o }} }}"))

    def graphs(self) -> list[str]:
        return [row["g"].value for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")]

    def quads(self, graph_iri: str | None = None) -> list[Quad]:
        if graph_iri:
            g = ox.NamedNode(graph_iri)
            rows = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
            return [Quad(r["s"], r["p"], r["o"], g) for r in rows]
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def dump(self, out: IO[bytes], fmt) -> None:
        quads = self.quads()
        if fmt.datasets:
            ox.serialize(quads, out, fmt.rdf)
        else:
            ox.serialize((q.triple for q in quads), out, fmt.rdf)

    def count(self) -> int:
        row = next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
        return int(row["n"].value)

    def close(self) -> None:
        self._session.close()
