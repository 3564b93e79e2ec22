"""The WSGI app as an import string, for servers that build it in their worker process.

``newskg serve`` (granian) resolves its settings in the CLI and exports every one of them as
``NEWSKG_<NAME>``; granian's worker then calls :func:`app_from_env`, which reads them back with
:meth:`Settings.load`, so the worker builds exactly the app ``create_app(settings)`` would and
the main process never opens the store.
"""

from __future__ import annotations

import os
import sys

from service.config import SETTINGS, Settings
from service.errors import NewskgError


def export_settings(settings: Settings, environ=None) -> None:
    """Write every setting to ``environ`` (default ``os.environ``) so ``Settings.load`` reads the same values."""
    environ = os.environ if environ is None else environ
    for s in SETTINGS:
        environ[s.env] = str(settings.values[s.name])


def app_from_env():
    from service.web import create_app, fill_dump_segments_in_background, prepare_search_in_background
    from service.web.supervision import mark_worker_started

    try:
        app = create_app(Settings.load())
        fill_dump_segments_in_background(app)
        prepare_search_in_background(app)
        mark_worker_started()
        return app
    except NewskgError as e:  # e.g. the store is locked by another process: one line, not a traceback
        print(f"newskg: error: {' '.join(e.message.split())}", file=sys.stderr, flush=True)
        sys.exit(1)
