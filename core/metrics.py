"""/metrics in Prometheus's text format, for the addresses in DJANGO_METRICS_ALLOWED only.

Requests (counts per view and status, latencies per view) come from django-prometheus's
middleware; this module adds what is ours: page-cache hits and misses, the Redis circuit
breaker's state, and the requests that found the database unreachable.

Under gunicorn each worker counts for itself: gunicorn.conf.py gives them a shared
PROMETHEUS_MULTIPROC_DIR, and the worker answering /metrics adds every worker's counters
up. The breaker's state is the answering worker's own (a Redis outage trips them all).
"""

import ipaddress
import os

import prometheus_client
from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django_prometheus.middleware import PrometheusAfterMiddleware
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


class RequestMetricsMiddleware(PrometheusAfterMiddleware):
    """django-prometheus's request metrics, each labelled series looked up once per process.

    Finding a series by its labels takes a lock and builds a key each time, several times
    a request: a dict of the series already seen makes that one lookup each.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.series = {}

    def label_metric(self, metric, request, response=None, **labels):
        if not labels:
            return metric
        key = (metric, *labels.items())
        series = self.series.get(key)
        if series is None:
            series = self.series[key] = metric.labels(**labels)
        return series


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
