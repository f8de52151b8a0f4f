"""Small helpers shared by test modules."""

import contextlib
import random
import re
import socket
import threading
import time
from datetime import timedelta
from html.parser import HTMLParser

from django.core.management import call_command
from django.utils import timezone

from jobprofiles.derived import one_refresh
from jobprofiles.models import JobFamily, JobProfile, SearchEntry

# Where gunicorn, nginx and the other servers of the tests and the benchmark listen by default:
# below the ports handed out to outgoing connections.
SERVER_PORTS = range(8100, 8300)


def free_port(ports=SERVER_PORTS):
    """A free loopback port in the range."""
    ports = list(ports)
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports[0]}-{ports[-1]}")


def load_seed_roles():
    """Load the seed roles with `loaddata seed_roles`, each profile refreshed once at the end.

    Plain loaddata refreshes a profile after each of its rows, some twenty times per load,
    which most tests only wait through; tests/jobprofiles/test_seed_fixture.py keeps loading
    the fixture exactly as an operator does.
    """
    with one_refresh():
        call_command("loaddata", "seed_roles", verbosity=0)


def as_if_the_date_had_come(profile):
    """Move a scheduled profile's publication date a minute into the past, as if the clock
    had reached it: on its row, its search entry and its family's stored count, which all
    keep the date (the public pages compare them with the clock)."""
    past = timezone.now() - timedelta(minutes=1)
    JobProfile.objects.filter(pk=profile.pk).update(published_at=past)
    SearchEntry.objects.filter(pk=profile.pk).update(published_at=past)
    JobFamily.objects.filter(pk=profile.family_id).update(counted_until=past)


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


class HangingServer:
    """A TCP server on loopback that accepts connections and never answers, like a stuck Redis.

    Records how long each connection was held open by its client: with a client timeout,
    that is the time the client waited.
    """

    def __init__(self):
        self.port = free_port()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.waits = []
        self.open_connections = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.open_connections.append(connection)
            threading.Thread(target=self.hold, args=(connection,), daemon=True).start()

    def hold(self, connection):
        accepted = time.monotonic()
        with connection:
            while connection.recv(4096):
                pass  # read the commands, answer none
        self.waits.append(time.monotonic() - accepted)

    @property
    def connections(self):
        return len(self.open_connections)

    def close(self):
        self.listener.close()
        for connection in self.open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


# An init script for Playwright pages: collects the CSP violations the page reports.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
