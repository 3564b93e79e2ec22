"""A lean WSGI path for the common SPARQL query requests, in front of the Flask app.

``GET /sparql?query=…`` (no other parameter) and ``POST /sparql`` with an
``application/sparql-query`` UTF-8 body are answered here without Flask's request context,
URL routing, hooks and response objects: the query runs and its serialised bytes go straight
into the WSGI response, with the same headers (CORS, content type) and the same metrics as the
Flask path. Everything else (forms, updates, dataset parameters, ``format=``, the Service
Description, HEAD/OPTIONS) goes to Flask unchanged, and so does every error: an exception
raised here is answered by the app's own error handlers, so error bodies are identical.
"""

from __future__ import annotations

import time
from io import BytesIO
from urllib.parse import parse_qsl

from service.errors import UnsupportedFormat
from service.sparql import answer_query, check_service_calls
from service.web.answer_cache import volatile
from service.web.middleware import CORS_HEADERS

QUERY_MEDIA = "application/sparql-query"
_CORS = list(CORS_HEADERS.items())
_ROUTE = "/sparql"


class _Fallback(Exception):
    """Not a request the lean path answers: hand it to Flask."""


class FastSparql:
    def __init__(self, app, wsgi_app) -> None:
        self.app = app
        self.next = wsgi_app
        self.state = app.extensions["newskg"]
        self.metrics = app.extensions["newskg_metrics"]
        self.max_body = app.config.get("MAX_CONTENT_LENGTH")

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != _ROUTE:
            return self.next(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        if method == "GET":
            qs = environ.get("QUERY_STRING", "")
            if not qs.startswith("query="):
                return self.next(environ, start_response)
            params = parse_qsl(qs, keep_blank_values=True, errors="replace")
            if len(params) != 1:
                return self.next(environ, start_response)
            query = params[0][1]
        elif method == "POST":
            ctype = environ.get("CONTENT_TYPE", "")
            media, _, rest = ctype.partition(";")
            if media.strip().lower() != QUERY_MEDIA or environ.get("QUERY_STRING"):
                return self.next(environ, start_response)
            if rest and rest.strip().lower().replace(" ", "") not in ("charset=utf-8", "charset=utf8"):
                return self.next(environ, start_response)
            try:
                length = int(environ.get("CONTENT_LENGTH") or "")
            except ValueError:
                return self.next(environ, start_response)
            if length < 0 or (self.max_body is not None and length > self.max_body):
                return self.next(environ, start_response)
            body = environ["wsgi.input"].read(length) if length else b""
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError:
                query = ""
            if len(body) != length or not query:
                environ["wsgi.input"] = BytesIO(body)
                environ["CONTENT_LENGTH"] = str(len(body))
                return self.next(environ, start_response)
        else:
            return self.next(environ, start_response)
        if not query.strip():
            if method == "POST":
                environ["wsgi.input"] = BytesIO(body)
            return self.next(environ, start_response)
        if method == "GET" and "HTTP_IF_NONE_MATCH" in environ:
            return self.next(environ, start_response)  # conditional requests: Flask's path
        started = time.perf_counter()
        accept = environ.get("HTTP_ACCEPT")
        answers = self.state.answers
        # Before the query runs: a write meanwhile leaves this tag older than the answer, never newer.
        tag = answers.etag(self.state.store, "plain", query, accept or "") \
            if method == "GET" and not volatile(query) else None
        extra = [("Vary", "Accept"), *([("ETag", f'"{tag}"')] if tag else [])]
        try:
            content_type, payload = self.state.answers.answer(self.state.store, ("plain", query, accept), query,
                                                              lambda: self._answer(query, accept))
        except _Fallback:
            if method == "POST":
                environ["wsgi.input"] = BytesIO(body)
            return self.next(environ, start_response)
        except Exception as e:  # noqa: BLE001 - answered by the app's error handlers
            return self._error(e, environ, start_response, started, method)
        headers = [("Content-Type", content_type), ("Content-Length", str(len(payload))), *extra, *_CORS]
        start_response("200 OK", headers)
        self.metrics.observe(_ROUTE, method, 200, time.perf_counter() - started)
        return [payload]

    def _answer(self, query: str, accept: str | None):
        st = self.state
        check_service_calls(query, st.settings.service_allow)
        try:
            return answer_query(st.store, query, settings=st.settings, accept=accept, base_iri=st.settings.base + "sparql")
        except UnsupportedFormat:  # Flask's path answers the 406, with its own metrics label
            raise _Fallback() from None

    def _error(self, e: Exception, environ, start_response, started: float, method: str):
        app = self.app
        environ["wsgi.input"] = BytesIO()
        environ["CONTENT_LENGTH"] = "0"
        with app.request_context(environ):
            from flask import g

            g.newskg_started = started
            try:
                resp = app.finalize_request(app.handle_user_exception(e))
            except Exception as again:  # noqa: BLE001
                resp = app.finalize_request(app.handle_exception(again), from_error_handler=True)
            return resp(environ, start_response)


def install(app) -> None:
    app.wsgi_app = FastSparql(app, app.wsgi_app)
