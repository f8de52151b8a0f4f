"""Side effects of saving content: sanitised rich text, the seed illustrations, derived data."""

from django.conf import settings
from django.core.files import File
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag

from .derived import profile_touched, recount_families, refresh_profiles
from .markup import sanitise_html
from .models import (
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
from .page_parts import outdated, refresh_page_parts
from .renditions import make_renditions, renditions_are_current
from .search import refresh_search_fields, sync_search_names


@receiver(pre_save, sender=JobProfile)
def sanitise_introduction(sender, instance, **kwargs):
    """Sanitise on every save, raw fixture loads included: pages print the text as stored."""
    instance.introduction = sanitise_html(instance.introduction)


@receiver(pre_save, sender=Mission)
@receiver(pre_save, sender=Enjeu)
@receiver(pre_save, sender=Competence)
@receiver(pre_save, sender=EnvironmentItem)
def sanitise_section_body(sender, instance, **kwargs):
    instance.body = sanitise_html(instance.body)


@receiver(pre_save, sender=JobProfile)
def copy_seed_image(sender, instance, raw, **kwargs):
    """Put a fixture's image into media storage when it is shipped in fixtures/media/.

    `loaddata` only writes the file name; the file itself lives in the repository, so a
    fresh install (or any storage backend) gets it here. An existing file is kept as is,
    which makes loading the fixture again harmless.
    """
    if not raw or not instance.image:
        return
    name = instance.image.name
    source = settings.SEED_MEDIA_DIR / name
    storage = instance.image.storage
    if source.is_file() and not storage.exists(name):
        with source.open("rb") as seed_file:
            saved_name = storage.save(name, File(seed_file))
        instance.image.name = saved_name


@receiver(post_save, sender=JobProfile)
def make_image_renditions(sender, instance, raw, **kwargs):
    """Make the renditions of a new image in the save that brings it, never in a page view.

    A fixture names renditions that may not exist in this storage: loading one remakes
    them (sorl-thumbnail skips those it finds).
    """
    if instance.image and not raw and renditions_are_current(instance):
        return
    renditions = make_renditions(instance.image) if instance.image else {}
    if renditions != instance.renditions:
        instance.renditions = renditions
        JobProfile.objects.filter(pk=instance.pk).update(renditions=renditions)


@receiver(post_save, sender=JobProfile)
def refresh_profile_search(sender, instance, **kwargs):
    profile_touched(instance.pk)


@receiver(post_delete, sender=JobProfile)
def recount_without_profile(sender, instance, **kwargs):
    """A deleted profile has nothing left to refresh, but its family's count must follow."""
    profile_touched(instance.pk)


@receiver(post_save, sender=JobFamily)
def refresh_family_profiles(sender, instance, created, **kwargs):
    """A family's name is searched and shown on its profiles' pages and cards."""
    if not created:
        profiles = JobProfile.objects.filter(family=instance).values_list("pk", flat=True)
        refresh_profiles(list(profiles), showing_them=True)


def deleting_profiles(origin):
    """Whether a deletion started from profiles themselves: their sections go with them."""
    return getattr(origin, "model", type(origin)) is JobProfile


def refresh_parent_search(sender, instance, origin=None, **kwargs):
    """A section or an appellation changed: its profile's search text must follow."""
    if not deleting_profiles(origin):
        profile_touched(instance.profile_id)


for model in (Mission, Enjeu, Competence, EnvironmentItem, Appellation):
    post_save.connect(refresh_parent_search, sender=model)
    post_delete.connect(refresh_parent_search, sender=model)


@receiver([post_save, post_delete], sender=RelatedProfile)
def refresh_linking_page(sender, instance, **kwargs):
    """A related role was added, changed or removed, or the role it led to was deleted: the
    page showing it must follow (a deleted profile is not refreshed)."""
    profile_touched(instance.from_profile_id)


@receiver([post_save, post_delete], sender=TaggedJobProfile)
def refresh_tagged_search(sender, instance, origin=None, **kwargs):
    """A tag was added or removed: its profile's search text must follow."""
    if not deleting_profiles(origin):
        profile_touched(instance.content_object_id)


@receiver(post_save, sender=Tag)
def refresh_tag_pages(sender, instance, created, **kwargs):
    """A renamed tag is found, and shown, under its new name on its profiles' pages."""
    if not created:
        tagged = TaggedJobProfile.objects.filter(tag=instance)
        refresh_profiles(tagged.values_list("content_object_id", flat=True))


@receiver(post_migrate)
def fill_missing_search_fields(sender, **kwargs):
    """Profiles saved before a search field existed get it on the next migrate, profiles
    whose page parts were rendered by another release get them again, the names a typo is
    compared with are those profiles bear, and the families' counts are made again (a
    migration or a raw SQL change may have moved them)."""
    if sender.label == "jobprofiles" and at_latest_state(kwargs["apps"]):
        refresh_search_fields(JobProfile.objects.filter(search_document=""))
        refresh_page_parts(outdated(JobProfile.objects.all()))
        sync_search_names()
        recount_families()


def at_latest_state(apps):
    """Whether the database was migrated to the models' latest state (not back to older)."""
    migrated = apps.get_model("jobprofiles", "JobProfile")
    return {field.column for field in migrated._meta.concrete_fields} >= {
        field.column for field in JobProfile._meta.concrete_fields
    }
