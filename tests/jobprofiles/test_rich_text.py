"""Section bodies and introductions: rich text in, only the HTML the page renders out."""

import json
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jobprofiles.markup import sanitise_html
from jobprofiles.models import JobProfile, Mission

from .admin_forms import change_form_data, change_url

# What the editor's extensions make, and nothing else.
ALLOWED = {
    "p": set(),
    "br": set(),
    "strong": set(),
    "em": set(),
    "ul": set(),
    "ol": {"start", "type", "data-type"},
    "li": set(),
    "a": {"href", "title", "rel"},
}

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=4 /></svg>",
    '<b onmouseover="alert(1)">gras</b>',
    '<strong onclick="alert(1)">gras</strong>',
    '<a href="javascript:alert(1)">lien</a>',
    '<a href="JaVaScRiPt:alert(1)">lien</a>',
    '<a href="&#106;avascript:alert(1)">lien</a>',
    '<a href=" javascript:alert(1)">lien</a>',
    '<a href="java&#x09;script:alert(1)">lien</a>',
    '<a href="vbscript:msgbox(1)">lien</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">lien</a>',
    '<a href="https://example.org" target="_blank" onclick="alert(1)">lien</a>',
    '<iframe src="https://example.org"></iframe>',
    '<p style="background:url(javascript:alert(1))">texte</p>',
    '<p class="MsoNormal" id="x">texte</p>',
    "<style>body { display: none }</style>",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://example.org"><input name="q"><button>Envoyer</button></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<div onclick="alert(1)">bloc</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<ol start="2" onmouseover="alert(1)"><li>un</li></ol>',
    "<p><strong>gras</strong> <a href='https://example.org' onfocus='alert(1)' autofocus>x</a></p>",
]


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(html):
    collector = TagCollector()
    collector.feed(html)
    return collector.tags


def assert_only_what_the_page_renders(html):
    for tag, attrs in parsed(html):
        assert tag in ALLOWED, tag
        assert set(attrs) <= ALLOWED[tag], (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith(("https:", "http:", "mailto:"))
    lowered = html.lower()
    assert "<script" not in lowered and "javascript:" not in lowered and "onerror" not in lowered


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_nothing_dangerous_survives_sanitising(payload):
    assert_only_what_the_page_renders(sanitise_html(payload))


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("<p>Un paragraphe.</p><p>Un autre.</p>",) * 2,
        ("<p>Ligne un<br>ligne deux</p>",) * 2,
        ("<p><strong>gras</strong> et <em>italique</em></p>",) * 2,
        ("<ul><li><p>un</p></li><li><p>deux</p></li></ul>",) * 2,
        ("<ol><li><p>un</p></li></ol>",) * 2,
        (
            '<p><a href="https://example.org/offres" target="_blank" rel="opener">'
            "Nos offres</a></p>",
            '<p><a href="https://example.org/offres" rel="noopener noreferrer nofollow">'
            "Nos offres</a></p>",
        ),
        (
            '<p><a href="mailto:rh@example.fr">Écrire</a></p>',
            '<p><a href="mailto:rh@example.fr" rel="noopener noreferrer nofollow">Écrire</a></p>',
        ),
        ("<p>L’équipe &amp; ses 5 collaborateurs</p>",) * 2,
        # Pasted from Word: the paragraph stays, its classes, styles and spans go.
        (
            '<p class="MsoNormal" style="margin:0"><span style="font-family:Calibri">'
            "<b>Texte</b> <u>souligné</u></span></p><h1>Titre</h1>",
            "<p>Texte souligné</p>Titre",
        ),
        ("<p></p>", ""),
    ],
)
def test_what_the_editor_makes_is_kept_and_the_rest_dropped(written, stored):
    assert sanitise_html(written) == stored


def test_an_editor_posts_rich_text_and_readers_get_safe_html(admin_client, client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    data["missions-0-body"] = "<p>Piloter <strong>les opérations</strong>.</p>" + "".join(
        XSS_PAYLOADS
    )
    data["introduction"] = "<p>Le COO <em>coordonne</em>. <img src=x onerror=alert(1)></p>"

    assert admin_client.post(change_url(coo), data).status_code == 302

    coo.refresh_from_db()
    assert coo.introduction == "<p>Le COO <em>coordonne</em>. </p>"
    assert_only_what_the_page_renders(coo.missions.get(position=1).body)
    html = client.get(coo.get_absolute_url()).content.decode()
    assert "<p>Piloter <strong>les opérations</strong>.</p>" in html
    assert "<p>Le COO <em>coordonne</em>. </p>" in html
    assert "onerror" not in html and "javascript:" not in html and "<iframe" not in html
    api = client.get(f"/api/v1/profiles/{coo.slug}").json()
    assert_only_what_the_page_renders(api["sections"][0]["items"][0]["body_html"])


def test_text_saved_without_the_form_is_sanitised_too(db, tmp_path, published_profile):
    """Fixtures, imports and the shell write rows directly: the save sanitises them."""
    fixture = tmp_path / "texts.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "jobprofiles.mission",
                    "pk": 9001,
                    "fields": {
                        "profile": published_profile.pk,
                        "body": "<p><em>Chargé</em></p><script>alert(1)</script>",
                        "position": 1,
                    },
                }
            ]
        )
    )
    call_command("loaddata", str(fixture), verbosity=0)
    created = Mission.objects.create(profile=published_profile, body='<img src=x onerror="x">ok')

    assert Mission.objects.get(pk=9001).body == "<p><em>Chargé</em></p>"
    created.refresh_from_db()
    assert created.body == "ok"


def test_the_seed_fixture_holds_sanitised_html(db):
    call_command("loaddata", "seed_roles", verbosity=0)
    coo = JobProfile.objects.get(slug="chief-operations-officer-coo")

    assert coo.introduction.startswith("<p>Le Chief Operations Officer")
    for mission in coo.missions.all():
        assert mission.body.startswith("<p>") and sanitise_html(mission.body) == mission.body


BEFORE, AFTER = ("jobprofiles", "0014_image_renditions"), ("jobprofiles", "0015_rich_text")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_turns_markdown_into_the_html_readers_saw():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = executor.loader.project_state([BEFORE]).apps
    family = apps.get_model("jobprofiles", "JobFamily").objects.create(slug="f", name="F")
    profile = apps.get_model("jobprofiles", "JobProfile").objects.create(
        slug="p",
        title="P",
        family=family,
        introduction="Le *COO*.",
        introduction_html="<p>Le <em>COO</em>.</p>",
    )
    missions = apps.get_model("jobprofiles", "Mission").objects
    missions.create(
        profile=profile, body="- un\n- deux", body_html="<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"
    )
    missions.create(profile=profile, body="Écrit <à la main>\n\nSuite", body_html="", position=2)

    executor.loader.build_graph()
    executor.migrate([AFTER])
    try:
        migrated = JobProfile.objects.only("introduction").get(slug="p")  # columns of 0015
        assert migrated.introduction == "<p>Le <em>COO</em>.</p>"
        assert list(migrated.missions.values_list("body", flat=True)) == [
            "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>",
            "<p>Écrit &lt;à la main&gt;</p><p>Suite</p>",
        ]
    finally:  # the next tests need every later column
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
