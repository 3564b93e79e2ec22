"""The Flask application factory: SPARQL endpoint, dumps, article ingest and pages."""

from __future__ import annotations

import threading

from flask import Flask, Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream, get_input_stream

from service.config import Settings
from service.web.answer_cache import AnswerCache
from service.web.errors import register_error_handlers


class _CappedStream(LimitedStream):
    """A body without Content-Length (``Transfer-Encoding: chunked``), read up to the app's limit:
    werkzeug stops there silently, so a larger body would be handled cut short; this answers 413."""

    def readall(self) -> bytes:
        data = super().readall()
        if self.is_exhausted and self._stream.read(1):
            raise RequestEntityTooLarge()
        return data


class _Request(Request):
    @cached_property
    def stream(self):
        env = self.environ
        limit = self.max_content_length
        if (limit is not None and self.content_length is None and "wsgi.input_terminated" in env
                and not self.shallow):
            return _CappedStream(env["wsgi.input"], limit, is_max=True)
        return get_input_stream(env, max_content_length=limit)


class ServiceState:
    """What the app shares between requests: settings, the store and a lazily loaded pipeline."""

    def __init__(self, settings: Settings, store) -> None:
        self.settings = settings
        self.store = store
        self._pipeline = None
        self._lock = threading.Lock()
        self.answers = AnswerCache(int(settings.result_cache_mb * 2**20))

    @property
    def pipeline(self):
        with self._lock:
            if self._pipeline is None:
                from service.ingest import Pipeline

                self._pipeline = Pipeline(self.settings)
            return self._pipeline


def fill_dump_segments_in_background(app: Flask) -> threading.Thread | None:
    """File the dump segments the store lacks (graphs loaded by other tools, e.g. ``oxigraph load``
    after ``newskg ingest --nquads``) in a daemon thread, so that even the first dump is fast."""
    store = app.extensions["newskg"].store
    fill = getattr(store, "fill_segments", None)
    if fill is None:
        return None

    def run() -> None:
        try:
            filed = fill()
        except Exception as e:  # noqa: BLE001 - only speed is lost: dumps read the store
            app.logger.warning("filing dump segments stopped: %s", e)
            return
        if filed:
            app.logger.warning("filed %d dump segments for graphs written by other tools", filed)

    thread = threading.Thread(target=run, name="newskg-fill-segments", daemon=True)
    thread.start()
    return thread


def prepare_search_in_background(app: Flask) -> threading.Thread | None:
    """Check the full-text index against the store, and rebuild it if it is missing or out of step,
    in a daemon thread at start, so that the first search does not wait for it (it would otherwise:
    a search always answers from an index in step with the store)."""
    ready = getattr(app.extensions["newskg"].store, "search_index", None)
    if ready is None:
        return None

    def run() -> None:
        try:
            ready()
        except Exception as e:  # noqa: BLE001 - the first search tries again, and says why if it fails
            app.logger.warning("preparing the search index failed: %s", e)

    thread = threading.Thread(target=run, name="newskg-search-index", daemon=True)
    thread.start()
    return thread


def create_app(settings: Settings | None = None, *, store=None) -> Flask:
    settings = settings or Settings.load()
    if store is None:
        from service.sparql.isolated import isolate
        from service.store import open_store

        store = isolate(open_store(settings), settings)
    app = Flask(__name__)
    app.request_class = _Request
    app.config["MAX_CONTENT_LENGTH"] = settings.max_article_bytes + 65536
    app.extensions["newskg"] = ServiceState(settings, store)
    from service.web import articles, canned, describe, dump, entities, graphstore, pages, search, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(dump.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(describe.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(canned.bp)
    app.register_blueprint(graphstore.bp)
    app.register_blueprint(search.bp)
    from service.web import middleware

    middleware.install(app)
    register_error_handlers(app)
    from service.web import fast

    fast.install(app)  # the lean path for plain SPARQL queries, in front of Flask
    return app
