"""One rule for every write (SPARQL Update, ``POST``/``DELETE /articles``, Graph Store writes).

No ``update_token`` configured: the service is read-only and writes answer 403. With a token,
writes need ``Authorization: Bearer <token>`` (401 when it is missing or wrong).
"""

from __future__ import annotations

import hmac

from flask import request

from service.errors import Forbidden, Unauthorized
from service.web.state import state


def require_write_token() -> None:
    token = state().settings.update_token
    if not token:
        raise Forbidden("the service is read-only; set NEWSKG_UPDATE_TOKEN to allow writes")
    scheme, _, credentials = request.headers.get("Authorization", "").strip().partition(" ")
    # The scheme name is case-insensitive (RFC 9110 11.1): "bearer" is "Bearer".
    if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip().encode(), token.encode()):
        raise Unauthorized("writes need the header 'Authorization: Bearer <NEWSKG_UPDATE_TOKEN>'")
