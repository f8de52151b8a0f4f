"""Measure the public pages against a minimal Django view, all served by the same gunicorn."""

import os
import platform
import statistics
import tempfile
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from jobprofiles.models import JobProfile
from tests.deploy.servers import Gunicorn, wrk

MANY_PROFILES = 2000


def signed_in_cookie():
    """The cookie of a signed-in editor, for whom the page cache steps aside."""
    user, _ = get_user_model().objects.get_or_create(
        username="benchmark", defaults={"is_staff": True}
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session.create()
    return f"Cookie: {settings.SESSION_COOKIE_NAME}={session.session_key}"


def spellings(word, count):
    """count ways of writing word, by case and trailing dots, that all search for the same word.

    Each is a search of its own to the caches, so none finds the matches of another.
    """
    casings = [
        "".join(char.upper() if mask >> at & 1 else char for at, char in enumerate(word))
        for mask in range(2 ** len(word))
    ]
    return [casings[n % len(casings)] + "." * (n // len(casings)) for n in range(count)]


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


class Command(BaseCommand):
    help = (
        "Sert le site avec gunicorn (gunicorn.conf.py) sur 127.0.0.1 et mesure avec wrk, en "
        "alternance, une vue Django minimale et les pages fiche, liste et recherche."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=5, help="Durée de chaque mesure.")
        parser.add_argument("--rounds", type=int, default=3, help="Nombre de tours.")
        parser.add_argument("--connections", type=int, default=16, help="Connexions wrk.")
        parser.add_argument("--workers", type=int, default=2, help="Workers gunicorn.")

    def handle(self, *args, seconds, rounds, connections, workers, **options):
        profile = JobProfile.objects.published().order_by("pk").first()
        if profile is None:
            raise CommandError("Aucune fiche publiée : lancez d’abord generate_catalogue.")
        # Requests to many profiles, each rarely asked twice: their bodies are seldom cached.
        many_profiles = [
            f"/metiers/{slug}/"
            for slug in JobProfile.objects.published()
            .order_by("?")
            .values_list("slug", flat=True)[:MANY_PROFILES]
        ]
        uncached = (signed_in_cookie(),)
        new_searches = [
            f"/metiers/?q={spelling}" for spelling in spellings("gestion", MANY_PROFILES)
        ]
        pages = {
            "minimal view (/livez)": ("/livez", (), ()),
            "profile, cached": (profile.get_absolute_url(), (), ()),
            "profile, uncached, body cached": (profile.get_absolute_url(), uncached, ()),
            f"profile, uncached, body not cached ({len(many_profiles):,} profiles)": (
                "/",
                uncached,
                many_profiles,
            ),
            "list, cached": ("/metiers/", (), ()),
            "list, uncached, matches cached": ("/metiers/", uncached, ()),
            # "gestion" is in nearly every synthetic profile: the worst case, every row ranked.
            "search, cached": ("/metiers/?q=gestion", (), ()),
            "search, uncached, matches cached": ("/metiers/?q=gestion", uncached, ()),
            "search (1 profile in 8), uncached, matches cached": (
                "/metiers/?q=logistique",
                uncached,
                (),
            ),
            # The same search written a new way each time: its matches are never cached.
            "search, nothing cached": ("/", uncached, new_searches),
        }
        self.stdout.write(f"Machine: {machine()}")
        self.stdout.write(
            f"{JobProfile.objects.count()} profiles on {connection.vendor}, "
            f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, "
            f"{workers} gunicorn workers, wrk 1 thread {connections} connections, "
            f"{rounds} rounds of {seconds} s per page"
        )
        # Steady state: no worker recycling in the middle of a measurement.
        env = {**os.environ, "GUNICORN_MAX_REQUESTS": "0"}
        with tempfile.TemporaryDirectory() as log_dir:
            server = Gunicorn(env, log_dir, workers=workers)
            try:
                results = self.measure(server.url, pages, seconds, rounds, connections)
            finally:
                server.stop()
        self.report(results)

    def measure(self, base_url, pages, seconds, rounds, connections):
        results = {name: [] for name in pages}
        for path, headers, paths in pages.values():
            if not paths:
                wrk(base_url + path, 1, 2, headers)  # warm up: caches, connections
        for _ in range(rounds):
            for name, (path, headers, paths) in pages.items():
                results[name].append(wrk(base_url + path, seconds, connections, headers, paths))
        return results

    def report(self, results):
        baseline = statistics.median(run["rps"] for run in results["minimal view (/livez)"])
        self.stdout.write(
            "| Page | req/s | p50 ms | p95 ms | p99 ms | errors | ratio to minimal |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
        )
        for name, runs in results.items():
            rps = statistics.median(run["rps"] for run in runs)
            p50, p95, p99 = (
                statistics.median(run[key] for run in runs) / 1000
                for key in ("p50_us", "p95_us", "p99_us")
            )
            errors = sum(sum(run["errors"].values()) for run in runs)
            self.stdout.write(
                f"| {name} | {rps:,.0f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {errors} "
                f"| {rps / baseline:.2f} |"
            )
