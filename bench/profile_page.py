"""Profile pages rendered from the database, in process: where a render's time goes.

Runs the pages through Django's test client with the page cache off, so every request
renders from the database like the first after a change. Prints, per page, its size and
SQL queries, the CPU time per render over five rounds, the Python function calls per render
(the same on a busy machine as on a quiet one), then the share of the request spent in its
main parts and cProfile's top entries.

    DJANGO_PAGE_CACHE_SECONDS=0 DATABASE_URL=... python bench/profile_page.py [--renders 200]
"""

import argparse
import cProfile
import os
import pstats
import time
from pathlib import Path

PAGES = {
    "COO profile": "/metiers/chief-operations-officer-coo/",
    "list": "/metiers/",
}
# (label, file name, function): the parts of a request whose cumulative time is reported.
PARTS = [
    ("view", "base.py", "dispatch"),
    ("relations prefetched", "query.py", "prefetch_related_objects"),
    ("SQL queries built and run", "compiler.py", "execute_sql"),
    ("templates rendered", "django.py", "render"),
    ("closest roles ranked", "views.py", "closest_roles"),
    ("list matches and cards", "views.py", "paginate_queryset"),
    ("card images", "jobprofiles_tags.py", "profile_picture"),
    ("URL reversing", "base.py", "reverse"),
]


def cpu_ms_per_render(client, url, renders):
    rounds = []
    for _ in range(5):
        start = time.process_time()
        for _ in range(renders // 5):
            client.get(url)
        rounds.append((time.process_time() - start) / (renders // 5) * 1000)
    return rounds


def profile(client, url, renders):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(renders):
        client.get(url)
    profiler.disable()
    return pstats.Stats(profiler)


def shares(stats):
    """Each part's cumulative time as a share of the whole request."""
    cumulative = {}
    for (file, _, function), (_, _, _, total, _) in stats.stats.items():
        key = (Path(file).name, function)
        cumulative[key] = cumulative.get(key, 0) + total
    whole = cumulative[("client.py", "request")]
    return [
        (label, cumulative[(file, function)] / whole)
        for label, file, function in PARTS
        if (file, function) in cumulative
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--top", type=int, default=25, help="cProfile entries to print")
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    assert not settings.PAGE_CACHE_SECONDS, "set DJANGO_PAGE_CACHE_SECONDS=0"
    client = Client()
    for name, url in PAGES.items():
        for _ in range(20):
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            size = len(client.get(url).content)
        query_count = len(queries)  # read now: the next request empties the queries' log
        rounds = cpu_ms_per_render(client, url, options.renders)
        stats = profile(client, url, options.renders)
        print(f"\n## {name} ({url}): {size:,} bytes, {query_count} SQL queries")
        print("CPU ms per render, 5 rounds: " + ", ".join(f"{ms:.1f}" for ms in rounds))
        print(f"Python function calls per render: {stats.total_calls / options.renders:,.0f}")
        for label, share in shares(stats):
            print(f"  {label:32s} {share:6.1%}")
        stats.sort_stats("cumulative").print_stats(options.top)


if __name__ == "__main__":
    main()
