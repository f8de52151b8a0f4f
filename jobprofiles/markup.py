"""The rich text of section bodies and introductions: what the editor offers, what is kept.

The editor's toolbar and the sanitiser come from the same extensions, so an editor can only
write what the public page renders. The sanitiser, not the editor, is what guarantees that
no script, event handler, `javascript:` link, iframe or style reaches a page: every save
goes through it, form or not (fixtures, imports, the shell).
"""

from html import unescape

import nh3
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.html import escape, strip_tags
from django_prose_editor.config import allowlist_from_extensions
from django_prose_editor.fields import ProseEditorField

# No sub-heading: an item's title is already the heading the page styles under a section.
EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"protocols": ["http", "https", "mailto"], "enableTarget": False},
}
LINK_REL = "noopener noreferrer nofollow"

HELP_TEXT = (
    "Gras, italique, listes et liens avec les boutons au-dessus du texte. Un texte collé "
    "depuis Word ou Google Docs garde ses paragraphes et ses listes, pas sa mise en page."
)


def _cleaner():
    allowlist = allowlist_from_extensions(EXTENSIONS)
    # Every link gets the same rel, whatever the pasted HTML said.
    allowlist["attributes"]["a"].discard("rel")
    allowlist["link_rel"] = LINK_REL
    return nh3.Cleaner(**allowlist)


_CLEANER = _cleaner()


def sanitise_html(html):
    """The HTML with only the tags, attributes and link schemes the editor can make."""
    cleaned = _CLEANER.clean(html or "").strip()
    # The editor's empty document is one empty paragraph: store it as no text at all.
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned


def text_to_html(text):
    """A plain-text paragraph as stored rich text."""
    return sanitise_html(f"<p>{escape(text)}</p>")


def visible_length(html):
    """How many characters a reader sees: no tags, and « &amp; » is one character."""
    return len(unescape(strip_tags(sanitise_html(html))))


def _french_number(number):
    return f"{number:,}".replace(",", "\u00a0")


@deconstructible
class MaxVisibleLengthValidator:
    """A rich text's length limit, counted as the editor sees the text, not its HTML."""

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, html):
        length = visible_length(html)
        if length > self.limit:
            raise ValidationError(
                "Ce texte fait %(length)s caractères (sans compter la mise en forme) : "
                "raccourcissez-le à %(limit)s caractères au plus.",
                code="max_length",
                params={"length": _french_number(length), "limit": _french_number(self.limit)},
            )

    def __eq__(self, other):
        return isinstance(other, MaxVisibleLengthValidator) and other.limit == self.limit


class RichTextField(ProseEditorField):
    """The editor's rich text, sanitised; its ``max_length`` counts visible characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, extensions=EXTENSIONS, sanitize=sanitise_html, **kwargs)

    def formfield(self, **kwargs):
        """Check the visible length in place of the HTML's (Django's `maxlength`)."""
        limit = [MaxVisibleLengthValidator(self.max_length)] if self.max_length else []
        return super().formfield(**{"max_length": None, "validators": limit, **kwargs})
