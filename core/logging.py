"""Log lines as JSON objects, each carrying the id of the request being served."""

import contextvars
import logging

from pythonjsonlogger.json import JsonFormatter

request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request being served ("-" outside a request).

    Django logs a 404 for an unknown address after the middleware have returned: the
    record then carries the request itself, whose id is read from it.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "id", None) or request_id.get()
        return True


class AccessLogFormatter(JsonFormatter):
    """gunicorn's access log as JSON: its atoms become fields instead of a formatted line."""

    ATOMS = {
        "h": "remote_addr",
        "{x-forwarded-for}i": "forwarded_for",
        "m": "method",
        "U": "path",
        "q": "query",
        "s": "status",
        "B": "bytes",
        "M": "duration_ms",
        "a": "user_agent",
        "{x-request-id}o": "request_id",
    }

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        for atom, field in self.ATOMS.items():
            log_data[field] = record.args[atom]
