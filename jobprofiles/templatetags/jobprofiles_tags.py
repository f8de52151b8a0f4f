import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from sorl.thumbnail import get_thumbnail

from core.site import absolute_url
from jobprofiles.models import JobProfile

register = template.Library()

# Card image widths in CSS pixels; the larger one serves high-density screens.
CARD_WIDTHS = (400, 800)
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def title_lang(profile):
    """A `lang` attribute for an element showing a title in another language than French."""
    if profile.title_language == JobProfile.Language.FRENCH:
        return ""
    return format_html(' lang="{}"', profile.title_language)


def _rendition(image, width, image_format):
    return get_thumbnail(image, f"{width}x{width * 9 // 16}", crop="center", format=image_format)


@register.inclusion_tag("includes/picture.html")
def profile_picture(profile, eager=False, alt="", css_class="card__image"):
    """A 16:9 image in WebP with a JPEG fallback, at two sizes, never the original upload.

    Cards pass no alt text: their image is decorative beside the title.
    """
    if not profile.image:
        return {}
    return {
        "webp": [_rendition(profile.image, width, "WEBP") for width in CARD_WIDTHS],
        "jpeg": [_rendition(profile.image, width, "JPEG") for width in CARD_WIDTHS],
        "eager": eager,
        "alt": alt,
        "css_class": css_class,
    }


@register.simple_tag
def social_image_url(profile):
    """Absolute URL of the 1200×630 image that social networks show for a shared page."""
    if not profile.image:
        return ""
    image = get_thumbnail(profile.image, "1200x630", crop="center", format="JPEG")
    return absolute_url(image.url)


@register.filter
def json_ld(data):
    """Serialise data for a JSON-LD script block; `</script>` in content cannot end it."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


@register.filter
def thousands(amount):
    """45000 as "45 000", with a no-break space, as French readers write amounts."""
    return f"{amount:,}".replace(",", "\u00a0")
