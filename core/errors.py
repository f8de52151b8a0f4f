"""Errors reported to Sentry when SENTRY_DSN is set, stripped of personal data.

Unhandled exceptions (500) are reported by sentry-sdk's Django integration, and every
ERROR log line (the 503 page while the database is away) by its logging integration.
Each event carries the request id of the log lines, so one can go from an alert to the
logs. No cookie, no request body, no user and no e-mail address ever leaves the site:
sentry-sdk is told to collect none of them (its data_collection option, which replaces
send_default_pii, left off), local variables are not sent, and scrub() removes the rest.
"""

import re

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from .logging import request_id

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Request headers worth sending: the rest may carry credentials or tracking identifiers.
KEPT_HEADERS = ["accept", "accept-language", "host", "referer", "user-agent", "x-request-id"]
DATA_COLLECTION = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "allowlist", "terms": KEPT_HEADERS}},
    "http_bodies": [],
    "url_query_params": {"mode": "denylist"},
    "database_query_data": False,
    "stack_frame_variables": False,
}


def without_emails(value):
    """The value with every e-mail address in it masked, however deeply nested."""
    if isinstance(value, str):
        return EMAIL.sub("[adresse masquée]", value)
    if isinstance(value, dict):
        return {key: without_emails(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [without_emails(item) for item in value]
    return value


def scrub(event, hint):
    """Tag the event with the request id and drop anything personal from it."""
    event.setdefault("tags", {})["request_id"] = request_id.get()
    event.pop("user", None)
    request = event.get("request")
    if request:
        for key in ("cookies", "data", "env"):
            request.pop(key, None)
        request["headers"] = {
            name: value
            for name, value in request.get("headers", {}).items()
            if name.lower() in KEPT_HEADERS
        }
    return without_emails(event)


def report_errors_to_sentry(dsn, environment, transport=None):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        data_collection=DATA_COLLECTION,
        max_request_body_size="never",
        traces_sample_rate=0,
        before_send=scrub,
        transport=transport,
    )
