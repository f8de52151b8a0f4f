"""The site, plus pages that fail as a bug or a lost database would."""

from django.db import OperationalError
from django.urls import include, path


def broken_page(request):
    raise RuntimeError(f"Fiche introuvable pour {request.user.email}")


def page_without_database(request):
    raise OperationalError("connection refused")


urlpatterns = [
    path("en-panne/", broken_page),
    path("sans-base/", page_without_database),
    path("", include("careers.urls")),
]
