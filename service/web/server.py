"""``newskg serve``: gunicorn with threads in one worker process, which owns the store."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from service.config import Settings


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def run(settings: Settings, *, host: str, port: int, threads: int = 8) -> None:
    from service.web import create_app

    # One worker: the embedded store is opened by one process; threads give concurrency.
    app = create_app(settings)
    _Gunicorn(app, {"bind": f"{host}:{port}", "workers": 1, "threads": threads, "worker_class": "gthread",
                    "timeout": int(settings.query_timeout) + 30, "accesslog": "-", "preload_app": True}).run()
