"""gunicorn settings, read from the environment like the Django settings (see README.md)."""

import glob
import os
import tempfile

wsgi_app = "careers.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# A worker silent this long is killed and replaced; slow clients are nginx's business.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then, staggered, so a slow leak never takes the site down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10

# Several servers may run on one machine (tests, benchmark): no shared control socket.
control_socket_disable = True

# Each worker keeps its metrics in files here, which /metrics adds up (core/metrics.py).
# Set before the workers import prometheus_client; emptied at start, as the client requires.
metrics_dir = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="careers-metrics-")
)


def on_starting(server):
    os.makedirs(metrics_dir, exist_ok=True)
    for name in glob.glob(os.path.join(metrics_dir, "*.db")):
        os.remove(name)


def post_worker_init(worker):
    """Leave what the worker loaded at start out of Python's garbage collections.

    A full collection went through every object of Django and the project: about 50 ms, once
    every few dozen searches, which made one search in twenty wait three times as long.
    """
    import gc

    gc.freeze()


def child_exit(server, worker):
    """Drop a dead worker's live gauges; its counters still count."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        },
        "access": {
            "()": "core.logging.AccessLogFormatter",
            "fmt": "%(name)s %(message)s",
            "rename_fields": {"name": "logger"},
            "timestamp": True,
        },
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
        },
        "access_console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "access",
        },
    },
    "root": {"handlers": ["error_console"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error_console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access_console"], "level": "INFO", "propagate": False},
    },
}
