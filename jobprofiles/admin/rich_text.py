"""What the rich text editor needs from the change form's content security policy."""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from js_asset import Media

EDITOR_POLICY = {
    # The base stylesheet Tiptap (in django-prose-editor's editor.js) adds as a <style>.
    "style-src": ["'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
    # Pasted HTML is read with its style attributes: Google Docs wraps a whole copy in
    # <b style="font-weight:normal">, which reads as bold when the style is blocked.
    # Styles never reach what is saved (the sanitiser drops them); scripts stay nonce-only.
    "style-src-attr": ["'unsafe-inline'"],
}


class RichTextAdminMixin:
    """Run the editor under the CSP: its inline import map carries the request's nonce."""

    @method_decorator(csp_update(EDITOR_POLICY))
    def changeform_view(self, *args, **kwargs):
        return super().changeform_view(*args, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)
