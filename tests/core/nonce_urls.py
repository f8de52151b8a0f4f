"""A page using a CSP nonce, as the profile page's JSON-LD block does."""

from django.http import HttpResponse
from django.urls import path

from core.cache import cache_public_page


def page_with_nonce(request):
    return HttpResponse(
        f'<script type="application/ld+json" nonce="{request.csp_nonce}">{{}}</script>'
    )


urlpatterns = [path("nonce/", cache_public_page(page_with_nonce))]
