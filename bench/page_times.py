"""Uncached pages' wall time in process, with their SQL queries and the slowest ones.

Runs the pages through Django's test client with the page cache off, on the benchmark's
catalogue (a generated profile, the COO profile, the list and a family's third page, home,
the benchmark's three searches), and prints each page's median and fastest time, its SQL
queries and its two slowest ones: what scales with the catalogue shows there first.

    DJANGO_PAGE_CACHE_SECONDS=0 DATABASE_URL=... python bench/page_times.py [--requests 20]
"""

import argparse
import os
import statistics
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jobprofiles.models import JobProfile

    assert not settings.PAGE_CACHE_SECONDS, "set DJANGO_PAGE_CACHE_SECONDS=0"
    generated = JobProfile.objects.published().filter(slug__endswith="-1").first()
    pages = {
        "generated profile": generated.get_absolute_url(),
        "COO profile": "/metiers/chief-operations-officer-coo/",
        "list": "/metiers/",
        "list, a family, page 3": f"/metiers/?famille={generated.family.slug}&page=3",
        "home": "/",
        "search, a word in every profile": "/metiers/?q=poste",
        "search, synonyms": "/metiers/?q=pilote",
        "search, typo": "/metiers/?q=coordinatuer",
    }
    client = Client()
    for name, url in pages.items():
        for _ in range(3):
            assert client.get(url).status_code == 200
        times = []
        for _ in range(options.requests):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        slowest = sorted((float(query["time"]) * 1000 for query in queries), reverse=True)[:2]
        print(
            f"{name:32s} median {statistics.median(times):6.1f} ms, fastest {min(times):6.1f} ms, "
            f"{len(queries)} queries, slowest " + ", ".join(f"{ms:.0f} ms" for ms in slowest)
        )


if __name__ == "__main__":
    main()
