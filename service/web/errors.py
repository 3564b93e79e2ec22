"""Every error leaves the service in one JSON shape: ``{"ok": false, "status", "error", "message"}``."""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from service.errors import NewskgError

log = logging.getLogger("newskg.web")


def error_response(status: int, title: str, message: str):
    resp = jsonify({"ok": False, "status": status, "error": title, "message": message})
    resp.status_code = status
    return resp


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(NewskgError)
    def _newskg(e: NewskgError):
        body = e.to_json()
        if e.status >= 500 and body.pop("detail", None):
            # What failed inside (an OS error with a file path, a remote body) stays in the log.
            log.warning("%s: %s", e.message, e.detail)
        resp = jsonify(body)
        resp.status_code = e.status
        return resp

    @app.errorhandler(HTTPException)
    def _http(e: HTTPException):
        return error_response(e.code or 500, e.name, e.description or e.name)

    @app.errorhandler(Exception)
    def _bug(e: Exception):
        log.exception("unexpected error")
        return error_response(500, "Internal error", "an unexpected error happened; it has been logged")
