"""The rich text of section bodies and introductions: what the editor offers, what is kept.

The editor's toolbar and the sanitiser come from the same extensions, so an editor can only
write what the public page renders. The sanitiser, not the editor, is what guarantees that
no script, event handler, `javascript:` link, iframe or style reaches a page: every save
goes through it, form or not (fixtures, imports, the shell).
"""

import nh3
from django.utils.html import escape
from django_prose_editor.config import allowlist_from_extensions

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
