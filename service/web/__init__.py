"""The Flask application factory: SPARQL endpoint, dumps, article ingest and pages."""

from __future__ import annotations

import threading

from flask import Flask

from service.config import Settings
from service.web.errors import register_error_handlers


class ServiceState:
    """What the app shares between requests: settings, the store and a lazily loaded pipeline."""

    def __init__(self, settings: Settings, store) -> None:
        self.settings = settings
        self.store = store
        self._pipeline = None
        self._lock = threading.Lock()
        # spaCy pipelines are not documented as thread-safe: one analysis at a time.
        self.analysis_lock = threading.Lock()

    @property
    def pipeline(self):
        with self._lock:
            if self._pipeline is None:
                from service.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings)
            return self._pipeline


def create_app(settings: Settings | None = None, *, store=None) -> Flask:
    settings = settings or Settings.load()
    if store is None:
        from service.store import open_store

        store = open_store(settings)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_article_bytes + 65536
    app.extensions["newskg"] = ServiceState(settings, store)
    from service.web import articles, canned, describe, dump, entities, graphstore, pages, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(dump.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(describe.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(canned.bp)
    app.register_blueprint(graphstore.bp)
    from service.web import middleware

    middleware.install(app)
    register_error_handlers(app)
    from service.web import fast

    fast.install(app)  # the lean path for plain SPARQL queries, in front of Flask
    return app
