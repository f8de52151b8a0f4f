from django import template
from django.utils.html import format_html

from jobprofiles.models import JobProfile

register = template.Library()


@register.simple_tag
def title_lang(profile):
    """A `lang` attribute for an element showing a title in another language than French."""
    if profile.title_language == JobProfile.Language.FRENCH:
        return ""
    return format_html(' lang="{}"', profile.title_language)
