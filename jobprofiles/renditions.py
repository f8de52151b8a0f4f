"""The resized copies of a profile's image that pages show, made once when the image is saved.

Making a rendition can cost seconds and much memory; a public request must never pay for
it. Every rendition is made when the profile is saved, and their names are kept on the
profile: pages only read them, and show no image where one is missing.
"""

import logging

from django.core.files.storage import default_storage
from sorl.thumbnail import get_thumbnail

logger = logging.getLogger(__name__)

# Card images in CSS pixels (16:9), the larger for high-density screens; then the 1200×630
# image social networks show for a shared page.
CARD_WIDTHS = (400, 800)
CARD_FORMATS = ("WEBP", "JPEG")
RENDITIONS = {
    **{
        f"card-{image_format.lower()}-{width}": (f"{width}x{width * 9 // 16}", image_format)
        for image_format in CARD_FORMATS
        for width in CARD_WIDTHS
    },
    "social": ("1200x630", "JPEG"),
}


class Rendition:
    """A stored rendition, with what a template needs to show it."""

    def __init__(self, name, width, height):
        self.name, self.width, self.height = name, width, height

    @property
    def url(self):
        return default_storage.url(self.name)


def make_renditions(image):
    """Make every rendition of an image; return what to keep on the profile.

    A rendition that cannot be made is left out and logged, and the profile is saved
    anyway: pages then show it without an image, and the admin tells the editor.
    """
    made = {"source": image.name}
    for key, (geometry, image_format) in RENDITIONS.items():
        try:
            rendition = get_thumbnail(image, geometry, crop="center", format=image_format)
            if not rendition.exists():
                raise OSError(f"{rendition.name} was not written")
        except Exception:  # whatever fails (memory, storage, codec), the save must stand
            logger.exception("Could not make the %s rendition of %s", key, image.name)
            continue
        made[key] = {"name": rendition.name, "width": rendition.width, "height": rendition.height}
    return made


def renditions_are_current(profile):
    """Whether the profile's renditions were made from its current image, all of them."""
    renditions = profile.renditions or {}
    return renditions.get("source") == profile.image.name and all(
        key in renditions for key in RENDITIONS
    )


def stored_renditions(profile, *keys):
    """The renditions of the profile's current image, or None if any of them is missing."""
    renditions = profile.renditions or {}
    if not profile.image or renditions.get("source") != profile.image.name:
        return None
    if not all(key in renditions for key in keys):
        return None
    return [Rendition(**renditions[key]) for key in keys]
