"""Django's stock French replaced where an editor reads it: « l’objet fiche métier » and its
masculine agreements in the messages after a save or a deletion, the list's title, the
delete action, the inlines' add links and the buttons beside a related field. The words
come from ``wording``."""

import json

from django.contrib.admin import helpers
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst

from .wording import MODEL_NOUNS, Noun, add_item_text


class PlainFrenchInlineFormSet(helpers.InlineAdminFormSet):
    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        data["options"]["addText"] = add_item_text(self.opts.model)
        return json.dumps(data)


class PlainFrenchRelatedWidget(RelatedFieldWidgetWrapper):
    """« Modifier la famille sélectionnée », not « Modifier l’objet famille … sélectionné »."""

    template_name = "admin/jobprofiles/related_widget_wrapper.html"

    def get_context(self, name, value, attrs):
        return {**super().get_context(name, value, attrs), "noun": Noun(self.rel.model)}

    def render(self, name, value, attrs=None, renderer=None):
        """Through the site's templates: the form renderer reads only the apps' folders."""
        return render_to_string(self.template_name, self.get_context(name, value, attrs))


class PlainFrenchRelatedWidgetsMixin:
    """The buttons beside a related field, named in plain French (model and inline admins)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        wrapper = getattr(field, "widget", None)
        if (
            isinstance(wrapper, RelatedFieldWidgetWrapper)
            and wrapper.rel.model._meta.model_name in MODEL_NOUNS
        ):
            # The wrapper was made for this field alone; only its template and words differ.
            wrapper.__class__ = PlainFrenchRelatedWidget
        return field


class PlainFrenchAdminMixin(PlainFrenchRelatedWidgetsMixin):
    """The sentences of a model admin in the words of ``wording.MODEL_NOUNS``."""

    @property
    def noun(self):
        return Noun(self.model)

    def get_inline_formsets(self, *args, **kwargs):
        inline_formsets = super().get_inline_formsets(*args, **kwargs)
        for inline_formset in inline_formsets:
            # Only the add link's text differs: the same object, read by the same templates.
            inline_formset.__class__ = PlainFrenchInlineFormSet
        return inline_formsets

    def changelist_view(self, request, extra_context=None):
        title = f"Choisissez {self.noun.a} à modifier"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _ = actions["delete_selected"]
            noun = self.noun
            description = f"Supprimer les {noun.plural} {noun.agreeing('sélectionné', True)}"
            actions["delete_selected"] = (function, name, description)
        return actions

    def message_user(self, request, message, *args, **kwargs):
        """Send the sentence set just before by the response (Django's own otherwise)."""
        message = request.__dict__.pop("plain_french_message", message)
        return super().message_user(request, message, *args, **kwargs)

    def _say(self, request, obj, done, next_step=""):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        request.plain_french_message = format_html(
            '{} « <a href="{}">{}</a> » a été {}.{}',
            capfirst(self.noun.the),
            url,
            obj,
            self.noun.agreeing(done),
            next_step,
        )

    def _next_step(self, request):
        noun = self.noun
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            pronoun = "la" if noun.feminine else "le"
            return f" Vous pouvez continuer à {pronoun} modifier ci-dessous."
        if "_addanother" in request.POST:
            return f" Vous pouvez en ajouter {noun.a.split()[0]} autre ci-dessous."
        return ""

    def response_add(self, request, obj, *args, **kwargs):
        self._say(request, obj, "créé", self._next_step(request))
        return super().response_add(request, obj, *args, **kwargs)

    def response_change(self, request, obj):
        done = "créé" if "_saveasnew" in request.POST else "enregistré"
        self._say(request, obj, done, self._next_step(request))
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        request.plain_french_message = (
            f"{capfirst(self.noun.the)} « {obj_display} » a été {self.noun.agreeing('supprimé')}."
        )
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request, queryset):
        count = queryset.count()
        super().delete_queryset(request, queryset)
        noun = self.noun
        request.plain_french_message = (
            f"{noun.plural.capitalize()} {noun.agreeing('supprimé', True)} : {count}."
        )
