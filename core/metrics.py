"""/metrics in Prometheus's text format, for the addresses in DJANGO_METRICS_ALLOWED only.

Requests are counted per view, method and status, and timed per view and method, by
RequestMetricsMiddleware at the top of the stack, and by PageCacheFront for the pages it
answers before Django runs (under the names django-prometheus gives them); page-cache hits
and misses, the Redis circuit breaker's state and the requests that found the database
unreachable are counted too.

Under gunicorn each worker counts for itself: gunicorn.conf.py gives them a shared
PROMETHEUS_MULTIPROC_DIR, and the worker answering /metrics adds every worker's counters
up. The breaker's state is the answering worker's own (a Redis outage trips them all).
"""

import ipaddress
import os
import time

import prometheus_client
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from .cache_backend import cache_breaker

page_cache_lookups = prometheus_client.Counter(
    "careers_page_cache_lookups_total",
    "Anonymous page requests looked up in the page cache, by result (hit or miss).",
    ["result"],
)
database_unavailable = prometheus_client.Counter(
    "careers_database_unavailable_total",
    "Requests answered with the 503 page because the database could not be reached.",
)


responses = prometheus_client.Counter(
    "django_http_responses_total_by_status_view_method",
    "Responses by status, view and method.",
    ["status", "view", "method"],
)
latency = prometheus_client.Histogram(
    "django_http_requests_latency_seconds_by_view_method",
    "Time from the request entering the middleware stack to its response, by view and method.",
    ["view", "method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
# Any other method is counted under one label, so made-up methods cannot add series.
KNOWN_METHODS = frozenset(
    ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT")
)


# Each labelled series, looked up once per process.
series_by_response = {}


def record_response(status_code, view, method, seconds):
    """Count a response and its time: two writes, so a page answered from the cache costs
    little more than that."""
    method = method if method in KNOWN_METHODS else "<invalid method>"
    key = (status_code, view, method)
    series = series_by_response.get(key)
    if series is None:
        series = series_by_response[key] = (
            responses.labels(str(status_code), view, method),
            latency.labels(view, method),
        )
    series[0].inc()
    series[1].observe(seconds)


class RequestMetricsMiddleware:
    """Count and time every response, pages answered by the page cache included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match and match.view_name) or "<unnamed view>"
        record_response(response.status_code, view, request.method, time.perf_counter() - start)
        return response


class CacheBreakerCollector:
    """The breaker's state, read when /metrics is served."""

    def collect(self):
        yield GaugeMetricFamily(
            "careers_cache_breaker_open",
            "1 while this process skips every cache call after a Redis failure, else 0.",
            value=int(cache_breaker.is_open),
        )


def allowed(address):
    """Whether REMOTE_ADDR is one of DJANGO_METRICS_ALLOWED's addresses or networks.

    Only the connection's own address counts: X-Forwarded-For is whatever the client
    wrote, so nginx refuses /metrics from outside instead of vouching for anyone.
    """
    try:
        address = ipaddress.ip_address(address)
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:  # a dual-stack socket's IPv4 client
        address = address.ipv4_mapped
    return any(address in network for network in settings.METRICS_ALLOWED)


@never_cache
def metrics(request):
    if not allowed(request.META.get("REMOTE_ADDR", "")):
        return HttpResponse(
            "Accès réservé aux adresses de DJANGO_METRICS_ALLOWED.\n",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    registry = prometheus_client.CollectorRegistry()
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        MultiProcessCollector(registry)
    else:
        registry.register(prometheus_client.REGISTRY)
    registry.register(CacheBreakerCollector())
    content = prometheus_client.generate_latest(registry)
    return HttpResponse(content, content_type=prometheus_client.CONTENT_TYPE_LATEST)
