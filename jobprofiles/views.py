from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .models import SECTION_RELATIONS, JobProfile, SlugRedirect


class JobProfileListView(ListView):
    """All published profiles, as cards."""

    queryset = JobProfile.objects.published().for_cards()
    paginate_by = 12
    context_object_name = "profiles"


class ProfilePageView(DetailView):
    """One profile with its four sections and its published related-role cards."""

    model = JobProfile
    context_object_name = "profile"

    def get_context_data(self, **kwargs):
        profile = self.object
        sections = []
        for relation in SECTION_RELATIONS:
            items = getattr(profile, relation).all()
            if items:
                sections.append(
                    {
                        "anchor": items.model.anchor,
                        "heading": items.model._meta.verbose_name_plural,
                        "items": items,
                    }
                )
        return super().get_context_data(
            sections=sections,
            related_profiles=[link.to_profile for link in profile.published_related_links],
            **kwargs,
        )


class JobProfileDetailView(ProfilePageView):
    """A published profile; a former slug of one redirects permanently to its new address."""

    queryset = JobProfile.objects.published().for_detail_page()

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

    queryset = JobProfile.objects.for_detail_page()

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_staff and user.has_perm("jobprofiles.view_jobprofile")):
            raise Http404
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response
