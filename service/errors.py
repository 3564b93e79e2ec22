"""One error hierarchy for the whole service.

Each error carries the HTTP status the web layer answers with and a sentence for the user;
the CLI prints the same sentence on one line of stderr and exits non-zero.
"""

from __future__ import annotations


class NewskgError(Exception):
    """Base of every error newskg reports to a user."""

    status = 500
    title = "Internal error"

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def to_json(self) -> dict:
        body = {"ok": False, "status": self.status, "error": self.title, "message": self.message}
        if self.detail:
            body["detail"] = self.detail
        return body


class InputError(NewskgError):
    """An article (file, body, JSON) that cannot be read as news text."""

    status = 400
    title = "Bad input"


class UnsupportedFormat(NewskgError):
    """An output or input format newskg does not know."""

    status = 406
    title = "Unsupported format"


class UnsupportedMediaType(NewskgError):
    status = 415
    title = "Unsupported media type"


class QueryError(NewskgError):
    """A SPARQL query or update that does not parse or cannot run."""

    status = 400
    title = "Bad query"


class QueryTimeout(NewskgError):
    status = 503
    title = "Query timeout"


class TooLarge(NewskgError):
    status = 413
    title = "Too large"


class NotFound(NewskgError):
    status = 404
    title = "Not found"


class Forbidden(NewskgError):
    status = 403
    title = "Forbidden"


class Unauthorized(NewskgError):
    status = 401
    title = "Unauthorized"


class StoreError(NewskgError):
    """The store cannot be opened or written (locked by another process, disk full...)."""

    status = 503
    title = "Store unavailable"


class FetchError(NewskgError):
    """A URL that may not or could not be fetched."""

    status = 400
    title = "Cannot fetch"


class LinkerUnavailable(NewskgError):
    """Wikidata cannot be reached; ingest goes on with entities left unlinked."""

    status = 503
    title = "Wikidata unavailable"


class NotAvailable(NewskgError):
    """A feature this configuration does not have (search over an external SPARQL store)."""

    status = 501
    title = "Not available"
