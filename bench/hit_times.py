"""A cached page's time in process: the WSGI application called in a loop, no server.

What a page answered from the cache costs the site's code, against the bare floor's
(bench/floor.py) for the same bytes: without gunicorn, the network or wrk, the gap between
the two is all the site's own. The objects loaded at start are frozen out of the garbage
collector first, as gunicorn.conf.py does in each worker. Prints the best and the median
of eight batches.

    DATABASE_URL=... python bench/hit_times.py site /metiers/chief-operations-officer-coo/
    BENCH_FLOOR_PAGE=page.html python bench/hit_times.py floor /
"""

import argparse
import gc
import io
import os
import statistics
import sys
import time
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", choices=["site", "floor"])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=5000, help="per batch")
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if options.app == "site":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
        from careers.wsgi import application
    else:
        from bench.floor import application

    def get():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": options.path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status = []
        chunks = application(environ, lambda line, headers, *_: status.append(line))
        size = sum(len(chunk) for chunk in chunks)
        getattr(chunks, "close", lambda: None)()
        return status[0], size

    for _ in range(3):  # rendered, kept, answered again
        status, size = get()
    print(f"{options.app} {options.path}: {status}, {size:,} bytes")
    gc.freeze()
    batches = []
    for _ in range(8):
        start = time.perf_counter()
        for _ in range(options.requests):
            get()
        batches.append((time.perf_counter() - start) / options.requests * 1e6)
    print(f"best {min(batches):.1f} µs a request, median {statistics.median(batches):.1f} µs")


if __name__ == "__main__":
    main()
