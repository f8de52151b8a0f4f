"""Lighthouse scores of every public page type: 100 in the four categories, phone and desktop.

The seed site runs as in production (gunicorn, debug off, whitenoise serving the hashed,
compressed static files) and tests/browser/lighthouse.mjs audits all the pages in one
Chromium, with Lighthouse's mobile settings at 375 px and its desktop preset at 1280 px.

Performance is measured so that it scores the page, not the machine's load:
- `simulate` throttling: Lighthouse records one unthrottled load and computes the metrics
  from the page's request graph over the preset's network (slow 4G on mobile, 40 ms RTT
  on desktop). Transfer sizes, request chains and render-blocking resources count; the
  time loopback and a busy scheduler happened to take does not.
- A CPU slowdown of 1 on mobile instead of 4: the 4x multiplier is calibrated for a fast
  desktop host; on a shared 2-core machine it would multiply the neighbours' load fourfold.
  Main-thread work is still measured as observed.
- The best of up to three loads for performance: another process's load only ever slows a
  run down, so a page that is really too slow fails all three.
- `provided` (no throttling) was tried and rejected: desktop first paint then varied from
  0.5 s to 1.1 s with the machine's load alone.

Some pages lose points by design, and must lose exactly those (EXPECTED_LOSSES).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM
from tests.deploy.servers import Gunicorn, prepare_site

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AUDIT_SCRIPT = Path(__file__).with_name("lighthouse.mjs")
LIGHTHOUSE = PROJECT_ROOT / "node_modules" / "lighthouse"

COO_PATH = "/metiers/chief-operations-officer-coo/"
SEARCH_PATH = "/metiers/?q=vente"
COMPARE_PATH = "/metiers/comparer/?a=account-executive&b=inside-sales"
NOT_FOUND_PATH = "/metiers/introuvable/"
PAGE_TYPES = [
    "/",
    "/metiers/",
    SEARCH_PATH,
    "/metiers/?famille=ventes",
    COO_PATH,
    "/metiers/account-executive/",
    COMPARE_PATH,
    NOT_FOUND_PATH,
    "/accessibilite/",
]
FORM_FACTORS = ["mobile", "desktop"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]

# Audits failed on purpose: search results and comparisons of any two slugs are kept out of
# search engines (noindex, and robots.txt for searches), and a 404 must answer 404, which
# Chrome also logs as a failed load in the console.
EXPECTED_LOSSES = {
    SEARCH_PATH: {"seo": {"is-crawlable"}},
    COMPARE_PATH: {"seo": {"is-crawlable"}},
    NOT_FOUND_PATH: {
        "seo": {"is-crawlable", "http-status-code"},
        "best-practices": {"errors-in-console"},
    },
}


def require_lighthouse():
    """Node and the npm packages; a skip where they are missing, a failure in CI."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium ({CHROMIUM}) : installez le paquet Debian « chromium »")
    if not shutil.which("node"):
        missing.append("Node.js : installez le paquet Debian « nodejs »")
    if not LIGHTHOUSE.exists():
        missing.append("Lighthouse : lancez « npm ci » à la racine du projet")
    if missing:
        message = "Introuvable : " + " ; ".join(missing)
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Lighthouse's report for each (page, form factor), from one run over every page."""
    require_lighthouse()
    folder = tmp_path_factory.mktemp("lighthouse-site")
    server = Gunicorn(prepare_site(folder, DJANGO_SERVE_MEDIA="1"), folder)
    try:
        result = subprocess.run(
            ["node", AUDIT_SCRIPT, *(server.url + path for path in PAGE_TYPES)],
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        server.stop()
    return {
        (report["url"].removeprefix(server.url), report["formFactor"]): report
        for report in json.loads(result.stdout)
    }


def describe(failing):
    """Each failing audit's id and title, with the first elements it found at fault."""
    lines = []
    for audit in failing:
        lines.append(
            f"  {audit['id']} — {audit['title']} ({audit.get('displayValue') or audit['score']})"
        )
        lines += [f"      {json.dumps(item, ensure_ascii=False)[:300]}" for item in audit["items"]]
    return "\n".join(lines)


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("path", PAGE_TYPES)
def test_page_scores_100_in_every_lighthouse_category(reports, path, form_factor):
    report = reports[path, form_factor]
    assert report["runtimeError"] is None, report["runtimeError"]

    problems = []
    for category in CATEGORIES:
        failing = report["failing"][category]
        expected = EXPECTED_LOSSES.get(path, {}).get(category)
        score = round(report["scores"][category] * 100)
        # Where points are lost by design, exactly those audits fail; elsewhere, 100.
        lost = {audit["id"] for audit in failing}
        if (lost != expected) if expected else (score != 100):
            problems.append(f"{category} : {score}/100\n{describe(failing)}")
    assert not problems, f"{path} ({form_factor})\n" + "\n".join(problems)
