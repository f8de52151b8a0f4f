"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from careers.startup import refuse_to_serve_without_secret_key, refuse_to_serve_without_site_url

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careers.settings")

application = get_asgi_application()
refuse_to_serve_without_secret_key()
refuse_to_serve_without_site_url()
