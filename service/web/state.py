"""Access to the shared service state from a request."""

from flask import current_app


def state():
    return current_app.extensions["newskg"]
