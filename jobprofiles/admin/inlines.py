"""The appellations, sections and related roles edited inline on a profile's change form."""

from adminsortable2.admin import SortableStackedInline, SortableTabularInline

from ..forms import (
    AppellationFormSet,
    MissionFormSet,
    RelatedProfileFormSet,
    RowsFormSet,
    StoredRowForm,
)
from ..models import Appellation, Competence, Enjeu, EnvironmentItem, Mission, RelatedProfile
from .plain_french import PlainFrenchRelatedWidgetsMixin


class AppellationInline(SortableTabularInline):
    """The other names of the role, as a list: the first one shows under the title."""

    model = Appellation
    form = StoredRowForm
    formset = AppellationFormSet
    fields = ["name"]
    extra = 0


class SectionInline(SortableStackedInline):
    """Items of one section, reordered by dragging their handle or with move buttons."""

    form = StoredRowForm
    formset = RowsFormSet
    fields = ["title", "body"]
    extra = 0


class MissionInline(SectionInline):
    model = Mission
    formset = MissionFormSet


class EnjeuInline(SectionInline):
    model = Enjeu


class CompetenceInline(SectionInline):
    model = Competence


class EnvironmentItemInline(SectionInline):
    model = EnvironmentItem


class RelatedProfileInline(PlainFrenchRelatedWidgetsMixin, SortableTabularInline):
    model = RelatedProfile
    form = StoredRowForm
    formset = RelatedProfileFormSet
    fk_name = "from_profile"
    fields = ["to_profile", "kind", "reason"]
    autocomplete_fields = ["to_profile"]
    extra = 0

    def get_queryset(self, request):
        """Each row with its target, which the form then needs not read again."""
        return super().get_queryset(request).select_related("to_profile")


PROFILE_INLINES = [
    AppellationInline,
    MissionInline,
    EnjeuInline,
    CompetenceInline,
    EnvironmentItemInline,
    RelatedProfileInline,
]
