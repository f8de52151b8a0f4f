import re
from collections import Counter
from contextlib import nullcontext
from functools import partial

from django.db.models import Count, prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from core.cache import cached_for_content_version
from core.site import absolute_url

from .models import (
    SECTION_RELATIONS,
    TITLE_ORDER,
    JobFamily,
    JobProfile,
    SlugRedirect,
    TaggedJobProfile,
    published_related_links,
)
from .page_data import list_trail
from .page_parts import (
    current_parts,
    render_body,
    render_parts,
    sections_of,
    stored_body,
    with_stored_cards,
)
from .search import (
    clean_query,
    closest_names,
    document_relations,
    excerpts,
    found,
    matching,
    normalise,
    query_terms,
    ranked,
    search,
    searched_rows,
    using_search_index,
)

COMPARE_CHOICES = 20
SLUG_PATTERN = re.compile(r"[-\w]{1,100}")


def find_by_slug(queryset, slug):
    """The object with this slug, or None for an empty, malformed or unknown slug."""
    if not SLUG_PATTERN.fullmatch(slug):
        return None
    return queryset.filter(slug=slug).first()


def public_tags():
    """Tags of published profiles: one used only by drafts is as unknown as a made-up one."""
    return Tag.objects.filter(
        pk__in=TaggedJobProfile.objects.filter(
            content_object__in=JobProfile.objects.published()
        ).values("tag_id")
    )


def in_family_order(counts):
    """[(family, count)] of {family id: count}, in the families' order."""
    return [(family, counts[family.pk]) for family in JobFamily.objects.filter(pk__in=counts)]


def families_counting(rows):
    """Families holding some of these rows, with their number of them, counted in SQL."""
    return in_family_order(dict(rows.order_by().values_list("family_id").annotate(Count("pk"))))


def families_found(found):
    """Families holding some of a search's found rows (search.Found), with their number of
    matches, or None when the search found more than it counted."""
    family_ids = [family_id for _, family_id in found.rows]
    return in_family_order(Counter(family_ids) if found.complete else dict.fromkeys(family_ids))


def published_families():
    """Families with published profiles, with their number as stored: nothing counted."""
    return [
        (family, family.published_count)
        for family in JobFamily.objects.with_published_counts()
        if family.published_count
    ]


class HomeView(TemplateView):
    """The front door: a search box, the families and the latest profiles."""

    template_name = "jobprofiles/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            families=published_families(),
            latest_profiles=JobProfile.objects.published().cards().order_by("-updated_at")[:6],
            **kwargs,
        )


class CountedRows:
    """The listed rows, their number known: a page reads only its own rows."""

    def __init__(self, rows, total):
        self.rows = rows
        self.total = total

    def __len__(self):
        return self.total

    def __getitem__(self, page):
        return list(self.rows[page]) if self.total else []


class CardsByTitle:
    """Profiles' stored cards in title order, sliced like a queryset, in one query: the
    page's rows are found in the title index alone, then only their cards are read (the
    title sort goes through every row before the page's)."""

    def __init__(self, rows):
        self.rows = rows

    def __getitem__(self, page):
        on_page = self.rows.order_by(*TITLE_ORDER, "pk").values("pk")[page]
        return with_stored_cards(
            JobProfile.objects.filter(pk__in=on_page).order_by(*TITLE_ORDER, "pk")
        )


class JobProfileListView(ListView):
    """Published profiles as cards: searched with ?q=, filtered by ?famille= and ?tag=."""

    paginate_by = 12
    context_object_name = "profiles"
    # A search lists rows of SearchEntry on PostgreSQL: the template is the profiles' list.
    template_name = "jobprofiles/jobprofile_list.html"

    def get(self, request, *args, **kwargs):
        self.query = clean_query(request.GET.get("q", ""))
        # Whether the search found more than it counts and ranks (search.MATCH_LIMIT).
        self.capped = False
        self.family_slug = request.GET.get("famille", "")
        self.tag_slug = request.GET.get("tag", "")
        self.family = find_by_slug(JobFamily.objects.all(), self.family_slug)
        # Building the published tags' query costs more than most of the page: only on demand.
        self.tag = find_by_slug(public_tags(), self.tag_slug) if self.tag_slug else None
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        """The rows listed, unordered: profiles, or what a search reads (searched_rows)."""
        rows = searched_rows() if self.query else JobProfile.objects.published()
        if self.tag:
            tagged = TaggedJobProfile.objects.filter(tag=self.tag)
            rows = rows.filter(pk__in=tagged.values("content_object_id"))
        if self.query:
            self.terms = query_terms(self.query)
            return matching(rows, self.query, self.terms)
        return rows

    def paginate_queryset(self, queryset, page_size):
        """Count the listed rows by family, then read the page's rows alone, both in SQL.

        The plain list reads its cards in that one query; a search reads the page's ids
        in rank order, then their cards and excerpts.
        Any page number gives a page: the first for nonsense, the last when past the end.
        """
        with using_search_index() if self.query else nullcontext():
            rows, count = self.searched(queryset) if self.query else self.browsed(queryset)
            paginator = self.get_paginator(CountedRows(rows, count), page_size)
            page = paginator.get_page(self.request.GET.get("page"))
        if self.query and page.object_list:
            page.object_list = self.cards_with_excerpts(page.object_list)
        return paginator, page, page.object_list, page.has_other_pages()

    def browsed(self, profiles):
        """The listed profiles' cards in title order, and their number.

        Untagged, the families' stored counts give it; tagged, it is counted and kept for
        the content version, so the next page, or one family, costs one page's read.
        """
        if self.tag:
            self.families = cached_for_content_version(
                "list-counts", repr(self.tag.pk), partial(families_counting, profiles)
            )
        else:
            self.families = published_families()
        counts = {family.pk: count for family, count in self.families}
        if self.family:
            profiles = profiles.filter(family=self.family)
        count = counts.get(self.family.pk, 0) if self.family else sum(counts.values())
        return CardsByTitle(profiles), count

    def searched(self, matches):
        """The matches' ids in rank order, and their number, up to search.MATCH_LIMIT.

        What was found is kept for the content version, like the counts of the list.
        """
        key = (self.query, self.tag and self.tag.pk)
        everywhere = cached_for_content_version("search-found", repr(key), partial(found, matches))
        self.families = families_found(everywhere)
        listed = everywhere
        if self.family:
            matches = matches.filter(family=self.family)
            listed = (
                everywhere.of_family(self.family.pk)
                if everywhere.complete
                else cached_for_content_version(
                    "search-found", repr((*key, self.family.pk)), partial(found, matches)
                )
            )
        if not listed.complete:
            # Ranked among those found, without matching their whole-profile vectors again.
            self.capped = True
            matches = searched_rows().filter(pk__in=listed.pks())
        in_rank_order = ranked(matches, self.query, self.terms).values_list("pk", flat=True)
        return in_rank_order, len(listed.rows)

    def cards_with_excerpts(self, pks):
        """The found profiles, in their order, each quoting where it matched."""
        cards = JobProfile.objects.cards().in_bulk(pks)
        for pk, excerpt in excerpts(pks, self.query, self.terms).items():
            cards[pk].excerpt = excerpt
        return [cards[pk] for pk in pks]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            page_range=page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            query=self.query,
            family=self.family,
            tag=self.tag,
            unknown_filter=(self.family_slug and not self.family)
            or (self.tag_slug and not self.tag),
            families=self.families,
            is_filtered=bool(self.query or self.family or self.tag),
            capped=self.capped,
            breadcrumbs=list_trail(self.family),
        )
        if self.query and not page.paginator.count:
            context["did_you_mean"] = closest_names(JobProfile.objects.published(), self.query)
        return context


class ProfilePageView(DetailView):
    """One profile with its four sections and its published related-role cards.

    The page's main content, the same for every visitor, is its body (page_parts.py). A
    public page reads the body stored with the profile's row: one query. Without a current
    stored body, it reads the profile's own parts as stored and renders the rest.
    """

    model = JobProfile
    context_object_name = "profile"
    # The public page keeps the body it renders per content version; a preview never does.
    cache_body = False

    def get_context_data(self, **kwargs):
        canonical_url = absolute_url(self.object.get_absolute_url())
        body = self.stored_body(self.object)
        if body is None and self.cache_body:
            body = cached_for_content_version("profile-body", canonical_url, self.render_body)
        elif body is None:
            body = self.render_body()
        return super().get_context_data(canonical_url=canonical_url, body=body, **kwargs)

    def stored_body(self, profile):
        """A preview always renders the body from the rows as they are now."""
        return None

    def page_parts(self, profile):
        """A preview renders the profile's own parts from its rows as they are now."""
        prefetch_related_objects([profile], *document_relations())
        return render_parts(profile)

    def render_body(self):
        """The body rendered now; the profile read for the page gets its relations."""
        profile = self.object
        parts = self.page_parts(profile)
        prefetch_related_objects([profile], published_related_links())
        return render_body(profile, parts)


class JobProfileDetailView(ProfilePageView):
    """A published profile; a former slug of one redirects permanently to its new address.

    Its body comes from the profile's row, as stored at the last save of what it shows; a
    body that ranks the catalogue (too few related cards chosen) comes from the cache even
    when the page does not: for editors, who bypass the page cache, and for links with
    tracking parameters, each a page of its own to that cache.
    """

    queryset = JobProfile.objects.published().for_profile_page()
    cache_body = True

    def stored_body(self, profile):
        return stored_body(profile)

    def page_parts(self, profile):
        return current_parts(profile)

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            redirect = (
                SlugRedirect.objects.filter(
                    old_slug=kwargs["slug"], profile__in=JobProfile.objects.published()
                )
                .select_related("profile")
                .first()
            )
            if redirect is None:
                raise
            return HttpResponsePermanentRedirect(redirect.profile.get_absolute_url())


class JobProfilePreviewView(ProfilePageView):
    """Any profile, draft or scheduled, exactly as the public page shows it.

    Only staff allowed to view profiles may open it; anyone else gets a 404 rather than
    a login page, which would reveal that the profile exists.
    """

    queryset = JobProfile.objects.for_cards()

    # Where the banner's link leads back to: the profile's change form, or the unsaved one.
    back_url = None

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_staff and user.has_perm("jobprofiles.view_jobprofile")):
            raise Http404
        return _kept_private(super().dispatch(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        back_url = self.back_url or reverse(
            "admin:jobprofiles_jobprofile_change", args=[self.object.pk]
        )
        return super().get_context_data(preview_back_url=back_url, **kwargs)

    @classmethod
    def render_for(cls, request, pk, back_url):
        """The rendered preview of a profile as the database holds it now, for the admin."""
        view = cls(back_url=back_url)
        view.setup(request, pk=pk)
        return _kept_private(view.get(request, pk=pk)).render()


def _kept_private(response):
    """A preview is never cached nor indexed."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _choosable():
    return JobProfile.objects.published().only("slug", "title", "sort_title")


def offered_choices(query, chosen):
    """The roles the compare page's lists offer, a bounded number whatever the catalogue.

    Those found for the visitor's search, else the closest to the first chosen role, else the
    first in alphabetical order.
    """
    if query:
        return list(search(_choosable(), query)[:COMPARE_CHOICES])
    if chosen:
        return JobProfile.objects.published().closest_to(chosen[0], COMPARE_CHOICES)
    return list(_choosable()[:COMPARE_CHOICES])


def compare_profiles(request):
    """Two published profiles side by side, section by section, with what they share.

    Any other input (missing, unknown, draft or twice the same slug) gets the choice form
    again with a French message saying what is wrong.
    """
    slugs = [request.GET.get(name, "").strip() for name in ("a", "b")]
    query = clean_query(request.GET.get("q", ""))
    published = JobProfile.objects.published().for_page()
    wellformed = [slug for slug in slugs if SLUG_PATTERN.fullmatch(slug)]
    found = {p.slug: p for p in published.filter(slug__in=wellformed)}
    profiles = [found.get(slug) for slug in slugs]
    error = ""
    if not all(slugs):
        # Only the form sends both: a link from a profile page, or a visitor searching for
        # the second role, is still choosing.
        submitted = "a" in request.GET and "b" in request.GET and not query
        error = "Choisissez deux fiches métiers à comparer." if submitted and any(slugs) else ""
    elif slugs[0] == slugs[1]:
        error = "Choisissez deux fiches différentes : une fiche comparée à elle-même ne dit rien."
    else:
        unknown = [slug for slug, profile in zip(slugs, profiles, strict=True) if not profile]
        if unknown:
            names = " et ".join(f"« {slug[:60]} »" for slug in unknown)
            error = f"Aucune fiche publiée ne répond à {names} : choisissez-en une dans la liste."
    chosen = list(dict.fromkeys(profile for profile in profiles if profile))
    offered = offered_choices(query, chosen)
    chosen_slugs = {profile.slug for profile in chosen}
    context = {
        "slugs": slugs,
        "query": query,
        "found": len(offered),
        "error": error,
        # The chosen roles stay in the lists, so they stay selected.
        "choices": [*chosen, *(choice for choice in offered if choice.slug not in chosen_slugs)],
    }
    if all(profiles) and not error:
        context.update(comparison(*profiles))
    return render(request, "jobprofiles/compare.html", context)


def comparison(first, second):
    """Both profiles, their sections paired by heading, and what the two roles share."""
    first_sections, second_sections = sections_of(first), sections_of(second)
    page_order = [
        JobProfile._meta.get_field(name).related_model.anchor for name in SECTION_RELATIONS
    ]
    headings = {
        s["anchor"]: s["heading"]
        for s in sorted(
            [*first_sections, *second_sections], key=lambda s: page_order.index(s["anchor"])
        )
    }
    by_anchor = [
        {s["anchor"]: s["items"] for s in sections}
        for sections in (first_sections, second_sections)
    ]
    first_tags = {tagged.tag for tagged in first.tagged_items.all()}
    shared_tags = [tagged.tag for tagged in second.tagged_items.all() if tagged.tag in first_tags]
    first_paths = {link.to_profile for link in first.published_related_links}
    shared_paths = [
        link.to_profile for link in second.published_related_links if link.to_profile in first_paths
    ]
    linked = any(link.to_profile == second for link in first.published_related_links) or any(
        link.to_profile == first for link in second.published_related_links
    )
    return {
        "profiles": [first, second],
        "rows": [
            {
                "anchor": anchor,
                "heading": heading,
                "columns": [
                    (first, by_anchor[0].get(anchor, [])),
                    (second, by_anchor[1].get(anchor, [])),
                ],
            }
            for anchor, heading in headings.items()
        ],
        "same_family": first.family if first.family_id == second.family_id else None,
        "shared_tags": shared_tags,
        "shared_paths": shared_paths,
        "linked": linked,
    }


SUGGESTIONS = 8


def suggest_profiles(request):
    """Published profiles whose title, appellations or tags hold the typed text, as JSON.

    For the search box's suggestions: small, and cached like the pages.
    """
    typed = normalise(clean_query(request.GET.get("q", "")))
    if len(typed) < 2:
        return JsonResponse({"suggestions": []})
    profiles = JobProfile.objects.published().filter(search_title__contains=typed)
    return JsonResponse(
        {
            "suggestions": [
                {"title": title, "url": reverse("jobprofiles:detail", args=[slug])}
                for title, slug in profiles.values_list("title", "slug")[:SUGGESTIONS]
            ]
        }
    )
