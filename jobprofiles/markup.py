"""Light Markdown for section bodies and introductions, rendered once and sanitised."""

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

FORMATTING_HELP = (
    "Mise en forme légère : **gras**, *italique*, listes avec une ligne par élément "
    "commençant par « - » ou « 1. », liens écrits [texte](https://…). "
    "Une ligne vide sépare deux paragraphes."
)


def render_markdown(text):
    """HTML for a Markdown text, keeping only the allowed tags, attributes and link schemes.

    Markdown passes raw HTML through, so the sanitiser, not the Markdown parser, is what
    guarantees that no script, event handler, `javascript:` link, iframe or style survives.
    """
    html = markdown.markdown(text, extensions=["nl2br", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
