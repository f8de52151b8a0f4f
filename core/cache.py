"""Public pages served from the cache to anonymous visitors.

Every cached page is stamped with the content version it was rendered at: the time of
the last change to any published content. Changing a profile, a section, a tag, a family
or a related link moves the version on (see signals.py), so the next request finds a
stale stamp and renders afresh. The version and the page come in one cache round trip.
Editors signed in bypass the cache both ways: they never read a cached page and never
write one; a made-up or expired session cookie gets the cached page like anyone else.
Parts of pages that are the same for everyone (a profile's body) are kept under the same
version by cached_for_content_version.
"""

import hashlib
import math
import time
from functools import wraps
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from jobprofiles.models import JobProfile

from .metrics import page_cache_lookups

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
    entry = found.get(key)
    return version, (entry if entry is not None and entry["version"] == version else None)


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


def render_for_cache(version, view, request, *args, **kwargs):
    """Render the page; return what the cache keeps of it, or the response when not cacheable."""
    response = view(request, *args, **kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200 or response.cookies:
        return response
    return {
        "version": version,
        "content": response.content,
        "content_type": response["Content-Type"],
        "etag": f'W/"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
        # A CSP nonce written into the page, swapped for each request's own on the way out.
        "nonce": getattr(request, "_csp_nonce", None),
    }


def uncached(view, request, *args, **kwargs):
    """The view's own response, which no shared cache may keep."""
    response = view(request, *args, **kwargs)
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def cache_public_page(view):
    """Serve the view from the cache to anonymous visitors, with ETag and Last-Modified."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
            return view(request, *args, **kwargs)
        if signed_in(request):
            return uncached(view, request, *args, **kwargs)

        key = cache_key("page", request.get_full_path())
        version, page = read_current(key)
        if version is None:
            return uncached(view, request, *args, **kwargs)
        page_cache_lookups.labels("miss" if page is None else "hit").inc()
        if page is None:
            page = render_for_cache(version, view, request, *args, **kwargs)
            if not isinstance(page, dict):
                patch_vary_headers(page, ["Cookie"])
                return page
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)

        content = page["content"]
        if page["nonce"]:
            content = content.replace(page["nonce"].encode(), str(request.csp_nonce).encode())
        response = HttpResponse(content, content_type=page["content_type"])
        response["ETag"] = page["etag"]
        response["Last-Modified"] = http_date(version // 1_000_000)
        patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return get_conditional_response(
            request, etag=page["etag"], last_modified=version // 1_000_000, response=response
        )

    return wrapper
