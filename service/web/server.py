"""``newskg serve``: one worker process, which owns the store, answering with a pool of threads.

The default server is granian (a Rust HTTP server): it parses HTTP and writes responses outside
the GIL, where gunicorn's pure-Python HTTP handling costs about 1 ms of CPU per request (measured
on the 100k-triple benchmark's q5: 3.1-4.0 ms per request under granian, 3.9-4.9 ms under
gunicorn, 2.7 ms in ``oxigraph serve``).
granian's main process only binds the socket and supervises; its single worker builds the app
from the environment (:mod:`service.web.wsgi`), so only the worker opens the store.

``--server gunicorn`` keeps the former server (gthread worker, app preloaded in the master).
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from service.config import Settings

SERVERS = ("granian", "gunicorn")


def default_threads(settings: Settings) -> int:
    """Threads for the one worker process: one per query worker (a thread waits while its query
    runs in a worker process) plus granian's own rule for Python work, two per core plus one."""
    return int(settings.query_workers) + 2 * (os.cpu_count() or 1) + 1


def run(settings: Settings, *, host: str, port: int, threads: int | None = None, server: str = "granian",
        access_log: bool = True) -> int:
    """Serve until SIGTERM/SIGINT, restarting the server whenever it dies (``supervision``);
    the exit code."""
    if server not in SERVERS:
        raise ValueError(f"unknown server {server!r}")
    from service.web.supervision import supervise

    threads = threads or default_threads(settings)
    # fork: this process has opened no store and started no thread, and the child keeps what the
    # caller set up (an app factory wrapped by a test, a logging configuration).
    ctx = multiprocessing.get_context("fork")

    def start():
        child = ctx.Process(target=_serve, name=f"newskg-{server}",
                            args=(dict(settings.values), server, host, port, threads, access_log))
        child.start()
        return child

    def cleanup() -> None:
        if not settings.sparql_endpoint:
            import shutil

            from service.sparql.isolated import snapshot_root

            shutil.rmtree(snapshot_root(settings.store), ignore_errors=True)

    return supervise(start, cleanup=cleanup)


def _serve(values: dict, server: str, host: str, port: int, threads: int, access_log: bool) -> None:
    settings = Settings(values)
    if server == "gunicorn":
        _run_gunicorn(settings, host=host, port=port, threads=threads, access_log=access_log)
    else:
        _run_granian(settings, host=host, port=port, threads=threads, access_log=access_log)


class _SizedOnPurpose(logging.Filter):
    """granian advises against more than 2 x cores + 1 threads, which fits threads that compute;
    here most threads wait for a query worker process (see ``default_threads``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "seems quite high compared to the number of CPU cores" not in record.getMessage()


def _run_granian(settings: Settings, *, host: str, port: int, threads: int, access_log: bool) -> None:
    from granian.constants import Interfaces
    from granian.server import Server

    from service.web.wsgi import export_settings

    export_settings(settings)  # the worker's Settings.load() sees exactly these values
    logging.getLogger("_granian").addFilter(_SizedOnPurpose())
    Server(
        "service.web.wsgi:app_from_env",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        websockets=False,
        workers=1,  # the embedded store is opened by one process; threads give concurrency
        blocking_threads=max(1, threads),
        log_access=access_log,
        # A streamed dump or a long query must not keep SIGTERM from stopping the worker (and
        # releasing the store's lock) for ever: after this many seconds it is killed.
        workers_kill_timeout=int(settings.query_timeout) + 30,
        # A worker that dies (as gunicorn's master would) is started again; one that dies again
        # within seconds (say the store is locked by another process) stops the server.
        respawn_failed_workers=True,
    ).serve()


def _run_gunicorn(settings: Settings, *, host: str, port: int, threads: int, access_log: bool) -> None:
    from gunicorn.app.base import BaseApplication

    from service.web import create_app, fill_dump_segments_in_background, prepare_search_in_background
    from service.web.supervision import mark_worker_started

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

    # One worker: the embedded store is opened by one process; threads give concurrency.
    app = create_app(settings)
    _Gunicorn(app, {"bind": f"{host}:{port}", "workers": 1, "threads": threads, "worker_class": "gthread",
                    "timeout": int(settings.query_timeout) + 30, "accesslog": "-" if access_log else None,
                    "preload_app": True,
                    # In the worker (threads do not survive the fork from the preloading master).
                    "post_worker_init": lambda worker: (fill_dump_segments_in_background(app),
                                                        prepare_search_in_background(app),
                                                        mark_worker_started())}).run()
