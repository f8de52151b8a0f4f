"""Site-wide middleware: request ids, and a French 503 page while the database is away."""

import logging
import os
import re

from django.db import OperationalError
from django.shortcuts import render

from .logging import request_id
from .metrics import database_unavailable

logger = logging.getLogger(__name__)

# What a proxy may hand us as a request id; anything else could forge log lines.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")

# Seconds a visitor (or a crawler) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 30


def request_id_for(environ):
    """The proxy's X-Request-ID if it looks like one, else a new one.

    From the WSGI environ (request.META) rather than request.headers, which would parse
    every header for one.
    """
    incoming = environ.get("HTTP_X_REQUEST_ID", "")
    return incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else os.urandom(16).hex()


class RequestIdMiddleware:
    """Tag the request with the proxy's X-Request-ID, or a new one, for logs and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = request_id_for(request.META)
        token = request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class DatabaseUnavailableMiddleware:
    """Answer a French 503 page with Retry-After, not a 500, when the database cannot be reached.

    Django reconnects by itself on the next request (CONN_HEALTH_CHECKS), so the site
    recovers as soon as the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        logger.error("Database unavailable: %s", exception)
        database_unavailable.inc()
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
