"""Measure the public pages against a bare Django floor, all served by the same gunicorn settings.

Three gunicorns with gunicorn.conf.py (same workers, same worker class): the bare floor
(bench.floor), the site with its page cache, the site without (DJANGO_PAGE_CACHE_SECONDS=0,
every page rendered from the database); nginx with the compose config in front of the
cached site, also serving a static file of the COO page's size. wrk measures every row in
turn, round after round, so that noise from other work on the machine spreads over all rows.
"""

import os
import platform
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from jobprofiles.models import JobProfile
from tests.deploy.servers import Gunicorn, start_nginx, stop, wrk

COO = "chief-operations-officer-coo"
MANY_PROFILES = 2000
SIZE_TOLERANCE = 0.25
# Seconds before wrk gives up on a request: pages rendered on a busy machine may take long.
TIMEOUT = 10
# A word in every generated profile ("le titulaire du poste"), the editors' synonym line of
# the generated catalogue, a typo that matches nothing (its page proposes close titles).
BROAD_SEARCH = "/metiers/?q=poste"
SYNONYM_SEARCH = "/metiers/?q=pilote"
TYPO_SEARCH = "/metiers/?q=coordinatuer"
SUGGESTIONS = "/metiers/suggestions.json?q=respon"


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return f"{os.cpu_count()} CPU ({cpu}), {memory_kb / 1024 / 1024:.1f} GiB RAM"


def body(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def rss_kib(pid):
    """A process's resident memory, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def queries_per_page(paths):
    """SQL queries each page costs when rendered from the database, in this process."""
    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} a répondu {response.status_code}.")
            counts[path] = len(queries)
    return counts


def drain(load, connections, workers):
    """Wait for the requests a load run left queued: up to one per connection, each worker
    answering its share. Measured at once, a visitor's requests would wait behind them."""
    time.sleep(0.2 + connections * load["p50_us"] / 1_000_000 / workers)


def selected(rows, only):
    """The floor and /livez, which every ratio needs, then the rows named by --only."""
    return rows[:2] + [row for row in rows[2:] if not only or any(text in row[0] for text in only)]


class Command(BaseCommand):
    help = (
        "Sert le plancher Django nu, le site avec et sans cache de pages (gunicorn, "
        "gunicorn.conf.py) et nginx sur 127.0.0.1, et mesure chaque ligne avec wrk, en "
        "alternance."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=5, help="Durée de chaque mesure.")
        parser.add_argument("--rounds", type=int, default=3, help="Nombre de tours.")
        parser.add_argument("--connections", type=int, default=16, help="Connexions wrk.")
        parser.add_argument("--workers", type=int, default=2, help="Workers gunicorn.")
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="TEXT",
            help="Ne mesurer que les lignes dont le nom contient TEXT (répétable) ; le "
            "plancher et /livez sont toujours mesurés.",
        )

    def handle(self, *args, seconds, rounds, connections, workers, only, **options):
        published = JobProfile.objects.published()
        coo = published.filter(slug=COO).first()
        if coo is None or published.count() < 10:
            raise CommandError("Catalogue absent : lancez d’abord `python -m bench catalogue`.")
        generated = [
            f"/metiers/{slug}/"
            for slug in published.exclude(slug=COO)
            .order_by("?")
            .values_list("slug", flat=True)[:MANY_PROFILES]
        ]
        profile = generated[0]
        self.stdout.write(f"Machine: {machine()}")
        self.stdout.write(
            f"{published.count():,} profiles on {connection.vendor}, "
            f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, "
            f"{workers} gunicorn workers, wrk 1 thread {connections} connections, "
            f"{rounds} rounds of {seconds} s per row"
        )
        coo_url = coo.get_absolute_url()
        pages = [coo_url, profile, "/metiers/", "/"]
        pages += [BROAD_SEARCH, SYNONYM_SEARCH, TYPO_SEARCH, SUGGESTIONS]
        self.stdout.write("SQL queries per page rendered from the database:")
        for path, count in queries_per_page(pages).items():
            self.stdout.write(f"  {path}: {count}")
        # Steady state: no worker recycling in the middle of a measurement.
        env = {**os.environ, "GUNICORN_MAX_REQUESTS": "0"}
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            (folder / "static").mkdir()
            (folder / "media").mkdir()
            servers = {"site": Gunicorn(env, folder, workers, name="site")}
            servers["uncached"] = Gunicorn(
                {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}, folder, workers, name="uncached"
            )
            nginx = None
            try:
                rss_at_start = self.rss(servers)
                page = body(servers["site"].url + coo_url)
                (folder / "static" / "page.html").write_bytes(page)
                (folder / "page.html").write_bytes(page)
                servers["floor"] = Gunicorn(
                    {**env, "BENCH_FLOOR_PAGE": str(folder / "page.html")},
                    folder,
                    workers,
                    app="bench.floor:application",
                    name="floor",
                )
                nginx, nginx_url = start_nginx(folder, f"127.0.0.1:{servers['site'].port}")
                urls = {name: server.url for name, server in servers.items()}
                urls["nginx"] = nginx_url
                rows = selected(self.rows(coo_url, profile, generated, len(page)), only)
                self.check_sizes(urls["site"], coo_url, generated[:20])
                results = self.measure(urls, rows, seconds, rounds, connections, workers)
                rss_after = self.rss(servers)
            finally:
                if nginx:
                    stop(nginx)
                for server in servers.values():
                    server.stop()
        self.report(rows, results)
        self.report_memory(rss_at_start, rss_after)

    def rows(self, coo, profile, generated, page_bytes):
        """(name, server, path, paths, latency row): paths, if any, are requested at random."""
        return [
            (f"bare floor: Django, 2 middlewares, {page_bytes:,} bytes", "floor", "/", (), False),
            ("/livez, through the site's middleware", "site", "/livez", (), False),
            ("COO profile, page cache", "site", coo, (), False),
            ("generated profile, page cache", "site", profile, (), False),
            ("list, page cache", "site", "/metiers/", (), False),
            ("home, page cache", "site", "/", (), False),
            ("COO profile, uncached", "uncached", coo, (), True),
            (
                f"profiles, uncached ({len(generated):,} different)",
                "uncached",
                "/",
                generated,
                True,
            ),
            ("list, uncached", "uncached", "/metiers/", (), True),
            ("search, a word in every profile, uncached", "uncached", BROAD_SEARCH, (), True),
            ("search, synonyms, uncached", "uncached", SYNONYM_SEARCH, (), True),
            ("search, typo (close titles proposed), uncached", "uncached", TYPO_SEARCH, (), True),
            ("suggestions, page cache", "site", SUGGESTIONS, (), True),
            ("suggestions, uncached", "uncached", SUGGESTIONS, (), True),
            ("nginx micro-cache: COO profile", "nginx", coo, (), False),
            ("nginx micro-cache: list", "nginx", "/metiers/", (), False),
            (
                f"nginx: static file of {page_bytes:,} bytes",
                "nginx",
                "/static/page.html",
                (),
                False,
            ),
        ]

    def check_sizes(self, base_url, coo, profiles):
        """Fail unless generated profile pages weigh the COO page's bytes, give or take 25 %."""
        coo_bytes = len(body(base_url + coo))
        sizes = [len(body(base_url + path)) for path in profiles]
        self.stdout.write(
            f"COO page {coo_bytes:,} bytes; {len(sizes)} generated profile pages "
            f"{min(sizes):,} to {max(sizes):,} bytes"
        )
        outside = [size for size in sizes if abs(size - coo_bytes) > SIZE_TOLERANCE * coo_bytes]
        if outside:
            raise CommandError(
                f"{len(outside)} fiches générées s’écartent de plus de 25 % des "
                f"{coo_bytes} octets de la fiche COO : {outside[:5]}."
            )

    def rss(self, servers):
        return {
            name: [rss_kib(pid) for pid in servers[name].worker_pids()]
            for name in ("site", "uncached")
        }

    def measure(self, urls, rows, seconds, rounds, connections, workers):
        results = {name: {"load": [], "latency": []} for name, *_ in rows}
        self.bytes = {}
        for name, server, path, paths, _ in rows:
            self.bytes[name] = len(body(urls[server] + (paths[0] if paths else path)))
            wrk(urls[server] + path, 1, 2, paths=paths, timeout=TIMEOUT)  # warm up
        for _ in range(rounds):
            for name, server, path, paths, latency_row in rows:
                url = urls[server] + path
                load = wrk(url, seconds, connections, paths=paths, timeout=TIMEOUT)
                results[name]["load"].append(load)
                if latency_row:  # one request at a time: the time a visitor waits
                    drain(load, connections, workers)
                    single = wrk(url, seconds, 1, paths=paths, timeout=TIMEOUT)
                    results[name]["latency"].append(single)
        return results

    def report(self, rows, results):
        def median(runs, key):
            return statistics.median(run[key] for run in runs)

        def ms(runs, key):
            """A latency percentile, or a dash when no request was answered in time."""
            answered = [run for run in runs if run["requests"]]
            return f"{median(answered, key) / 1000:.1f}" if answered else "—"

        floor = median(results[rows[0][0]]["load"], "rps")
        livez = median(results[rows[1][0]]["load"], "rps")
        self.stdout.write(
            "| Row | bytes | req/s | ÷ floor | ÷ /livez | p50 ms | p95 ms "
            "| p95 ms, 1 connection | errors |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        )
        for name, *_ in rows:
            load, latency = results[name]["load"], results[name]["latency"]
            rps = median(load, "rps")
            single = ms(latency, "p95_us") if latency else ""
            errors = sum(sum(run["errors"].values()) for run in load + latency)
            self.stdout.write(
                f"| {name} | {self.bytes[name]:,} | {rps:,.0f} | {rps / floor:.3f} "
                f"| {rps / livez:.2f} | {ms(load, 'p50_us')} | {ms(load, 'p95_us')} "
                f"| {single} | {errors} |"
            )

    def report_memory(self, at_start, after):
        self.stdout.write("Worker memory (VmRSS, MiB), after start → after the benchmark:")
        for name in at_start:
            for before, now in zip(at_start[name], after[name], strict=False):
                growth = now / before - 1
                status = "within 20 %" if growth <= 0.2 else "OVER 20 %"
                self.stdout.write(
                    f"  {name} worker: {before / 1024:.0f} → {now / 1024:.0f} "
                    f"({growth:+.0%}, {status})"
                )
