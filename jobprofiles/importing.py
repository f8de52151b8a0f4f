"""Read a fiche from a document (.docx, Markdown or plain text) into a new draft.

The layout is the one of the seed document: the title, an alternative title if any, the
introduction, then the headings « Les missions », « Enjeux du poste », « Profil &
Compétences », « Équipe & environnement », each item a short title line followed by its
paragraph (stored as rich text). « Nos autres fiches métiers » may follow: titles of
existing profiles found there become related roles. What is not recognised is reported,
never silently dropped.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

import mammoth
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from .markup import text_to_html
from .models import JobProfile, RelatedProfile
from .publishing import looks_english, unique_slug
from .search import normalise

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A .docx is a zip: bound what unpacking it may cost before mammoth reads it.
MAX_DOCX_ENTRIES = 200
MAX_DOCX_UNPACKED_BYTES = 30 * 1024 * 1024
SECTIONS = {
    "les missions": "missions",
    "enjeux du poste": "enjeux",
    "profil & competences": "competences",
    "profil et competences": "competences",
    "equipe & environnement": "environment_items",
    "equipe et environnement": "environment_items",
}
RELATED_HEADING = "nos autres fiches metiers"
TITLE_MAX_LENGTH = 200
# "Le Chief Operations Officer (COO), ou Directeur des Opérations, occupe…"
NAMED_AGAIN = re.compile(r"^[^,]{0,200}?, ou ([^,]{3,150}),")


@dataclass
class ImportedFiche:
    title: str = ""
    appellation: str = ""
    introduction: str = ""
    sections: dict = field(default_factory=dict)
    related_lines: list = field(default_factory=list)
    recognised: list = field(default_factory=list)
    not_recognised: list = field(default_factory=list)


def _bare(line):
    """A line without Markdown heading or emphasis marks."""
    line = re.sub(r"^#{1,6}\s+", "", line.strip())
    return re.sub(r"^(\*\*|__)(.+)\1$", r"\2", line).strip()


def _key(line):
    return normalise(_bare(line)).rstrip(" :")


def _is_title(line):
    return len(line) <= TITLE_MAX_LENGTH and not line.rstrip().endswith((".", "!", "?", ":"))


def _text_lines(upload):
    """The document's non-empty lines, or a ValidationError saying in French why not."""
    name = upload.name.lower()
    if upload.size == 0:
        raise ValidationError("Le fichier est vide : choisissez le document de la fiche.")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "Le fichier dépasse 5 Mo : une fiche métier tient en quelques pages, enregistrez "
            "le document sans ses images."
        )
    data = upload.read()
    if name.endswith(".docx"):
        text = _docx_text(data)
    elif name.endswith((".txt", ".md", ".markdown")):
        if b"\x00" in data:
            raise ValidationError(
                "Ce fichier n’est pas un texte : il contient des données binaires."
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                "Ce texte n’est pas encodé en UTF-8 : enregistrez-le en UTF-8 et réessayez."
            ) from None
    else:
        raise ValidationError(
            "Ce type de fichier n’est pas pris en charge : importez un document Word (.docx), "
            "un fichier Markdown (.md) ou un texte (.txt)."
        )
    return [line.strip() for line in text.splitlines() if line.strip()]


def _docx_text(data):
    not_a_document = ValidationError(
        "Ce fichier n’est pas un document Word (.docx) lisible : ouvrez-le dans Word ou "
        "LibreOffice et enregistrez-le à nouveau au format .docx."
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise not_a_document from None
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_DOCX_ENTRIES or unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise ValidationError(
            "Ce document est anormalement lourd une fois décompressé : il n’a pas été ouvert. "
            "Enregistrez-le à nouveau, sans images, puis réessayez."
        )
    if "word/document.xml" not in archive.namelist():
        raise not_a_document
    try:
        return mammoth.extract_raw_text(io.BytesIO(data)).value
    except Exception:  # mammoth raises many kinds of errors on a damaged document
        raise not_a_document from None


def _items(lines, fiche):
    """Title line + paragraph pairs; a lone paragraph is an item without a title."""
    items, index = [], 0
    while index < len(lines):
        line = _bare(lines[index])
        following = _bare(lines[index + 1]) if index + 1 < len(lines) else None
        if _is_title(line) and following is not None and not _is_title(following):
            items.append((line, following))
            index += 2
        elif not _is_title(line):
            items.append(("", line))
            index += 1
        else:
            fiche.not_recognised.append(
                f"Ligne seule « {line} » (ni rubrique connue, ni titre suivi d’un paragraphe)"
            )
            index += 1
    return items


def read_fiche(upload):
    """What the document holds, with the report of what was and was not recognised."""
    lines = _text_lines(upload)
    fiche = ImportedFiche()
    starts = [i for i, line in enumerate(lines) if _key(line) in SECTIONS]
    if not lines or not starts:
        raise ValidationError(
            "Aucune rubrique attendue n’a été trouvée (« Les missions », « Enjeux du poste », "
            "« Profil & Compétences », « Équipe & environnement ») : vérifiez que chacune "
            "est seule sur sa ligne."
        )
    related = next((i for i, line in enumerate(lines) if _key(line) == RELATED_HEADING), None)
    end = related if related is not None else len(lines)
    head = [_bare(line) for line in lines[: starts[0]]]
    fiche.title = head[0] if head and _is_title(head[0]) else ""
    rest = head[1:] if fiche.title else head
    if rest and _is_title(rest[0]):
        fiche.appellation, rest = rest[0], rest[1:]
    if rest:
        fiche.introduction, extra = rest[0], rest[1:]
        fiche.not_recognised += [
            f"Paragraphe avant la première rubrique : « {paragraph[:80]}… »" for paragraph in extra
        ]
    if not fiche.appellation and (match := NAMED_AGAIN.match(fiche.introduction)):
        fiche.appellation = match[1].strip()
    bounds = sorted([*starts, end])
    for start, stop in zip(bounds, bounds[1:], strict=False):
        relation = SECTIONS[_key(lines[start])]
        items = _items(lines[start + 1 : stop], fiche)
        fiche.sections[relation] = fiche.sections.get(relation, []) + items
    if related is not None:
        fiche.related_lines = [_bare(line) for line in lines[related + 1 :]]
    return fiche


def _first_sentence(text):
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match[1] if match else text[:300]


def _link_related(profile, fiche):
    """Titles of existing profiles under « Nos autres fiches métiers » become related roles."""
    by_title = {
        normalise(title): pk
        for pk, title in JobProfile.objects.exclude(pk=profile.pk).values_list("pk", "title")
    }
    linked, ignored = [], 0
    for line in fiche.related_lines:
        target = by_title.get(normalise(line))
        if target and target not in linked:
            linked.append(target)
            fiche.recognised.append(f"Fiche liée : « {line} »")
        else:
            ignored += 1
    RelatedProfile.objects.bulk_create(
        RelatedProfile(from_profile=profile, to_profile_id=target, position=position)
        for position, target in enumerate(linked, start=1)
    )
    if ignored:
        fiche.not_recognised.append(
            f"Sous « Nos autres fiches métiers » : {ignored} ligne(s) qui ne sont pas "
            "l’intitulé d’une fiche existante (texte des cartes), non reprises"
        )


@transaction.atomic
def create_draft(fiche, family):
    """Save what was read as a new draft with its sections; fill in the report."""
    if not fiche.title:
        raise ValidationError("La première ligne du document doit être l’intitulé du métier.")
    english = looks_english(fiche.title)
    profile = JobProfile.objects.create(
        title=fiche.title[:150],
        title_language=JobProfile.Language.ENGLISH if english else JobProfile.Language.FRENCH,
        slug=unique_slug(slugify(fiche.title)[:150] or "fiche"),
        summary=_first_sentence(fiche.introduction),
        introduction=text_to_html(fiche.introduction),
        family=family,
        status=JobProfile.Status.DRAFT,
    )
    fiche.recognised.append(f"Intitulé : « {profile.title} »")
    if fiche.appellation:
        profile.appellations.create(name=fiche.appellation[:150])
        fiche.recognised.append(f"Appellation : « {fiche.appellation} »")
    if fiche.introduction:
        fiche.recognised.append("Introduction, dont la première phrase sert de résumé")
    for relation, items in fiche.sections.items():
        manager = getattr(profile, relation)
        for position, (title, body) in enumerate(items, start=1):
            manager.create(title=title, body=text_to_html(body), position=position)
        heading = manager.model._meta.verbose_name_plural
        fiche.recognised.append(f"« {heading} » : {len(items)} élément(s)")
    _link_related(profile, fiche)
    return profile
