"""The bare floor: Django with only SecurityMiddleware and CommonMiddleware, one view.

The view returns the bytes of the file named by BENCH_FLOOR_PAGE (the benchmark writes the
COO page there), so the floor sends what a real page weighs. Served by gunicorn with the
site's gunicorn.conf.py: `gunicorn -c gunicorn.conf.py bench.floor:application`.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-floor-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
    ],
)
PAGE = Path(os.environ["BENCH_FLOOR_PAGE"]).read_bytes()


def page(request):
    return HttpResponse(PAGE)


urlpatterns = [path("", page), path("livez", page)]
application = get_wsgi_application()
