"""Breadcrumb trails: the same list feeds the visible trail and the schema.org BreadcrumbList."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str
    # A `lang` code for a name in another language than French ("en" for "Account Executive").
    lang: str = ""


def trail(*crumbs):
    """The trail from the home page to the last crumb, the current page."""
    return [Crumb("Accueil", reverse("home")), *crumbs]


def breadcrumb_list(crumbs, absolute_uri):
    """schema.org BreadcrumbList of a trail; absolute_uri turns a path into a full URL."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.name,
                "item": absolute_uri(crumb.url),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }
