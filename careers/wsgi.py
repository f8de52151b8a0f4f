"""WSGI entry point, used by gunicorn (`gunicorn careers.wsgi`) and runserver."""

import os

from django.core.wsgi import get_wsgi_application

from careers.startup import refuse_to_serve_without_secret_key, refuse_to_serve_without_site_url

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")

application = get_wsgi_application()
refuse_to_serve_without_secret_key()
refuse_to_serve_without_site_url()
