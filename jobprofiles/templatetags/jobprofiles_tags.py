import json
from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import truncatewords
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.site import absolute_url
from jobprofiles.models import JobProfile
from jobprofiles.renditions import CARD_WIDTHS, stored_renditions

register = template.Library()

_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def title_lang(profile):
    """A `lang` attribute for an element showing a title in another language than French."""
    if profile.title_language == JobProfile.Language.FRENCH:
        return ""
    return format_html(' lang="{}"', profile.title_language)


# How wide the 16:9 image shows on the page, for the browser to pick a rendition.
PICTURE_SIZES = "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, 100vw"
LAZY_LOADING = ' loading="lazy"'


@register.simple_tag
def profile_picture(profile, eager=False, alt="", css_class="card__image"):
    """A 16:9 image in WebP with a JPEG fallback, at two sizes, never the original upload.

    Cards pass no alt text: their image is decorative beside the title. Without all its
    renditions (made when the image was saved), the card shows no image. Built here rather
    than in an included template: every card of a list shows one.
    """
    webp = stored_renditions(profile, *(f"card-webp-{width}" for width in CARD_WIDTHS))
    jpeg = stored_renditions(profile, *(f"card-jpeg-{width}" for width in CARD_WIDTHS))
    if not (webp and jpeg):
        return ""
    return format_html(
        '<picture>\n  <source type="image/webp" srcset="{}" sizes="{}">\n'
        '  <img class="{}" src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{}'
        ' decoding="async">\n</picture>',
        srcset(webp),
        PICTURE_SIZES,
        css_class,
        jpeg[0].url,
        srcset(jpeg),
        PICTURE_SIZES,
        alt,
        jpeg[0].width,
        jpeg[0].height,
        "" if eager else mark_safe(LAZY_LOADING),
    )


# The card the list shows and the profile's page parts store (page_parts.with_stored_cards),
# its image loaded lazily. The list's first card loads it at once: stored_card_shown().
LIST_CARD = {"heading": "h2", "eager": False, "reason": ""}


def stored_card_shown(card, eager):
    """A stored list card as shown, its image loaded at once if eager.

    The card's texts are escaped (quotes included), so the image's attribute is the one
    place the loading attribute can appear.
    """
    return mark_safe(card.replace(LAZY_LOADING, "", 1) if eager else card)


@register.simple_tag
def profile_card(profile, heading="h3", eager=False, reason=""):
    """A card linking to a profile: its image, family, title, summary or search excerpt, and
    why it is shown, if it says so. Heading: "h2" or "h3"; eager: load the image at once.

    Built here rather than in an included template: a page shows up to twelve cards, and
    including a template costs more than all the rest of a card. A list card read as stored
    (`stored_card`, page_parts.with_stored_cards()) is shown as stored.
    """
    excerpt = getattr(profile, "excerpt", "")
    stored = getattr(profile, "stored_card", None)
    if stored and not excerpt and dict(heading=heading, eager=False, reason=reason) == LIST_CARD:
        return stored_card_shown(stored, eager)
    if excerpt:
        summary = format_html('<p class="card__summary card__excerpt">{}</p>', excerpt)
    else:
        summary = format_html('<p class="card__summary">{}</p>', truncatewords(profile.summary, 30))
    return format_html(
        '<article class="card">\n  {}\n  <div class="card__body">\n'
        '    <p class="card__family">{}</p>\n'
        '    <{} class="card__title"><a class="card__link" href="{}"{}>{}</a></{}>\n'
        "    {}{}\n  </div>\n</article>",
        profile_picture(profile, eager=eager),
        profile.family.name,
        heading,
        profile.get_absolute_url(),
        title_lang(profile),
        profile.title,
        heading,
        summary,
        format_html('<p class="card__reason">{}</p>', reason) if reason else "",
    )


@register.simple_tag(takes_context=True)
def family_facets(context, families, current):
    """The list's family filters: [(family, count)] as links keeping the list's other
    filters and going back to the first page (as `{% querystring famille=… page=None %}`).
    A count of None (a search that found more than it counts) shows no number.

    Built here rather than in a loop of the template: the list shows every family.
    """
    others = [
        (key, value)
        for key, values in context["request"].GET.lists()
        if key not in ("famille", "page")
        for value in values
    ]
    links = [
        (
            urlencode([*others, ("famille", family.slug)]),
            mark_safe(' aria-current="true"') if family == current else "",
            family.name,
            ""
            if count is None
            else format_html(' <span class="facets__count">({})</span>', thousands(count)),
        )
        for family, count in families
    ]
    return format_html_join("\n", '<li><a class="facets__link" href="?{}"{}>{}{}</a></li>', links)


def srcset(images):
    return ", ".join(f"{image.url} {image.width}w" for image in images)


@register.simple_tag
def social_image_url(profile):
    """Absolute URL of the 1200×630 image that social networks show for a shared page."""
    social = stored_renditions(profile, "social")
    if not social:
        return ""
    return absolute_url(social[0].url)


@register.filter
def json_ld(data):
    """Serialise data for a JSON-LD script block; `</script>` in content cannot end it."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))


@register.filter
def thousands(amount):
    """45000 as "45 000", with a no-break space, as French readers write amounts."""
    return f"{amount:,}".replace(",", "\u00a0")
