"""The open, read-only API (/api/v1/): published profiles and families, as JSON and CSV.

Built on django-ninja, which also serves the OpenAPI schema and its documentation page.
Every response goes through the public page cache (careers/urls.py), so it carries an
ETag, answers 304 and is replaced on any content change like the pages. Each address's
rate is limited (ApiRateLimitMiddleware); django-cors-headers opens GETs to every origin.
"""

import csv
import io
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.throttling import SimpleRateThrottle
from sorl.thumbnail import get_thumbnail

from core.site import absolute_url

from .models import KEY_FACT_FIELDS, JobProfile, TaggedJobProfile
from .page_parts import sections_of
from .search import MATCH_LIMIT, clean_query, search
from .templatetags.jobprofiles_tags import CARD_WIDTHS, thousands
from .views import find_by_slug, published_families

api = NinjaAPI(
    title="Fiches métiers — API ouverte",
    version="1",
    description="Lecture seule des fiches métiers publiées, de leurs familles et du catalogue "
    "(JSON, CSV). Les réponses portent un ETag ; le débit est limité par adresse.",
    urls_namespace="api",
)


def json_response(data, status=200, **kwargs):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}, **kwargs)


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    """Bad parameters get a French message (with pydantic's details), never a 500."""
    detail = "Paramètres invalides : vérifiez leur format."
    return json_response({"detail": detail, "errors": exc.errors}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return json_response({"detail": "Aucune fiche publiée à cette adresse."}, status=404)


class AddressRateThrottle(SimpleRateThrottle):
    """So many requests a minute per client address (DJANGO_API_RATE_LIMIT)."""

    scope = "api"

    def get_cache_key(self, request):
        return f"api-throttle:{self.get_ident(request)}"


class ApiRateLimitMiddleware:
    """Refuse an address's requests to the API beyond its rate, with a JSON 429.

    A middleware, so requests served from the page cache count too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.API_PATH_PREFIX) and settings.API_RATE_LIMIT:
            throttle = AddressRateThrottle(settings.API_RATE_LIMIT)
            if not throttle.allow_request(request):
                wait = int(throttle.wait() or 1) + 1
                detail = f"Trop de requêtes depuis votre adresse : réessayez dans {wait} s."
                return json_response({"detail": detail}, status=429, headers={"Retry-After": wait})
        return self.get_response(request)


class FamilyOut(Schema):
    slug: str
    name: str
    url: str
    profile_count: int


class ProfileSummaryOut(Schema):
    slug: str
    title: str
    title_language: str
    family: str
    summary: str
    url: str
    published_at: datetime
    updated_at: datetime


class SectionItemOut(Schema):
    title: str
    body_html: str


class SectionOut(Schema):
    anchor: str
    heading: str
    items: list[SectionItemOut]


class KeyFactOut(Schema):
    name: str
    label: str
    value: str


class CareerPathOut(Schema):
    slug: str
    title: str
    url: str
    kind: str = Field(description="evolution, proche, amont, ou vide pour une autre fiche")
    kind_label: str
    reason: str


class RenditionOut(Schema):
    url: str
    width: int
    height: int
    format: str


class ImageOut(Schema):
    alt: str
    renditions: list[RenditionOut]


class ProfileOut(ProfileSummaryOut):
    family_slug: str
    alternative_title: str
    appellations: list[str]
    introduction_html: str
    sections: list[SectionOut]
    key_facts: list[KeyFactOut]
    codes: dict[str, str]
    career_paths: list[CareerPathOut]
    tags: list[str]
    image: ImageOut | None


def summary_of(profile):
    return {
        "slug": profile.slug,
        "title": profile.title,
        "title_language": profile.title_language,
        "family": profile.family.name,
        "summary": profile.summary,
        "url": absolute_url(profile.get_absolute_url()),
        "published_at": profile.published_at,
        "updated_at": profile.updated_at,
    }


def key_facts_of(profile):
    """The "En bref" facts a profile fills in, each with its French label."""
    facts = []
    for name in KEY_FACT_FIELDS:
        value = getattr(profile, name)
        if value in (None, ""):
            continue
        display = getattr(profile, f"get_{name}_display", None)
        field = JobProfile._meta.get_field(name)
        facts.append(
            {
                "name": name,
                "label": str(field.verbose_name),
                "value": str(display() if display else value),
            }
        )
    return facts


def image_of(profile):
    if not profile.image:
        return None
    sizes = [(width, width * 9 // 16, fmt) for width in CARD_WIDTHS for fmt in ("WEBP", "JPEG")]
    renditions = []
    for width, height, fmt in [*sizes, (1200, 630, "JPEG")]:
        image = get_thumbnail(profile.image, f"{width}x{height}", crop="center", format=fmt)
        renditions.append(
            {"url": absolute_url(image.url), "width": width, "height": height, "format": fmt}
        )
    return {"alt": profile.image_alt, "renditions": renditions}


def detail_of(profile):
    """Everything the profile page shows, from a profile fetched with for_page()."""
    return {
        **summary_of(profile),
        "family_slug": profile.family.slug,
        "alternative_title": profile.alternative_title,
        "appellations": [appellation.name for appellation in profile.appellations.all()],
        "introduction_html": profile.introduction,
        "sections": [
            {
                "anchor": section["anchor"],
                "heading": str(section["heading"]),
                "items": [{"title": i.title, "body_html": i.body} for i in section["items"]],
            }
            for section in sections_of(profile)
        ],
        "key_facts": key_facts_of(profile),
        "codes": {
            code: getattr(profile, field)
            for code, field in (("rome", "rome_code"), ("esco", "esco_uri"))
            if getattr(profile, field)
        },
        "career_paths": [
            {
                "slug": link.to_profile.slug,
                "title": link.to_profile.title,
                "url": absolute_url(link.to_profile.get_absolute_url()),
                "kind": link.kind,
                "kind_label": str(link.get_kind_display()),
                "reason": link.reason,
            }
            for link in profile.published_related_links
        ],
        "tags": [tagged.tag.name for tagged in profile.tagged_items.all()],
        "image": image_of(profile),
    }


class ProfileFilters(Schema):
    family: str = Field("", description="identifiant d’URL d’une famille")
    tag: str = Field("", description="identifiant d’URL d’une étiquette")
    q: str = Field(
        "",
        max_length=100,
        description=f"recherche, comme sur le site : au plus {thousands(MATCH_LIMIT)} fiches, "
        "les mieux classées des premières trouvées quand il y en a plus",
    )
    updated_since: datetime | None = Field(None, description="mises à jour depuis (ISO 8601)")
    page: int = Field(1, ge=1, description="numéro de page, 20 fiches par page")


class ProfilePageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[ProfileSummaryOut]


PAGE_SIZE = 20


@api.get("/profiles", response=ProfilePageOut, summary="Fiches publiées")
def list_profiles(request, filters: Query[ProfileFilters]):
    """Published profiles, alphabetically or best match first, 20 a page."""
    profiles = JobProfile.objects.published().for_cards()
    if filters.family:
        profiles = profiles.filter(family__slug=filters.family)
    if filters.tag:
        profiles = profiles.filter(tagged_items__tag__slug=filters.tag)
    if filters.updated_since:
        profiles = profiles.filter(updated_at__gte=filters.updated_since)
    query = clean_query(filters.q)
    if query:
        profiles = search(profiles, query)
    page = Paginator(profiles, PAGE_SIZE).get_page(filters.page)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "items": [summary_of(profile) for profile in page],
    }


@api.get("/profiles/{slug}", response=ProfileOut, summary="Une fiche publiée")
def get_profile(request, slug: str):
    """One published profile with all its page shows, sections in page order."""
    profile = find_by_slug(JobProfile.objects.published().for_page(), slug)
    if profile is None:
        raise Http404
    return detail_of(profile)


@api.get("/families", response=list[FamilyOut], summary="Familles de métiers")
def list_families(request):
    """The families holding published profiles, in the site's order, with their count."""
    return [
        {
            "slug": family.slug,
            "name": family.name,
            "url": absolute_url(family.get_absolute_url()),
            "profile_count": count,
        }
        for family, count in published_families()
    ]


EXPORT_COLUMNS = [
    "slug",
    "title",
    "family",
    "appellations",
    "tags",
    "summary",
    "url",
    "rome_code",
    "esco_uri",
    "updated_at",
]


def export_rows():
    """One flat row per published profile, alphabetically: the whole catalogue."""
    profiles = (
        JobProfile.objects.published()
        .for_cards()
        .prefetch_related(
            "appellations",
            Prefetch("tagged_items", queryset=TaggedJobProfile.objects.select_related("tag")),
        )
    )
    for profile in profiles:
        yield {
            "slug": profile.slug,
            "title": profile.title,
            "family": profile.family.name,
            "appellations": " | ".join(a.name for a in profile.appellations.all()),
            "tags": " | ".join(tagged.tag.name for tagged in profile.tagged_items.all()),
            "summary": profile.summary,
            "url": absolute_url(profile.get_absolute_url()),
            "rome_code": profile.rome_code,
            "esco_uri": profile.esco_uri,
            "updated_at": profile.updated_at.isoformat(),
        }


@api.get("/export.json", summary="Catalogue complet (JSON)")
def export_json(request):
    """Every published profile as one flat JSON object (columns of the CSV export)."""
    return json_response({"profiles": list(export_rows())})


@api.get("/export.csv", summary="Catalogue complet (CSV)")
def export_csv(request):
    """Every published profile as one CSV row, UTF-8 with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    writer.writerows(export_rows())
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fiches-metiers.csv"'
    return response
