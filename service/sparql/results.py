"""Run a SPARQL query with the service's limits, and write its result in any result format.

pyoxigraph evaluates lazily, so the timeout and the row cap are checked as solutions stream
out; SELECT results are written row by row here (pyoxigraph cannot serialise a capped list of
solutions), graphs and booleans by pyoxigraph itself.
"""

from __future__ import annotations

import csv
import io
import json
import time
from dataclasses import dataclass
from typing import IO, Any, Iterator
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from service.config import Settings
from service.errors import NewskgError, QueryError, QueryTimeout, StoreError, TooLarge
from service.formats import (GRAPH_FORMATS, RESULT_FORMATS, Format, graph_format, negotiate_cached,
                             results_format)
from service.rdfterms import PREFIXES
from service.sparql.text import check_shape, explain_parse_error, service_calls


@dataclass
class Result:
    kind: str  # "bindings", "boolean" or "graph"
    value: Any
    variables: list[str]
    deadline: float
    max_rows: int
    query: str = ""

    def _check(self, n: int) -> None:
        if time.monotonic() > self.deadline:
            raise QueryTimeout("the query ran longer than the time limit (NEWSKG_QUERY_TIMEOUT) and was stopped")
        if n > self.max_rows:
            raise TooLarge(f"the query returns more than {self.max_rows:,} rows (NEWSKG_MAX_ROWS); add a LIMIT")

    def rows(self) -> Iterator[list]:
        try:
            for n, sol in enumerate(self.value, start=1):
                self._check(n)
                yield tuple(sol)  # values in variable order, None when unbound
        except OSError as e:  # the engine evaluates lazily: a SERVICE call can fail here
            raise engine_failure(e, self.query) from e

    def triples(self) -> Iterator[ox.Triple]:
        try:
            for n, t in enumerate(self.value, start=1):
                if n % 1000 == 0:
                    self._check(0)
                yield t
        except OSError as e:
            raise engine_failure(e, self.query) from e

    def write(self, out: IO[bytes], fmt: Format) -> None:
        """Write the whole result in ``fmt`` (a results format, or an RDF format for graphs)."""
        if self.kind == "graph":
            ox.serialize(self.triples(), out, fmt.rdf, prefixes=PREFIXES if fmt.name == "turtle" else None)
        elif self.kind == "boolean":
            out.write(_boolean(self.value, fmt.name))
        else:
            for chunk in self.chunks(fmt):
                out.write(chunk)

    def native(self, fmt: Format) -> bytes:
        """The whole result serialised by pyoxigraph itself (no Python work per row).

        Graphs are never capped (only timed). For solutions, a writer counts rows on the bytes
        pyoxigraph writes, and gives up (``Overflow``) once the count passes ``max_rows``:
        * XML: ``<result>`` starts each solution; XML text escapes ``<``, so it is exact;
        * TSV: one line per solution after the header (pyoxigraph escapes newlines in TSV);
        * JSON: each solution starts with ``[{``/``,{`` then ``"`` or ``}``; inside a string ``"``
          is escaped, so ``,{"`` is exact but ``,{}`` (a solution binding nothing) can also occur
          in a string value: the count is an upper bound, and the caller re-runs the exact
          Python writer when it says "too many".
        CSV is not counted natively (quoted fields may hold newlines).
        """
        out = _CountingWriter(self, _ROW_MARKERS.get(fmt.name) if self.kind == "bindings" else ())
        try:
            self.value.serialize(out, fmt.rdf if self.kind == "graph" else fmt.results)
        except Exception:
            if out.error is not None:  # raised in write(); pyoxigraph may wrap it
                raise out.error from None
            raise
        if out.counting:
            if fmt.name == "tsv":
                out.rows -= 1  # the header line
            if out.rows > self.max_rows:
                raise Overflow()
        parts = out.parts
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def chunks(self, fmt: Format) -> Iterator[bytes]:
        """SELECT results as a stream of byte chunks (for streamed HTTP responses)."""
        writer = {"json": _json_rows, "xml": _xml_rows, "csv": _csv_rows, "tsv": _tsv_rows}[fmt.name]
        buf: list[bytes] = []
        size = 0
        for piece in writer(self.variables, self.rows()):
            buf.append(piece)
            size += len(piece)
            if size > 65536:
                yield b"".join(buf)
                buf, size = [], 0
        yield b"".join(buf)


class Overflow(Exception):
    """The native writer counted more rows than the cap (possibly over-counted: re-check)."""


_ROW_MARKERS = {"xml": (b"<result>",), "tsv": (b"\n",), "json": (b'[{"', b",{\"", b"[{}", b",{}")}


class _CountingWriter:
    """A file-like sink for pyoxigraph's serialisers: keeps the bytes, checks the deadline on every
    chunk and stops once over the row cap.

    Row markers are only counted once the output is large enough to possibly hold more than
    ``max_rows`` of them (each marker occurrence takes at least ``len(shortest marker)`` bytes of
    its own), so an ordinary result costs one append and one clock read per 8 KiB chunk."""

    def __init__(self, result: "Result", markers) -> None:
        self.result, self.markers, self.parts, self.rows, self.tail = result, markers, [], 0, b""
        self.keep = max((len(m) for m in markers), default=1) - 1
        self.error: Exception | None = None
        self.size = 0
        # Below this many bytes the output cannot hold more than max_rows markers.
        self.free = min((len(m) for m in markers), default=0) * (result.max_rows + 1) if markers else -1
        self.counting = False

    def _count(self, data: bytes) -> None:
        window = self.tail + data if self.tail else data
        markers = self.markers
        self.rows += window.count(markers[0]) if len(markers) == 1 else sum(window.count(m) for m in markers)
        self.tail = window[-self.keep:] if self.keep else b""

    def write(self, data) -> int:
        if type(data) is not bytes:
            data = bytes(data)
        self.parts.append(data)
        self.size += len(data)
        if self.counting:
            self._count(data)
        elif 0 <= self.free < self.size:  # from now on the count matters: catch up once
            self.counting = True
            self._count(b"".join(self.parts))
        if self.counting and self.rows > self.result.max_rows + 1:
            self.error = Overflow()
            raise self.error
        if time.monotonic() > self.result.deadline:
            self.error = QueryTimeout("the query ran longer than the time limit (NEWSKG_QUERY_TIMEOUT) and was stopped")
            raise self.error
        return len(data)

    def flush(self) -> None:
        pass


def engine_failure(e: Exception, query: str) -> NewskgError:
    """An error the engine raised while evaluating ``query``. A failed SERVICE call is the query's
    problem (400), told without what the remote endpoint answered; anything else is the store's."""
    if service_calls(query):
        reason = str(getattr(e, "detail", None) or e).split(" with payload")[0].splitlines()[0][:200]
        return QueryError(f"a SERVICE call of the query failed: {reason}")
    if isinstance(e, NewskgError):
        return e  # already says what failed (an external store that is down, ...)
    return StoreError("the store failed while answering the query", detail=str(e))


def run_query(store, sparql: str, *, settings: Settings, **options) -> Result:
    """Evaluate ``sparql`` (after the shape check) as a :class:`Result` with the service's limits."""
    check_shape(sparql, max_bytes=settings.max_query_bytes)
    started = time.monotonic()
    try:
        value = store.query(sparql, **options)
    except StoreError as e:
        failure = engine_failure(e, sparql)
        if failure is e:
            raise
        raise failure from e
    except QueryError as e:
        if "does not parse" in e.message:
            raise QueryError(explain_parse_error(sparql, e.message)) from e
        raise
    except SyntaxError as e:
        raise QueryError(explain_parse_error(sparql, f"the query does not parse: {e}")) from e
    except RuntimeError as e:  # e.g. a substitution of a variable the query does not project
        raise QueryError(f"the query cannot run: {e}") from e
    deadline = started + settings.query_timeout
    if isinstance(value, ox.QueryBoolean):
        return Result("boolean", bool(value), [], deadline, settings.max_rows, sparql)
    if isinstance(value, ox.QuerySolutions):
        return Result("bindings", value, [v.value for v in value.variables], deadline, settings.max_rows, sparql)
    return Result("graph", value, [], deadline, settings.max_rows, sparql)


def answer_query(store, query: str, *, settings: Settings, forced: str | None = None, accept: str | None = None,
                 **options) -> tuple[str, bytes]:
    """The whole answer to ``query`` as ``(content type, bytes)``, in the format named by ``forced``
    (``format=``) or negotiated from ``accept``; over the row cap it is an error, never a cut answer.

    A store whose queries run in worker processes (``service.store.workers``) answers there; any
    other store is asked here, in this process. Every answer the service gives comes from here.
    """
    elsewhere = getattr(store, "answer", None)
    if elsewhere is not None:
        return elsewhere(query, forced=forced, accept=accept, **options)
    try:
        return _answer_here(store, query, settings, forced, accept, options)
    except OSError as e:  # raised by the engine while it serialised (it evaluates lazily)
        raise engine_failure(e, query) from e


def _answer_here(store, query: str, settings: Settings, forced: str | None, accept: str | None,
                 options: dict) -> tuple[str, bytes]:
    result = run_query(store, query, settings=settings, **options)
    if result.kind == "graph":
        fmt = graph_format(forced) if forced else negotiate_cached(accept, GRAPH_FORMATS)
        if fmt.name == "turtle":  # with the project's prefixes
            out = io.BytesIO()
            result.write(out, fmt)
            return fmt.content_type, out.getvalue()
        return fmt.content_type, result.native(fmt)
    fmt = results_format(forced) if forced else negotiate_cached(accept, RESULT_FORMATS)
    if result.kind == "boolean":
        return fmt.content_type, _boolean(result.value, fmt.name)
    if fmt.name != "csv":
        try:
            return fmt.content_type, result.native(fmt)
        except Overflow:  # over the row cap, or possibly so (JSON): the exact writer decides
            result = run_query(store, query, settings=settings, **options)
    return fmt.content_type, b"".join(result.chunks(fmt))


# ---------------------------------------------------------------- SELECT writers

def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            d["datatype"] = t.datatype.value
        return d
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(t.subject), "predicate": _json_term(t.predicate),
                                            "object": _json_term(t.object)}}
    raise TypeError(t)


_enc = json.encoder.encode_basestring  # the C string encoder: the hot loop of large results
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term_text(t) -> str:
    cls = type(t)
    if cls is ox.NamedNode:
        return '{"type":"uri","value":' + _enc(t.value) + "}"
    if cls is ox.Literal:
        if t.language:
            return '{"type":"literal","value":' + _enc(t.value) + ',"xml:lang":' + _enc(t.language) + "}"
        dt = t.datatype.value
        if dt == _XSD_STRING:
            return '{"type":"literal","value":' + _enc(t.value) + "}"
        return '{"type":"literal","value":' + _enc(t.value) + ',"datatype":' + _enc(dt) + "}"
    return json.dumps(_json_term(t), ensure_ascii=False)


def _json_rows(variables: list[str], rows) -> Iterator[bytes]:
    yield json.dumps({"head": {"vars": variables}})[:-1].encode() + b',"results":{"bindings":['
    keys = [_enc(v) + ":" for v in variables]
    sep = ""
    for row in rows:
        cells = ",".join(k + _json_term_text(t) for k, t in zip(keys, row) if t is not None)
        yield (sep + "{" + cells + "}").encode()
        sep = ","
    yield b"]}}"


def _xml_term(t) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def _xml_rows(variables: list[str], rows) -> Iterator[bytes]:
    head = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    yield (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>{head}</head>'
           "<results>").encode()
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                        for v, t in zip(variables, row) if t is not None)
        yield f"<result>{cells}</result>".encode()
    yield b"</results></sparql>"


def _csv_rows(variables: list[str], rows) -> Iterator[bytes]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(variables)
    yield buf.getvalue().encode()
    for row in rows:
        buf.seek(0)
        buf.truncate()
        w.writerow(["" if t is None else (t.value if not isinstance(t, ox.BlankNode) else "_:" + t.value) for t in row])
        yield buf.getvalue().encode()


def _tsv_rows(variables: list[str], rows) -> Iterator[bytes]:
    yield ("\t".join("?" + v for v in variables) + "\n").encode()
    for row in rows:
        yield ("\t".join("" if t is None else str(t) for t in row) + "\n").encode()


def _boolean(value: bool, name: str) -> bytes:
    if name == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>").encode()
    if name in ("csv", "tsv"):
        return b"_askResult\n" + (b"true\n" if value else b"false\n") if name == "csv" else \
            b"?_askResult\n" + (b"true\n" if value else b"false\n")
    return json.dumps({"head": {}, "boolean": value}).encode()


def render_table(result: Result) -> str:
    """A plain-text table for the terminal."""
    if result.kind == "boolean":
        return "true" if result.value else "false"
    if result.kind == "graph":
        return ox.serialize(result.triples(), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode()
    rows = [["" if t is None else (t.value if not isinstance(t, ox.Literal) else t.value) for t in r]
            for r in result.rows()]
    widths = [max([len(v)] + [min(80, len(r[i])) for r in rows]) for i, v in enumerate(result.variables)]
    line = "  ".join(v.ljust(w) for v, w in zip(result.variables, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join((c if len(c) <= 80 else c[:77] + "...").ljust(w) for c, w in zip(r, widths)) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
