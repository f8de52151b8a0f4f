import re
import time
from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from core.cache import PAGE_KIND, RecentPages, bump_content_version, cache_key
from jobprofiles.models import JobProfile, RelatedProfile
from tests.helpers import without_nonces
from tests.jobprofiles.admin_forms import change_form_data

from .conftest import COO_URL, save_alternative_title_in_admin
from .counting_middleware import reached

LIST_URL = "/metiers/"


def queries_to_serve(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


@pytest.mark.parametrize("url", [COO_URL, LIST_URL])
def test_anonymous_visitors_get_the_page_from_the_cache(client, coo, url):
    first, first_queries = queries_to_serve(client, url)
    second, second_queries = queries_to_serve(client, url)

    assert first_queries > 0
    assert second_queries == 0
    assert second.status_code == 200
    assert without_nonces(second.content) == without_nonces(first.content)
    assert second["Vary"].startswith("Cookie")


def test_an_editor_saving_a_profile_in_the_admin_shows_on_the_next_anonymous_request(
    client, admin_client, coo, django_capture_on_commit_callbacks
):
    assert "Directeur des Opérations" in client.get(COO_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = save_alternative_title_in_admin(admin_client, coo, "Directrice des opérations")

    assert response.status_code == 302
    assert "Directrice des opérations" in client.get(COO_URL).content.decode()


def rename_family(coo):
    coo.family.name = "Exploitation"
    coo.family.save()


def edit_mission(coo):
    mission = coo.missions.first()
    mission.body = "Nouveau texte."
    mission.save()


def delete_related_link(coo):
    coo.related_links.first().delete()


def tag_profile(coo):
    coo.tags.add("stratégie")


def unpublish_related_profile(coo):
    related = RelatedProfile.objects.filter(from_profile=coo).first().to_profile
    related.status = JobProfile.Status.DRAFT
    related.save()


def add_competence(coo):
    coo.competences.create(body="Sens du service.", position=99)


CHANGES = [
    rename_family,
    edit_mission,
    delete_related_link,
    tag_profile,
    unpublish_related_profile,
    add_competence,
]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("url", [COO_URL, LIST_URL])
def test_any_content_change_renders_the_page_afresh(
    client, coo, django_capture_on_commit_callbacks, change, url
):
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        change(coo)

    _, queries = queries_to_serve(client, url)
    assert queries > 0


def test_a_link_with_tracking_parameters_reads_the_stored_profile_page(client, coo):
    """Such a link is a page of its own to the page cache: the profile's row holds its body."""
    client.get(COO_URL)  # makes the image renditions, which take queries of their own once
    first, first_queries = queries_to_serve(client, COO_URL + "?utm_source=lettre")
    second, second_queries = queries_to_serve(client, COO_URL + "?utm_source=reseau")

    assert (first_queries, second_queries) == (1, 1), "only the profile, with its stored page"
    assert without_nonces(second.content) == without_nonces(first.content)


def test_a_body_that_ranks_the_catalogue_is_kept_in_the_cache(client, coo):
    """Editors chose no related role for the Account Executive: the closest roles fill its
    cards, ranked once per content version."""
    url = JobProfile.objects.get(slug="account-executive").get_absolute_url()
    client.get(url)  # makes the image renditions, which take queries of their own once
    bump_content_version()
    first, first_queries = queries_to_serve(client, url + "?utm_source=lettre")
    second, second_queries = queries_to_serve(client, url + "?utm_source=reseau")

    assert first_queries > 1
    assert second_queries == 1, "only the profile itself: sections, tags and cards are cached"
    assert without_nonces(second.content) == without_nonces(first.content)


def test_an_editor_sees_their_change_at_once(admin_client, coo, django_capture_on_commit_callbacks):
    admin_client.get(COO_URL)
    change_url = reverse("admin:jobprofiles_jobprofile_change", args=[coo.pk])
    data = change_form_data(admin_client.get(change_url))
    data["missions-0-body"] = "<p>Piloter la <strong>nouvelle</strong> organisation.</p>"

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(change_url, data).status_code == 302

    page = admin_client.get(COO_URL)
    assert "Piloter la <strong>nouvelle</strong> organisation." in page.content.decode()


@pytest.mark.parametrize("change", CHANGES)
def test_any_content_change_shows_on_the_profile_page_at_once(
    client, coo, django_capture_on_commit_callbacks, change
):
    """Links with tracking parameters skip the page cache: the stored page must follow."""
    before = client.get(COO_URL + "?utm_source=lettre").content

    with django_capture_on_commit_callbacks(execute=True):
        change(coo)

    after = client.get(COO_URL + "?utm_source=reseau").content
    assert without_nonces(after) != without_nonces(before)


def test_a_preview_never_shows_a_cached_body(admin_client, coo):
    admin_client.get(COO_URL)
    coo.missions.update(body="<p>Texte modifié sans passer par le site.</p>")

    preview = admin_client.get(reverse("jobprofiles:preview", args=[coo.pk]))
    public = admin_client.get(COO_URL)

    assert "Texte modifié sans passer par le site." in preview.content.decode()
    assert "Texte modifié sans passer par le site." not in public.content.decode()


def publish(family, title, summary, published_at=None):
    JobProfile.objects.create(
        title=title,
        slug=slugify(title),
        summary=summary,
        family=family,
        status=JobProfile.Status.PUBLISHED,
        published_at=published_at or timezone.now(),
    )


def test_a_profile_scheduled_a_moment_ahead_shows_on_cached_pages_when_its_time_comes(
    client, coo, django_capture_on_commit_callbacks
):
    urls = ["/", LIST_URL, LIST_URL + "?q=cartographe"]
    publication = timezone.now() + timedelta(seconds=2)
    with django_capture_on_commit_callbacks(execute=True):
        publish(coo.family, "Cartographe", "Dresse la carte des processus.", publication)
    before = [client.get(url).content.decode() for url in urls]

    time.sleep((publication - timezone.now()).total_seconds() + 1.2)
    after = [client.get(url).content.decode() for url in urls]

    assert ["Cartographe" in page for page in before] == [False] * 3
    assert ["Cartographe" in page for page in after] == [True] * 3


def searched(queries):
    """The queries that match profiles against a search (not those quoting the page's excerpts)."""
    return [
        query["sql"]
        for query in queries
        if "search_vector" in query["sql"] or "search_text" in query["sql"]
    ]


def test_another_family_of_the_same_search_does_not_count_again(client, coo):
    """The family counts are kept for the content version: only the page is ranked."""
    assert client.get(LIST_URL + "?q=operations").status_code == 200

    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL + f"?q=operations&famille={coo.family.slug}")

    assert coo.title in response.content.decode()
    (page,) = searched(queries)
    assert " LIMIT " in page


def test_a_search_finds_a_profile_published_since_it_last_ran(
    client, coo, django_capture_on_commit_callbacks
):
    client.get(LIST_URL + "?q=cartographie")

    with django_capture_on_commit_callbacks(execute=True):
        publish(coo.family, "Cartographe", "Dresse la cartographie des processus.")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL + f"?q=cartographie&famille={coo.family.slug}")
    assert "Cartographe" in response.content.decode()
    assert searched(queries) != []


def session_of(user, expired=False):
    """The key of a session signed in as user, expired if asked."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store.create()
    if expired:
        Session.objects.filter(session_key=store.session_key).update(
            expire_date=timezone.now() - timedelta(days=1)
        )
    return store.session_key


@pytest.mark.parametrize("expired", [False, True], ids=["made-up", "expired"])
@pytest.mark.parametrize("url", [COO_URL, LIST_URL])
def test_a_made_up_or_expired_session_cookie_gets_the_cached_page(
    client, coo, admin_user, url, expired
):
    anonymous = client.get(url)
    client.cookies[settings.SESSION_COOKIE_NAME] = (
        session_of(admin_user, expired=True) if expired else "made-up-session-key-1234"
    )

    response, queries = queries_to_serve(client, url)

    assert queries == 1, "only the session looked up, the page read from the cache"
    assert response["ETag"] == anonymous["ETag"]
    assert without_nonces(response.content) == without_nonces(anonymous.content)


def test_logged_in_editors_neither_read_nor_write_the_anonymous_cache(client, admin_client, coo):
    _, editor_queries = queries_to_serve(admin_client, COO_URL)
    _, anonymous_queries = queries_to_serve(client, COO_URL)
    editor, editor_queries_again = queries_to_serve(admin_client, COO_URL)

    assert editor_queries > 0
    assert anonymous_queries > 0, "the editor's page must not have been cached"
    assert editor_queries_again > 0, "the editor must not be served the anonymous page"
    assert "private" in editor["Cache-Control"]


@pytest.mark.parametrize("url", [COO_URL, LIST_URL])
def test_a_page_unchanged_since_the_last_visit_answers_304(client, coo, url):
    first = client.get(url)

    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]


def test_a_page_not_matching_the_if_match_etag_answers_412(client, coo):
    client.get(COO_URL)

    response = client.get(COO_URL, headers={"If-Match": 'W/"another-version"'})

    assert response.status_code == 412


def test_a_changed_page_answers_200_to_its_old_etag(
    client, coo, django_capture_on_commit_callbacks
):
    first = client.get(COO_URL)
    with django_capture_on_commit_callbacks(execute=True):
        rename_family(coo)

    response = client.get(COO_URL, headers={"If-None-Match": first["ETag"]})

    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]


def test_a_page_the_worker_served_lately_outlives_its_copy_in_the_shared_cache(client, coo):
    """Redis may evict pages it is short of memory for: the worker still has its own."""
    first = client.get(COO_URL)
    cache.delete(cache_key(PAGE_KIND, COO_URL))

    response, queries = queries_to_serve(client, COO_URL)

    assert queries == 0
    assert response["ETag"] == first["ETag"]


def test_a_worker_keeps_only_the_pages_it_served_most_recently():
    recent = RecentPages(size=2)
    for path in ("/a/", "/b/"):
        recent.keep(path, {"path": path})

    recent.get("/a/")
    recent.keep("/c/", {"path": "/c/"})

    assert (recent.get("/a/"), recent.get("/b/")) == ({"path": "/a/"}, None)
    assert recent.get("/c/") == {"path": "/c/"}


def test_missing_pages_are_not_cached(client, coo, django_capture_on_commit_callbacks):
    url = "/metiers/chef-de-projet/"
    assert client.get(url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        publish(coo.family, "Chef de projet", "Pilote des projets.")

    assert client.get(url).status_code == 200


@pytest.mark.urls("tests.core.nonce_urls")
def test_a_cached_page_carries_the_nonce_of_its_own_response(client, db):
    pages = [client.get("/nonce/") for _ in range(2)]

    nonces = []
    for page in pages:
        in_page = re.search(r'nonce="([^"]+)"', page.content.decode()).group(1)
        assert f"'nonce-{in_page}'" in page["Content-Security-Policy"]
        nonces.append(in_page)
    assert nonces[0] != nonces[1]


def test_with_page_caching_off_as_in_debug_every_request_renders(client, coo, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(COO_URL)

    response, queries = queries_to_serve(client, COO_URL)

    assert response.status_code == 200
    assert queries > 0


# The headers of a cached page as served before the page cache moved in front of the
# middleware, over HTTPS with the production security settings (but the language, since the
# site stopped negotiating one).
CACHED_PAGE_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "Vary": "Cookie",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
CSP = (
    "object-src 'none'; connect-src 'self'; script-src 'self'{nonce}; default-src 'self'; "
    "base-uri 'self'; frame-ancestors 'none'; img-src 'self'; font-src 'self'; "
    "style-src 'self'; form-action 'self'"
)


def directives(policy):
    """A CSP header's directives, in no particular order (django-csp's varies)."""
    return sorted(directive.strip() for directive in policy.split(";"))


@pytest.mark.parametrize(("url", "uses_nonce"), [(COO_URL, True), (LIST_URL, False), ("/", False)])
def test_a_page_from_the_cache_carries_every_header_of_a_rendered_one(
    client, coo, settings, url, uses_nonce
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    rendered = client.get(url, secure=True)
    cached = client.get(url, secure=True)

    for response in (rendered, cached):
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode())
        assert bool(nonce) == uses_nonce
        expected = {
            **CACHED_PAGE_HEADERS,
            "Content-Security-Policy": directives(
                CSP.format(nonce=f" 'nonce-{nonce.group(1)}'" if nonce else "")
            ),
            "Content-Length": str(len(response.content)),
            "Cache-Control": "public, max-age=0, s-maxage=3",
            "ETag": rendered["ETag"],
            "Last-Modified": rendered["Last-Modified"],
            "X-Request-ID": response["X-Request-ID"],
        }
        headers = dict(response.headers)
        headers["Content-Security-Policy"] = directives(headers["Content-Security-Policy"])
        assert headers == expected
    assert rendered["X-Request-ID"] != cached["X-Request-ID"]


def test_a_page_from_the_cache_is_answered_before_sessions_csrf_auth_and_csp(client, coo, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "tests.core.counting_middleware.CountingMiddleware",
    ]
    reached.clear()
    client.get(LIST_URL)
    client.get(LIST_URL)
    client.get("/accessibilite/")

    assert reached == [LIST_URL, "/accessibilite/"], "the cached list never went past the cache"
    order = settings.MIDDLEWARE.index
    page_cache = order("core.cache.PageCacheMiddleware")
    assert order("django.middleware.security.SecurityMiddleware") < page_cache
    for behind in (
        "csp.middleware.CSPMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ):
        assert order(behind) > page_cache


def test_a_page_is_the_same_french_page_whatever_language_the_browser_asks(client, coo):
    """A shared cache (nginx) must keep one copy of a page for everyone, not one per
    Accept-Language header: the site speaks French only."""
    english = client.get(COO_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    german = client.get(COO_URL, HTTP_ACCEPT_LANGUAGE="de-DE")

    for response in (english, german):
        assert "Accept-Language" not in response["Vary"]
        assert '<html lang="fr">' in response.content.decode()
        assert "Mis à jour le" in response.content.decode()
    assert german["ETag"] == english["ETag"]
