from django.views.generic import DetailView, ListView

from .models import SECTION_RELATIONS, JobProfile


class JobProfileListView(ListView):
    """All published profiles, as cards."""

    queryset = JobProfile.objects.published().for_cards()
    paginate_by = 12
    context_object_name = "profiles"


class JobProfileDetailView(DetailView):
    """One published profile with its four sections and its related-role cards."""

    queryset = JobProfile.objects.published().for_detail_page()
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
