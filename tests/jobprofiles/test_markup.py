"""Section bodies and introductions: light Markdown in, only safe HTML out."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from jobprofiles.markup import ALLOWED_TAGS, render_markdown
from jobprofiles.models import JobProfile, Mission

from .admin_forms import change_form_data, change_url

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=4 /></svg>",
    '<b onmouseover="alert(1)">gras</b>',
    '<a href="javascript:alert(1)">lien</a>',
    '<a href="JaVaScRiPt:alert(1)">lien</a>',
    '<a href="&#106;avascript:alert(1)">lien</a>',
    '<a href=" javascript:alert(1)">lien</a>',
    '<a href="vbscript:msgbox(1)">lien</a>',
    "[lien](javascript:alert(1))",
    "[lien](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[lien](https://example.org "titre" onclick="alert(1)")',
    '<iframe src="https://example.org"></iframe>',
    '<p style="background:url(javascript:alert(1))">texte</p>',
    "<style>body { display: none }</style>",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://example.org"><input name="q"><button>Envoyer</button></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<div onclick="alert(1)">bloc</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "**gras** <a href='https://example.org' onfocus='alert(1)' autofocus>lien</a>",
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


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_nothing_dangerous_survives_rendering(payload):
    html = render_markdown(payload)

    for tag, attrs in parsed(html):
        assert tag in ALLOWED_TAGS
        assert set(attrs) <= {"href", "title", "rel"}
        if "href" in attrs:
            assert attrs["href"].startswith(("https:", "http:", "mailto:"))
    assert "alert(1)</" not in html and "<script" not in html.lower()


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("Un paragraphe.\n\nUn autre.", "<p>Un paragraphe.</p>\n<p>Un autre.</p>"),
        ("Ligne un\nligne deux", "<p>Ligne un<br>\nligne deux</p>"),
        ("**gras** et *italique*", "<p><strong>gras</strong> et <em>italique</em></p>"),
        ("- un\n- deux", "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"),
        ("1. un\n2. deux", "<ol>\n<li>un</li>\n<li>deux</li>\n</ol>"),
        (
            "[Nos offres](https://example.org/offres)",
            '<p><a href="https://example.org/offres" rel="noopener noreferrer nofollow">'
            "Nos offres</a></p>",
        ),
        ("L’équipe & ses 5 collaborateurs", "<p>L’équipe &amp; ses 5 collaborateurs</p>"),
    ],
)
def test_light_formatting_is_rendered(markdown, html):
    assert render_markdown(markdown) == html


def test_an_editor_writes_markdown_and_readers_get_safe_html(admin_client, coo):
    data = change_form_data(admin_client.get(change_url(coo)))
    data["missions-0-body"] = "Piloter **les opérations**.\n\n" + "\n".join(XSS_PAYLOADS)
    data["introduction"] = "Le COO *coordonne*. <img src=x onerror=alert(1)>"

    assert admin_client.post(change_url(coo), data).status_code == 302

    html = admin_client.get(coo.get_absolute_url()).content.decode()
    assert "Piloter <strong>les opérations</strong>." in html
    assert "<p>Le COO <em>coordonne</em>. </p>" in html
    assert "onerror" not in html and "javascript:" not in html and "<iframe" not in html


def test_rendering_happens_on_save_not_per_request(client, published_profile):
    mission = Mission.objects.create(profile=published_profile, body="*Version enregistrée*")
    Mission.objects.filter(pk=mission.pk).update(body="Texte changé sans enregistrer")

    html = client.get(published_profile.get_absolute_url()).content.decode()

    assert "<em>Version enregistrée</em>" in html


def test_the_seed_fixture_is_rendered_when_loaded(db):
    call_command("loaddata", "seed_roles", verbosity=0)
    coo = JobProfile.objects.get(slug="chief-operations-officer-coo")

    assert coo.introduction_html == f"<p>{coo.introduction}</p>"
    for mission in coo.missions.all():
        assert mission.body_html == f"<p>{mission.body}</p>"
