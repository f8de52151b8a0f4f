"""Bring the seed illustrations along when the seed fixture is loaded."""

from django.conf import settings
from django.core.files import File
from django.db.models.signals import pre_save
from django.dispatch import receiver

from .models import JobProfile


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
