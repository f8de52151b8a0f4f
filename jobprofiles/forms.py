"""Admin forms: the checks that give editors clear French errors instead of a failed save."""

from adminsortable2.admin import CustomInlineFormSet
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from .history import PROFILE_FIELDS, stale_edit_message
from .images import clean_uploaded_image
from .models import JobProfile, is_fixed_address
from .publishing import SUMMARY_TARGET_LENGTH

SAVE_FIELDS = {"revision_note", "loaded_version"}


def _rules(model):
    """The field names of each database rule on the model: unique sets and constraints."""
    opts = model._meta
    rules = [{field.name} for field in opts.fields if field.unique]
    rules += [set(names) for names in opts.unique_together]
    for constraint in opts.constraints:
        if isinstance(constraint, models.CheckConstraint):
            rules.append(constraint.condition.referenced_base_fields)
        elif isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            rules.append(set(constraint.fields))
    return rules


class StoredRowForm(forms.ModelForm):
    """A form on a stored row checks in the database only what the editor changed.

    The row passed the database's rules (unique values, constraints, foreign keys) when it
    was stored, so a field left as it was needs no query to check it again, unless a rule
    also reads a changed field.
    """

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        if self.instance._state.adding:
            return exclude
        changed = set(self.changed_data)
        kept = {name for rule in _rules(self._meta.model) if rule & changed for name in rule}
        unchanged = {field.name for field in self.instance._meta.fields} - changed - kept
        return exclude | unchanged


class JobProfileAdminForm(StoredRowForm):
    revision_note = forms.CharField(
        label="Note de version",
        required=False,
        max_length=200,
        help_text="Facultatif : ce que vous changez et pourquoi. Elle apparaîtra dans "
        "l’historique de la fiche.",
    )
    loaded_version = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        help_text="Date d’enregistrement de la fiche quand ce formulaire a été ouvert.",
    )

    class Meta:
        model = JobProfile
        fields = [*PROFILE_FIELDS, "tags"]
        error_messages = {
            "slug": {
                "unique": "Une autre fiche utilise déjà cet identifiant d’URL : choisissez-en "
                "un autre, par exemple en y ajoutant la famille du métier."
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()
        if "family" in self.fields:
            take_choice_from_row(self, "family")
        if "published_at" in self.fields:
            date, time = self.fields["published_at"].widget.widgets
            date.attrs["aria-label"] = "Date de publication (jj/mm/aaaa)"
            time.attrs["aria-label"] = "Heure de publication (hh:mm:ss)"
        if "summary" in self.fields:
            low, high = SUMMARY_TARGET_LENGTH
            self.fields["summary"].widget.attrs.update(
                {"data-target-min": low, "data-target-max": high, "rows": 3}
            )

    @cached_property
    def changed_data(self):
        """Leave out the fields about the save itself, from the history's list of changes."""
        return [name for name in super().changed_data if name not in SAVE_FIELDS]

    def _save_m2m(self):
        """Tags are the only many-to-many field here: leave them alone when unchanged."""
        if "tags" in self.changed_data:
            super()._save_m2m()

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if is_fixed_address(slug):
            raise ValidationError(
                f"L’adresse /metiers/{slug}/ est déjà celle d’une autre page du site : "
                f"choisissez un autre identifiant, par exemple « {slug}-metier »."
            )
        return slug

    def clean_rome_code(self):
        return self.cleaned_data["rome_code"].strip().upper()

    # Set by the admin when storing the uploaded image failed: the form comes back with
    # this error on the image and everything else the editor typed.
    image_storage_error = None

    def clean_image(self):
        if self.image_storage_error:
            raise ValidationError(self.image_storage_error)
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            return clean_uploaded_image(image)
        return image

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("image") and not cleaned_data.get("image_alt", "").strip():
            self.add_error(
                "image_alt",
                "Décrivez l’image en quelques mots : ce texte remplace l’image pour les "
                "personnes qui ne la voient pas.",
            )
        status = cleaned_data.get("status")
        keeps_rules = self.instance.is_being_published(status) or self.instance.summary.strip()
        published = status == JobProfile.Status.PUBLISHED
        if published and keeps_rules and not cleaned_data.get("summary", "").strip():
            self.add_error(
                "summary",
                "Une fiche publiée ou programmée a besoin d’un résumé : c’est le texte de sa "
                "carte et sa description pour les moteurs de recherche. Un brouillon peut "
                "s’en passer.",
            )
        if self.instance.pk:
            self._refuse_stale_edit(cleaned_data.get("loaded_version", ""))
        return cleaned_data

    def _refuse_stale_edit(self, loaded_version):
        """Refuse to overwrite a save another editor made after this form was opened.

        The row is locked until the end of the admin's transaction, so two saves cannot
        both pass this check. The admin reads it so on a save (`read_for_update`), which makes
        the form's own row the current one.
        """
        if getattr(self.instance, "read_for_update", False):
            current = self.instance
        else:
            current = JobProfile.objects.select_for_update().filter(pk=self.instance.pk).first()
        if current and current.updated_at.isoformat() != loaded_version:
            raise ValidationError(stale_edit_message(current, loaded_version), code="stale")


def _kept_forms(formset):
    return [
        form
        for form in formset.forms
        if form.cleaned_data and not formset._should_delete_form(form)
    ]


class ExistingRowField(forms.ModelChoiceField):
    """An inline row's hidden id, found among the rows its formset has already read.

    Django's own field reads each row again from the database: one query per row.
    """

    def __init__(self, formset, *args, **kwargs):
        self.formset = formset
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            row = self.formset._existing_object(self.queryset.model._meta.pk.to_python(value))
        except ValidationError:
            row = None
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


class RowsFormSet(CustomInlineFormSet):
    """The rows of a profile's inline, validated without reading each one again."""

    def add_fields(self, form, index):
        """Also name each input after its column: a table's header is not a label."""
        super().add_fields(form, index)
        row = "nouvelle ligne" if index is None else f"ligne {index + 1}"
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", f"{field.label} ({row})")
        name = self.model._meta.pk.name
        field = form.fields[name]
        form.fields[name] = ExistingRowField(
            self, field.queryset, initial=field.initial, required=False, widget=field.widget
        )


class MissionFormSet(RowsFormSet):
    def clean(self):
        """Publishing needs a mission; so does a published profile that had some.

        A profile published without any before this rule may still be corrected.
        """
        super().clean()
        published = self.instance.status == JobProfile.Status.PUBLISHED
        keeps_rules = self.instance.is_being_published() or self.initial_form_count()
        if published and keeps_rules and not _kept_forms(self):
            raise ValidationError(
                "Une fiche publiée ou programmée doit avoir au moins une mission : ajoutez-en "
                "une, ou enregistrez la fiche en brouillon."
            )


class ReadTargetField(forms.ModelChoiceField):
    """A foreign key's choice, taken from its row (read with it) while it is unchanged.

    Django's own field reads the chosen row again: one query per form.
    """

    def __init__(self, row, name, *args, **kwargs):
        self.row, self.key = row, row._meta.get_field(name)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        target_id = getattr(self.row, self.key.attname) if self.row.pk else None
        if target_id is not None and str(value) == str(target_id) and self.key.is_cached(self.row):
            return getattr(self.row, self.key.name)
        return super().to_python(value)


def take_choice_from_row(form, name):
    """Make the form's choice of `name` a ReadTargetField on the form's row."""
    field = form.fields[name]
    form.fields[name] = ReadTargetField(
        form.instance,
        name,
        field.queryset,
        required=field.required,
        widget=field.widget,
        label=field.label,
        help_text=field.help_text,
        error_messages=field.error_messages,
        empty_label=field.empty_label,
        limit_choices_to=field.limit_choices_to,
        to_field_name=field.to_field_name,
    )


class RelatedProfileFormSet(RowsFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        take_choice_from_row(form, "to_profile")
        return form

    def clean(self):
        super().clean()
        for form in _kept_forms(self):
            target = form.cleaned_data.get("to_profile")
            if target and target.pk == self.instance.pk:
                form.add_error(
                    "to_profile",
                    "Une fiche ne peut pas être liée à elle-même : choisissez une autre fiche.",
                )


class AppellationFormSet(RowsFormSet):
    def get_unique_error_message(self, unique_check):
        return "Cette appellation figure deux fois dans la liste : gardez-en une seule."
