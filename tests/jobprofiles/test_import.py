"""« Importer une fiche »: a document becomes a draft, and bad files are refused in French."""

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jobprofiles.models import JobProfile

from .seed_document import SEED_DOCUMENT
from .test_plain_french import page_text

IMPORT_URL = reverse("admin:jobprofiles_jobprofile_import")
CONTENT_FIELDS = ["title", "title_language", "summary", "introduction", "alternative_title"]
SECTION_RELATIONS = ["missions", "enjeux", "competences", "environment_items"]


def upload(admin_client, name, content, family):
    document = SimpleUploadedFile(name, content)
    return admin_client.post(IMPORT_URL, {"document": document, "family": family.pk})


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# One bulleted list, as Word defines it: paragraphs of numId 1 are its items.
NUMBERING = (
    f'<?xml version="1.0"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


def paragraph(*runs, bullet=False):
    """A Word paragraph of (text, bold) runs, or of plain text; an item of the list if bullet."""
    properties = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    xml_runs = "".join(
        f"<w:r>{'<w:rPr><w:b/></w:rPr>' if bold else ''}"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        for text, bold in (run if isinstance(run, tuple) else (run, False) for run in runs)
    )
    return f"<w:p>{properties if bullet else ''}{xml_runs}</w:p>"


def docx(paragraphs):
    """A minimal Word document, one paragraph per line (or per paragraph()), as Word writes it."""
    body = "".join(text if text.startswith("<w:p>") else paragraph(text) for text in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType="'
            'application/xml"/><Override PartName="/word/document.xml" ContentType="application'
            '/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/numbering.xml", NUMBERING)
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
        )
    return buffer.getvalue()


def assert_same_fiche(imported, coo):
    for name in CONTENT_FIELDS:
        assert getattr(imported, name) == getattr(coo, name), name
    assert list(imported.appellations.values_list("name", flat=True)) == list(
        coo.appellations.values_list("name", flat=True)
    )
    for relation in SECTION_RELATIONS:
        rows = ("title", "body", "position")
        assert list(getattr(imported, relation).values_list(*rows)) == list(
            getattr(coo, relation).values_list(*rows)
        ), relation
    assert [link.to_profile for link in imported.related_links.all()] == [
        link.to_profile for link in coo.related_links.all()
    ]


def imported_draft(coo):
    return JobProfile.objects.exclude(pk=coo.pk).get(title=coo.title)


def test_importing_the_seed_document_gives_the_coo_of_the_seed_fixture(admin_client, coo):
    response = upload(admin_client, "coo.txt", SEED_DOCUMENT.read_bytes(), coo.family)

    assert response.status_code == 200
    imported = imported_draft(coo)
    assert imported.status == JobProfile.Status.DRAFT
    assert imported.slug == "chief-operations-officer-coo-2"
    assert_same_fiche(imported, coo)
    text = page_text(response)
    assert "Brouillon « Chief Operations Officer (COO) » créé" in text
    assert "« Les missions » : 5 éléments" in text
    assert "« Équipe & environnement » : 1 élément" in text and "1 éléments" not in text
    assert "Appellation : « Directeur des Opérations »" in text
    assert "Fiche liée : « FP&A Analyst »" in text
    assert "ne sont pas l’intitulé d’une fiche existante" in text
    assert "Ouvrir le brouillon" in text


def test_a_word_document_with_the_same_content_gives_the_same_fiche(admin_client, coo):
    lines = [line for line in SEED_DOCUMENT.read_text().splitlines() if line.strip()]

    response = upload(admin_client, "coo.docx", docx(lines), coo.family)

    assert response.status_code == 200
    assert_same_fiche(imported_draft(coo), coo)


def test_a_markdown_file_is_read_with_its_heading_marks(admin_client, family):
    markdown = (
        "# Responsable paie\n\nGère la paie de l’entreprise. Il veille aux délais.\n\n"
        "## Les missions\n\n### Préparer la paie\n\nCollecter les variables chaque mois.\n\n"
        "## Rubrique inconnue\n\n"
        "## Enjeux du poste\n\n**Fiabilité**\n\nAucune erreur sur les bulletins.\n"
    )

    response = upload(admin_client, "paie.md", markdown.encode(), family)

    profile = JobProfile.objects.get(title="Responsable paie")
    assert profile.summary == "Gère la paie de l’entreprise."
    assert list(profile.missions.values_list("title", "body")) == [
        ("Préparer la paie", "<p>Collecter les variables chaque mois.</p>")
    ]
    assert list(profile.enjeux.values_list("title", flat=True)) == ["Fiabilité"]
    assert "Ligne seule « Rubrique inconnue »" in page_text(response)


def test_a_markdown_file_keeps_its_bold_italic_links_and_lists(admin_client, family):
    markdown = (
        "# Responsable paie\n\nGère la *paie* de l’entreprise.\n\n## Les missions\n\n"
        "### Préparer la paie\n\nCollecter les **variables** et les _absences_, voir "
        "[le guide](https://example.fr/guide) :\n\n- les primes ;\n- les heures.\n\n"
        "1. Vérifier.\n2. Envoyer.\n"
    )

    upload(admin_client, "paie.md", markdown.encode(), family)

    profile = JobProfile.objects.get(title="Responsable paie")
    assert profile.introduction == "<p>Gère la <em>paie</em> de l’entreprise.</p>"
    assert profile.summary == "Gère la paie de l’entreprise."
    assert list(profile.missions.values_list("title", "body")) == [
        (
            "Préparer la paie",
            "<p>Collecter les <strong>variables</strong> et les <em>absences</em>, voir "
            '<a href="https://example.fr/guide" rel="noopener noreferrer nofollow">le guide</a>'
            " :</p><ul><li>les primes ;</li><li>les heures.</li></ul>"
            "<ol><li>Vérifier.</li><li>Envoyer.</li></ol>",
        )
    ]


def test_a_markdown_list_of_other_fiches_links_each_one(admin_client, family, make_profile):
    payroll, accounting = make_profile(title="Gestionnaire paie"), make_profile(title="Comptable")
    markdown = (
        "# Responsable paie\n\nGère la paie.\n\n## Les missions\n\nPréparer\n\nLa paie.\n\n"
        "## Nos autres fiches métiers\n\n- Gestionnaire paie\n- Comptable\n- Inconnu\n"
    )

    upload(admin_client, "paie.md", markdown.encode(), family)

    profile = JobProfile.objects.get(title="Responsable paie")
    assert [link.to_profile for link in profile.related_links.all()] == [payroll, accounting]


def test_a_word_document_keeps_its_bold_and_lists(admin_client, family):
    document = docx(
        [
            "Responsable paie",
            paragraph("Gère la ", ("paie", True), " de l’entreprise."),
            "Les missions",
            "Préparer la paie",
            paragraph("Collecter les ", ("variables", True), " :"),
            paragraph("les primes ;", bullet=True),
            paragraph("les heures.", bullet=True),
        ]
    )

    upload(admin_client, "paie.docx", document, family)

    profile = JobProfile.objects.get(title="Responsable paie")
    assert profile.introduction == "<p>Gère la <strong>paie</strong> de l’entreprise.</p>"
    assert list(profile.missions.values_list("title", "body")) == [
        (
            "Préparer la paie",
            "<p>Collecter les <strong>variables</strong> :</p>"
            "<ul><li>les primes ;</li><li>les heures.</li></ul>",
        )
    ]


def test_a_fiche_titled_like_a_page_of_the_site_gets_another_address(admin_client, family):
    text = "Comparer\nCompare des offres.\nLes missions\nComparer\nLes offres."

    upload(admin_client, "comparer.txt", text.encode(), family)

    profile = JobProfile.objects.get(title="Comparer")
    assert profile.slug == "comparer-2"
    assert "Comparer deux métiers" in admin_client.get("/metiers/comparer/").content.decode()


def test_a_paragraph_before_the_first_heading_is_reported(admin_client, family):
    text = "Comptable\nTient les comptes.\nUn paragraphe égaré.\nLes missions\nSaisie\nSaisir."

    response = upload(admin_client, "comptable.txt", text.encode(), family)

    assert "Paragraphe avant la première rubrique : « Un paragraphe égaré." in page_text(response)


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("photo.docx", Path(__file__).read_bytes(), "n’est pas un document Word"),
        ("vide.txt", b"", "est vide"),
        ("gros.txt", b"a" * (20 * 1024 * 1024), "dépasse 5 Mo"),
        ("bombe.docx", zip_bomb(), "anormalement lourd une fois décompressé"),
        ("fiche.txt", b"Comptable\nTient les comptes de l'entreprise.\n", "Aucune rubrique"),
        ("image.png", b"\x89PNG\r\n", "pas pris en charge"),
        ("binaire.txt", b"Les missions\n\x00\x01", "données binaires"),
    ],
)
def test_a_bad_file_gets_a_french_error_and_creates_nothing(
    admin_client, family, name, content, error
):
    before = JobProfile.objects.count()

    response = upload(admin_client, name, content, family)

    assert response.status_code == 200
    assert error in page_text(response)
    assert JobProfile.objects.count() == before


def test_the_import_page_is_linked_from_the_list(admin_client, db):
    listing = admin_client.get(reverse("admin:jobprofiles_jobprofile_changelist"))

    assert f'href="{IMPORT_URL}"' in listing.content.decode()
    assert "Importer une fiche" in page_text(admin_client.get(IMPORT_URL))
