"""Small helpers shared by test modules."""

import re
from html.parser import HTMLParser


def without_nonces(content):
    """Each response carries its own CSP nonce; compare pages without them."""
    return re.sub(rb'nonce="[^"]*"', b"", content)


# What a reader would see if markup or an entity were escaped once too often.
MARKUP_AS_TEXT = re.compile(
    r"</?[a-zA-Z][a-zA-Z0-9]*[^<>]*>|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);"
)
# Attributes read by people: tooltips, alternative texts, labels, search-result snippets.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "content"}


class _TextReader(HTMLParser):
    """The text a page shows and the attributes people read, entities decoded once."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.attributes = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        self.attributes += [(tag, name, value) for name, value in attrs if name in READ_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def read_page(html):
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    return reader


def visible_text(html):
    """The page's text as a reader gets it, white space collapsed."""
    return " ".join(" ".join(read_page(html).texts).split())


def markup_written_as_text(html):
    """Pieces of markup or entities that the page shows as text instead of interpreting."""
    reader = read_page(html)
    found = [match.group() for text in reader.texts for match in MARKUP_AS_TEXT.finditer(text)]
    for tag, name, value in reader.attributes:
        found += [f"{tag}[{name}]: {m.group()}" for m in MARKUP_AS_TEXT.finditer(value or "")]
    return found
