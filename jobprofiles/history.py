"""Readable snapshots of a profile, now or in a past revision, to compare them."""

from collections import defaultdict
from datetime import datetime

from django.utils import timezone
from django.utils.text import capfirst
from reversion.errors import RevertError
from reversion.models import Version
from taggit.models import Tag

from .models import (
    KEY_FACT_FIELDS,
    Appellation,
    Competence,
    Enjeu,
    EnvironmentItem,
    JobFamily,
    JobProfile,
    Mission,
    RelatedProfile,
    TaggedJobProfile,
)
from .search import plain

# What an editor writes on a profile, in the order of the change form.
PROFILE_FIELDS = [
    "title",
    "title_language",
    "slug",
    "family",
    "summary",
    "introduction",
    *KEY_FACT_FIELDS,
    "openings_url",
    "image",
    "image_alt",
    "status",
    "published_at",
]

# What a revision of a profile follows, with the foreign key pointing back to the profile.
FOLLOWED = {
    Appellation: "profile_id",
    Mission: "profile_id",
    Enjeu: "profile_id",
    Competence: "profile_id",
    EnvironmentItem: "profile_id",
    RelatedProfile: "from_profile_id",
    TaggedJobProfile: "content_object_id",
}


def _display(field, value):
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.name == "introduction":
        return plain(value)
    if field.name == "family":
        family = JobFamily.objects.filter(pk=value).first()
        return family.name if family else "(famille supprimée)"
    if field.name == "published_at":
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return str(value)


def _snapshot(fields, items):
    rows = {}
    for name in PROFILE_FIELDS:
        field = JobProfile._meta.get_field(name)
        rows[capfirst(field.verbose_name)] = _display(field, fields.get(field.attname))
    appellations = sorted(items[Appellation], key=lambda item: (item["position"], item["id"]))
    rows["Appellations"] = "\n".join(item["name"] for item in appellations)
    for model in (Mission, Enjeu, Competence, EnvironmentItem):
        entries = sorted(items[model], key=lambda item: (item["position"], item["id"]))
        rows[str(model._meta.verbose_name_plural)] = "\n\n".join(
            "\n".join(filter(None, [item["title"], plain(item["body"])])) for item in entries
        )
    links = sorted(items[RelatedProfile], key=lambda item: (item["position"], item["id"]))
    titles = dict(JobProfile.objects.values_list("pk", "title"))
    kinds = dict(RelatedProfile.Kind.choices)
    rows["Autres fiches métiers"] = "\n".join(
        " — ".join(
            filter(
                None,
                [
                    titles.get(link["to_profile_id"], "(fiche supprimée)"),
                    kinds.get(link.get("kind", "")),
                    link.get("reason", ""),
                ],
            )
        )
        for link in links
    )
    tag_ids = [link["tag_id"] for link in items[TaggedJobProfile]]
    rows["Étiquettes"] = ", ".join(
        sorted(Tag.objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    )
    return rows


def current_snapshot(profile):
    fields = {field.attname: getattr(profile, field.attname) for field in profile._meta.fields}
    items = defaultdict(list)
    for model, fk in FOLLOWED.items():
        items[model] = list(model.objects.filter(**{fk: profile.pk}).values())
    return _snapshot(fields, items)


def _followed_versions(version):
    """The versions of the rows that belong to the profile of this version, in its revision."""
    return [
        other
        for other in version.revision.version_set.all()
        if other._model in FOLLOWED
        and str(other.field_dict[FOLLOWED[other._model]]) == version.object_id
    ]


def version_snapshot(version):
    """The profile as the given version of it saved it, with its sections and links."""
    items = defaultdict(list)
    for other in _followed_versions(version):
        items[other._model].append(other.field_dict)
    return _snapshot(version.field_dict, items)


def changes(old, new):
    """The rows that differ, as (label, old value, new value)."""
    return [
        (label, old.get(label, ""), value)
        for label, value in new.items()
        if old.get(label, "") != value
    ]


def _to_millisecond(moment):
    """Revisions store times to the millisecond (Django's JSON serializer cuts the rest)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def stale_edit_message(profile, loaded_version):
    """Tell an editor whose form is out of date who saved meanwhile and what changed."""
    versions = Version.objects.get_for_object(profile).select_related("revision__user")
    latest = versions.first()
    if latest and latest.revision.user:
        author = latest.revision.user.get_full_name() or latest.revision.user.get_username()
    else:
        author = "quelqu’un d’autre"
    saved_at = timezone.localtime(profile.updated_at).strftime("%d/%m/%Y à %H:%M")
    message = (
        f"Cette fiche a été modifiée par {author} le {saved_at}, après que vous l’avez "
        "ouverte. Votre enregistrement a été refusé pour ne pas effacer ses modifications ; "
        "les vôtres restent affichées dans ce formulaire."
    )
    try:
        loaded_at = _to_millisecond(datetime.fromisoformat(loaded_version))
    except ValueError:
        loaded_at = None
    loaded = next(
        (
            version
            for version in versions
            if _to_millisecond(version.field_dict["updated_at"]) == loaded_at
        ),
        None,
    )
    if loaded is None:
        message += " Le détail des changements n’est pas connu : la fiche n’avait pas d’historique."
    else:
        new = current_snapshot(profile)
        changed = [label for label, _, _ in changes(version_snapshot(loaded), new)]
        message += f" Éléments modifiés entre-temps : {', '.join(changed) or 'aucun texte'}."
    return message + (
        " Pour continuer : copiez vos changements, ouvrez la fiche à jour dans un nouvel "
        "onglet (ou rechargez cette page), reportez-les puis enregistrez."
    )


def _deleted_title(pk):
    """The title a since-deleted profile had in its last version, if it had one."""
    version = Version.objects.get_for_object_reference(JobProfile, pk).first()
    return f"« {version.object_repr} »" if version else "une fiche"


def restore_what_can_be(version):
    """Put back the profile of this version as its revision saved it, as far as it can be.

    django-reversion restores every row of a revision or none, and fails when one points
    to a since-deleted profile or tag, or when the slug is now another profile's. Here
    those rows are left out (and the slug made free); the French notes returned say what
    was not restored and why.
    """
    from .publishing import unique_slug

    own = [version, *_followed_versions(version)]
    notes, kept = [], []
    for other in own:
        data = other.field_dict
        if other is version:
            kept.append(other)
        elif (
            other._model is RelatedProfile
            and not JobProfile.objects.filter(pk=data["to_profile_id"]).exists()
        ):
            notes.append(
                f"Le lien vers {_deleted_title(data['to_profile_id'])} n’est pas restauré : "
                "cette fiche a été supprimée depuis."
            )
        elif (
            other._model is TaggedJobProfile and not Tag.objects.filter(pk=data["tag_id"]).exists()
        ):
            notes.append("Une étiquette n’est pas restaurée : elle a été supprimée depuis.")
        else:
            kept.append(other)
    profile = version._object_version.object
    if not JobFamily.objects.filter(pk=profile.family_id).exists():
        raise RevertError(
            f"La fiche « {profile.title} » ne peut pas être restaurée : sa famille a été "
            "supprimée depuis. Recréez une famille, rattachez-y une fiche, puis réessayez."
        )
    taken = JobProfile.objects.exclude(pk=profile.pk).filter(slug=profile.slug).first()
    if taken:
        slug, profile.slug = profile.slug, unique_slug(profile.slug[:150])
        notes.append(
            f"L’identifiant d’URL « {slug} » est pris depuis par la fiche « {taken.title} » : "
            f"la fiche est restaurée sous « {profile.slug} », que vous pouvez changer avant "
            "d’enregistrer."
        )
    for model, fk in FOLLOWED.items():
        restored = [other.object_id for other in kept if other._model is model]
        model.objects.filter(**{fk: profile.pk}).exclude(pk__in=restored).delete()
    for other in kept:
        other.revert()
    return notes
