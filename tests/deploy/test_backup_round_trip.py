"""A backup restores: the restored site serves what the original served, byte for byte.

Both sites run under gunicorn; a catalogue with edits, revisions, tags, related roles,
images (and their renditions) and a deleted profile is backed up while the original
serves, restored into a fresh database with empty media, and then every page reachable
from the home page, the sitemap, the admin history and the uploads are compared.
"""

import hashlib
import http.cookiejar
import re
import subprocess
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import psycopg
import pytest

from tests.helpers import without_nonces

from .servers import BIN, PROJECT_ROOT, Gunicorn, manage, site_env
from .test_database_fault import ThrowawayPostgres

pytestmark = pytest.mark.deploy

HOST = "localhost"  # the same host on both sites, so absolute URLs (sitemap, OpenGraph) match
PASSWORD = "un-mot-de-passe-solide"
COO = "chief-operations-officer-coo"

# What editors did to the seed catalogue: an edited, tagged profile (a new revision by an
# editor) and a deleted one that the admin can still bring back from its revisions.
EDITS = f"""
import reversion
from django.contrib.auth.models import User
from jobprofiles.models import JobProfile

editor = User.objects.create_superuser("editrice", "editrice@example.fr", "{PASSWORD}")
coo = JobProfile.objects.get(slug="{COO}")
with reversion.create_revision():
    reversion.set_user(editor)
    reversion.set_comment("Résumé et étiquettes revus.")
    coo.summary = "Pilote toutes les opérations, résumé revu après la sauvegarde."
    coo.save()
    coo.tags.add("Pilotage", "Équipe commerciale")
JobProfile.objects.get(slug="inside-sales").delete()
print(coo.pk)
"""


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "srcset") and value:
                self.found += [part.split()[0] for part in value.split(",") if part.strip()]


def links_in(body):
    parser = Links()
    parser.feed(body.decode(errors="replace"))
    links = parser.found + re.findall(r"<loc>([^<]+)</loc>", body.decode(errors="replace"))
    return {
        urllib.parse.urlsplit(link)._replace(scheme="", netloc="", fragment="").geturl()
        for link in links
        if urllib.parse.urlsplit(link).netloc in ("", HOST)
    }


def fetch(opener, url):
    request = urllib.request.Request(url, headers={"Host": HOST})
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def public_site(server):
    """Every page and upload reachable from the home page, the sitemap and robots.txt."""
    opener = urllib.request.build_opener()
    pages, queue = {}, ["/", "/sitemap.xml", "/robots.txt"]
    while queue and len(pages) < 300:
        path = queue.pop(0)
        if path in pages or path.startswith(("/admin/", "/static/")) or not path.startswith("/"):
            continue
        pages[path] = fetch(opener, server.url + path)
        if not path.startswith("/media/"):
            queue += sorted(links_in(pages[path][1]) - set(pages))
    return {path: (status, without_nonces(body)) for path, (status, body) in pages.items()}


def logged_in(server):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = server.url + "/admin/login/"
    page = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": "editrice", "password": PASSWORD, "csrfmiddlewaretoken": token}
    form["next"] = "/admin/"
    opener.open(login, urllib.parse.urlencode(form).encode()).read()
    return opener


def admin_history(server, profile_id):
    """The edited profile's history and the deleted profiles, as an editor sees them."""
    opener = logged_in(server)
    pages = {}
    for path in (
        f"/admin/jobprofiles/jobprofile/{profile_id}/history/",
        "/admin/jobprofiles/jobprofile/recover/",
    ):
        with opener.open(server.url + path) as response:
            body = without_nonces(response.read())
        pages[path] = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)
    return pages


def checksums(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def site_on(folder, database_url, static_root):
    folder.mkdir()
    return site_env(
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_BACKUP_DIR=str(folder / "backups"),
        DJANGO_SERVE_MEDIA="1",
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
    )


def restore(env, *args):
    return subprocess.run(
        [BIN / "python", "manage.py", "restore", *map(str, args)],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def postgres_cluster():
    server = ThrowawayPostgres()
    yield server
    server.remove()


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    """The URLs of the original database and of a fresh one to restore into."""
    if request.param == "sqlite":
        return [f"sqlite:///{tmp_path / name}.sqlite3" for name in ("original", "restored")]
    cluster = request.getfixturevalue("postgres_cluster")
    base = f"postgres://postgres@127.0.0.1:{cluster.port}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        for name in ("original", "restored"):
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
    return [f"{base}/original", f"{base}/restored"]


def test_a_restored_backup_serves_the_same_site_history_and_uploads(databases, site, tmp_path):
    static = site["folder"] / "static"  # collected once for every deployment test
    original = site_on(tmp_path / "original", databases[0], static)
    manage(original, "migrate", "--noinput")
    manage(original, "load_seed_roles")
    coo_id = manage(original, "shell", "--no-imports", "-c", EDITS).strip()
    server = Gunicorn(original, tmp_path / "original", workers=1)
    try:
        pages = public_site(server)  # also makes the images' renditions
        history = admin_history(server, coo_id)
        manage(original, "backup")  # while the site serves
    finally:
        server.stop()
    (archive,) = (tmp_path / "original" / "backups").glob("careers-*.tar.gz")

    restored = site_on(tmp_path / "restored", databases[1], static)
    result = restore(restored, archive)
    assert result.returncode == 0, result.stderr
    server = Gunicorn(restored, tmp_path / "restored", workers=1)
    try:
        restored_pages = public_site(server)
        restored_history = admin_history(server, coo_id)
    finally:
        server.stop()

    assert len(pages) > 20 and all(status == 200 for status, _ in pages.values())
    assert any(path.startswith("/media/renditions/") for path in pages)
    assert "résumé revu après la sauvegarde" in pages[f"/metiers/{COO}/"][1].decode()
    assert "/metiers/inside-sales/" not in pages
    assert restored_pages == pages
    recover = restored_history["/admin/jobprofiles/jobprofile/recover/"].decode()
    assert "Inside Sales" in recover, "the deleted profile can still be brought back"
    assert (
        "Résumé et étiquettes revus."
        in restored_history[f"/admin/jobprofiles/jobprofile/{coo_id}/history/"].decode()
    )
    assert restored_history == history
    assert checksums(tmp_path / "restored" / "media") == checksums(tmp_path / "original" / "media")

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[:-2000])
    refused = restore(restored, "--replace", truncated)
    assert refused.returncode == 1
    assert "tronquée ou abîmée" in refused.stderr and "rien n’a été modifié" in refused.stderr
