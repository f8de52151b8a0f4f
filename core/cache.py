"""Public pages served from the cache to anonymous visitors.

Every cached page is stamped with the content version it was rendered at: the time of
the last change to any published content. Changing a profile, a section, a tag, a family
or a related link moves the version on (see signals.py), so the next request finds a
stale stamp and renders afresh. The version and the page come in one cache round trip;
for a page this process served lately, kept in its own memory, only the version is read.
Editors signed in bypass the cache both ways: they never read a cached page and never
write one; a made-up or expired session cookie gets the cached page like anyone else.
Parts of pages that are the same for everyone (a profile's body) are kept under the same
version by cached_for_content_version.
"""

import base64
import hashlib
import math
import os
import time
from collections import OrderedDict
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from jobprofiles.models import JobProfile

from .metrics import page_cache_lookups, record_response
from .middleware import request_id_for

VERSION_KEY = "content-version"


def now_in_microseconds():
    return time.time_ns() // 1000


def content_version():
    """The time of the last content change, in microseconds (now, if the cache lost it).

    None when the cache does not answer: nothing can be cached or trusted then.
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, now_in_microseconds(), timeout=seconds_until_next_change())
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    cache.set(VERSION_KEY, now_in_microseconds(), timeout=seconds_until_next_change())


def seconds_until_next_change():
    """How long the version holds: until the next scheduled publication, if any.

    A profile scheduled for 10:00 changes the home page, the list and searches at 10:00
    without anyone saving anything: the version expires then, and the next request starts
    a new one, so no page cached before 10:00 is served after it.
    """
    upcoming = JobProfile.objects.next_scheduled_change()
    if upcoming is None:
        return None
    return max(1, math.ceil((upcoming - timezone.now()).total_seconds()))


def cache_key(kind, identity):
    """A short, safe cache key for any text identifying an entry (a URL, a search...)."""
    return f"{kind}:{hashlib.md5(identity.encode(), usedforsecurity=False).hexdigest()}"


def read_current(key):
    """The content version, and the entry under key if it was made at that version.

    Both come in one cache round trip; entries are dicts holding their "version".
    """
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or content_version()
    return version, current(found.get(key), version)


def current(entry, version):
    """The entry if it was made at the content version, else None."""
    return entry if entry is not None and entry["version"] == version else None


def cached_for_content_version(kind, identity, make):
    """make()'s result, made once per content version, like the pages themselves."""
    if not settings.PAGE_CACHE_SECONDS:
        return make()
    key = cache_key(kind, identity)
    version, entry = read_current(key)
    if version is None:
        return make()
    if entry is None:
        entry = {"version": version, "value": make()}
        cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    return entry["value"]


def signed_in(request):
    """Whether the request carries the session of someone signed in.

    Only a session the store knows counts, so a made-up or expired session cookie cannot
    make every request render from the database.
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    session = getattr(request, "session", None)
    if session is None:
        session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        return SESSION_KEY in session
    except DatabaseError:  # the database is away: serve the cached page, read-only anyway
        return False


def is_public_page(request):
    """Whether the request asks for a page marked with cache_public_page.

    The URL's match is kept on the request, as Django's handler would: what reports on
    requests (metrics, logs) names the view of a page answered from the cache too.
    """
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    try:
        request.resolver_match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(request.resolver_match.func, "public_page", False)


def cache_public_page(view):
    """Mark the view's pages as the same for every anonymous visitor: PageCacheMiddleware
    serves them from the cache."""
    view.public_page = True
    return view


def private(response):
    """A response that no shared cache may keep."""
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


# Set on the way out by the page cache itself, or by the middleware in front of it.
OWN_HEADERS = {"cache-control", "vary", "etag", "last-modified", "content-length"}
# The request headers that can make a kept page answer 304 or 412 instead of itself.
CONDITIONAL_HEADERS = {
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
}
# Kept pages' cache keys say the shape of the entry: a release that changes it never
# reads the entries of the one before.
PAGE_KIND = "page-v2"
# How many pages each process keeps in its own memory, the most recently served.
RECENT_PAGES_MAX = 256


def page_to_keep(version, request, response):
    """What the cache keeps of a rendered page: its body and every header it is served
    with but Content-Length, the ones the middleware behind the cache added (CSP, frame
    options, language) and the page cache's own. None when not cacheable."""
    private_response = "private" in response.get("Cache-Control", "")
    if response.status_code != 200 or response.cookies or response.streaming or private_response:
        return None
    modified = version // 1_000_000
    etag = f'W/"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    kept = HttpResponse(
        headers={name: value for name, value in response.items() if name.lower() not in OWN_HEADERS}
    )
    kept["ETag"] = etag
    kept["Last-Modified"] = http_date(modified)
    # Browsers revalidate every time (304); a shared cache in front (nginx) may keep the
    # page for a few seconds, so visitors see a change at most that late.
    patch_cache_control(kept, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SHARED_SECONDS)
    kept["Vary"] = "Cookie"
    patch_vary_headers(
        kept, [value.strip() for value in response.get("Vary", "").split(",") if value]
    )
    return {
        "version": version,
        "content": response.content,
        # As ResponseHeaders holds them: by lowercase name, each with its spelling.
        "headers": dict(kept.headers._store),
        "etag": etag,
        "modified": modified,
        # A CSP nonce written into the page and its header, swapped for a new one each time.
        "nonce": getattr(request, "_csp_nonce", None),
    }


def new_nonce():
    return base64.b64encode(os.urandom(16)).decode("ascii")


def content_with_nonce(page, nonce):
    """The kept page's bytes, the CSP nonce written in them swapped for nonce, if any."""
    if not nonce:
        return page["content"]
    return page["content"].replace(page["nonce"].encode(), nonce.encode())


def serve_kept_page(request, page, nonce):
    """The kept page as a response of its own, its CSP nonce swapped for nonce.

    Everything but the nonce was worked out when the page was kept: a hit only swaps it.
    The headers were checked then too, so they go into the response as they are, instead
    of HttpResponse checking each again on every hit.
    """
    content, headers = content_with_nonce(page, nonce), page["headers"]
    if nonce:
        old = page["nonce"]
        headers = {key: (name, value.replace(old, nonce)) for key, (name, value) in headers.items()}
    response = HttpResponse(content)
    response.headers._store.update(headers)
    response.headers._store["content-length"] = ("Content-Length", str(len(content)))
    if CONDITIONAL_HEADERS.isdisjoint(request.META):
        return response
    return get_conditional_response(
        request, etag=page["etag"], last_modified=page["modified"], response=response
    )


class RecentPages:
    """The pages this process served last, by full path (or any key), least recent out first.

    A page found here costs one small read of the shared cache (the content version, to
    know the page is current) instead of the whole page, and no URL resolving. Bounded:
    the least recently served page goes first.
    """

    def __init__(self, size=RECENT_PAGES_MAX):
        self.size = size
        self.entries = OrderedDict()

    def get(self, key):
        try:
            self.entries.move_to_end(key)
        except KeyError:  # not kept, or just let go by another thread
            return None
        return self.entries.get(key)

    def keep(self, key, value):
        self.entries[key] = value
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)


recent_pages = RecentPages()
hits, misses = page_cache_lookups.labels("hit"), page_cache_lookups.labels("miss")
# Where PageCacheMiddleware leaves, in the WSGI environ, the kept page it served: its view,
# the page and the nonce it was served with, for PageCacheFront to answer again.
SERVED_PAGE = "careers.served_page"


def current_version():
    """The content version in one small read of the cache; None if the cache is away."""
    return cache.get(VERSION_KEY) or content_version()


class PageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache, before the rest of the stack.

    Placed right after the request id and security middleware: a page found in the cache
    costs no session, CSRF, authentication, messages or CSP work. The headers those add
    are kept with the page and replayed, with a fresh CSP nonce in the page and its header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
            return self.get_response(request)
        path = request.get_full_path()
        recent = recent_pages.get(path)
        if recent is not None:
            request.resolver_match, page = recent
        elif not is_public_page(request):
            return self.get_response(request)
        if signed_in(request):
            return private(self.get_response(request))
        key = cache_key(PAGE_KIND, path)
        if recent is None:
            version, page = read_current(key)
        else:
            version = current_version()
        if version is None:
            return private(self.get_response(request))
        if page is not None and page["version"] != version:  # content changed since
            page = current(cache.get(key), version)
        if page is None:
            misses.inc()
            response = self.get_response(request)
            page = page_to_keep(version, request, response)
            if page is None:
                patch_vary_headers(response, ["Cookie"])
                return response
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        else:
            hits.inc()
        if recent is None or recent[1] is not page:
            recent_pages.keep(path, (request.resolver_match, page))
        nonce = new_nonce() if page["nonce"] else None
        request.META[SERVED_PAGE] = (request.resolver_match.view_name, page, nonce)
        return serve_kept_page(request, page, nonce)


class Replay:
    """A response PageCacheMiddleware gave, as it went out: status, every header, the page."""

    def __init__(self, view, page, nonce, status, headers):
        self.view, self.page, self.nonce = view, page, nonce
        self.status, self.headers = status, headers

    def again(self, environ):
        """The same response, with the request's own request id and a new CSP nonce."""
        nonce = new_nonce() if self.nonce else None
        content = content_with_nonce(self.page, nonce)
        headers = []
        for name, value in self.headers:
            lowered = name.lower()
            if lowered == "x-request-id":
                value = request_id_for(environ)
            elif lowered == "content-length":
                value = str(len(content))
            elif nonce:
                value = value.replace(self.nonce, nonce)
            headers.append((name, value))
        return headers, content


class PageCacheFront:
    """Answer a page this process served lately from the cache again, before Django runs.

    The WSGI application around Django's. When PageCacheMiddleware serves a kept page, the
    response that leaves Django, with every header the middleware above the cache added
    (request id, security), is kept here. A plain anonymous GET of the same URL, over the
    same scheme, while the page is current, gets it again with its own request id and a
    new CSP nonce, and is counted in the metrics: no request object, no middleware, no
    request signals. Anything else goes to Django, which decides as before: other methods,
    conditional requests (304), a session cookie (maybe someone signed in) and the API,
    whose answers depend on each request (rate limit, CORS).
    """

    def __init__(self, application):
        self.application = application
        self.replays = RecentPages()

    def __call__(self, environ, start_response):
        start = time.perf_counter()
        key = replay_key(environ)
        replay = self.replays.get(key) if key else None
        if replay is not None and replay.page["version"] == current_version():
            headers, content = replay.again(environ)
            start_response(replay.status, headers)
            hits.inc()
            record_response(200, replay.view, "GET", time.perf_counter() - start)
            return [content]
        if key is None:
            return self.application(environ, start_response)

        def keep_if_served_from_the_cache(status, headers, exc_info=None):
            served = environ.get(SERVED_PAGE)
            sets_cookie = any(name.lower() == "set-cookie" for name, _ in headers)
            if served and status == "200 OK" and not sets_cookie and not exc_info:
                self.replays.keep(key, Replay(*served, status, headers))
            return start_response(status, headers, exc_info)

        return self.application(environ, keep_if_served_from_the_cache)


def replay_key(environ):
    """What makes two requests get the same response from the page cache, or None when a
    request may get another response than the last one (see PageCacheFront)."""
    if environ["REQUEST_METHOD"] != "GET" or not settings.PAGE_CACHE_SECONDS:
        return None
    path = environ.get("PATH_INFO", "")
    if path.startswith(settings.API_PATH_PREFIX) or not CONDITIONAL_HEADERS.isdisjoint(environ):
        return None
    cookies = environ.get("HTTP_COOKIE")
    if cookies and settings.SESSION_COOKIE_NAME in parse_cookie(cookies):
        return None
    scheme = (environ.get("wsgi.url_scheme"), environ.get(settings.SECURE_PROXY_SSL_HEADER[0]))
    return (path, environ.get("QUERY_STRING", ""), scheme)
