"""WSGI entry point, used by gunicorn (`gunicorn careers.wsgi`) and runserver.

Django's application sits behind PageCacheFront, which answers again, before Django
runs, the pages its process lately served from the page cache (see core/cache.py).
"""

import os

from django.core.wsgi import get_wsgi_application

from careers.startup import refuse_to_serve_without_secret_key, refuse_to_serve_without_site_url

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")

django_application = get_wsgi_application()
refuse_to_serve_without_secret_key()
refuse_to_serve_without_site_url()

from core.cache import PageCacheFront  # noqa: E402 (needs the apps get_wsgi_application loads)

application = PageCacheFront(django_application)
