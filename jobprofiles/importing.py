"""Read a fiche from a document (.docx, Markdown or plain text) into a new draft.

The layout is the one of the seed document: the title, an alternative title if any, the
introduction, then the headings « Les missions », « Enjeux du poste », « Profil &
Compétences », « Équipe & environnement », each item a short title line followed by its
paragraph (stored as rich text). « Nos autres fiches métiers » may follow: titles of
existing profiles found there become related roles. What is not recognised is reported,
never silently dropped.

Each format becomes the same blocks (a paragraph, a heading or a list), with their plain
text to recognise the layout and their HTML to keep: bold, italic, lists and links of a
Markdown file or a Word document stay rich text, as far as the sanitiser keeps them.
"""

import html
import io
import re
import zipfile
from dataclasses import dataclass, field

import mammoth
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils.html import escape
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
MARKDOWN_LIST_ITEM = re.compile(r"^(?:[-*+]|(\d+)[.)])\s+(.+)$")
MARKDOWN_INLINE = [
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__"), "strong"),
    (
        re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"),
        "em",
    ),
]
MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
# The blocks mammoth writes at the top level of a document.
HTML_BLOCK = re.compile(r"<(p|h[1-6]|ul|ol|table)\b[^>]*>")


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or list of the document: its plain text and its HTML."""

    text: str
    html: str
    is_list: bool = False

    @property
    def is_title(self):
        return not self.is_list and _is_title(self.text)


@dataclass
class ImportedFiche:
    title: str = ""
    appellation: str = ""
    introduction: str = ""
    introduction_html: str = ""
    sections: dict = field(default_factory=dict)
    related_lines: list = field(default_factory=list)
    recognised: list = field(default_factory=list)
    not_recognised: list = field(default_factory=list)


def _bare(line):
    """A line without Markdown heading or emphasis marks."""
    line = re.sub(r"^#{1,6}\s+", "", line.strip())
    return re.sub(r"^(\*\*|__)(.+)\1$", r"\2", line).strip()


def _key(block):
    return normalise(block.text).rstrip(" :")


def _plain(fragment):
    """The text of an HTML fragment, for recognising the layout."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _is_title(line):
    return len(line) <= TITLE_MAX_LENGTH and not line.rstrip().endswith((".", "!", "?", ":"))


def _text_blocks(text):
    """A plain text: each non-empty line is a paragraph."""
    lines = (_bare(line) for line in text.splitlines())
    return [Block(line, text_to_html(line)) for line in lines if line]


def _markdown_inline(line):
    fragment = escape(line)
    for pattern, tag in MARKDOWN_INLINE:
        fragment = pattern.sub(
            lambda match, tag=tag: f"<{tag}>{match[1] or match[2]}</{tag}>", fragment
        )
    return MARKDOWN_LINK.sub(r'<a href="\2">\1</a>', fragment)


def _markdown_blocks(text):
    """Markdown: headings and paragraphs line by line, consecutive list items as one list."""
    blocks = []
    for line in filter(None, (line.strip() for line in text.splitlines())):
        item = MARKDOWN_LIST_ITEM.match(line)
        if not item:
            fragment = _markdown_inline(re.sub(r"^#{1,6}\s+", "", line))
            blocks.append(Block(_plain(fragment), f"<p>{fragment}</p>"))
            continue
        tag = "ol" if item[1] else "ul"
        fragment = f"<li>{_markdown_inline(item[2])}</li>"
        previous = blocks[-1] if blocks else None
        if previous and previous.is_list and previous.html.startswith(f"<{tag}>"):
            fragment = previous.html.removeprefix(f"<{tag}>").removesuffix(f"</{tag}>") + fragment
            blocks.pop()
        blocks.append(Block(_plain(fragment), f"<{tag}>{fragment}</{tag}>", is_list=True))
    return blocks


def _html_blocks(document):
    """mammoth's HTML: each top-level element, nested lists kept inside theirs."""
    blocks, index = [], 0
    while start := HTML_BLOCK.search(document, index):
        tag = start[1]
        marks, depth, index = re.compile(rf"<(/?){tag}\b[^>]*>"), 1, start.end()
        while depth and (mark := marks.search(document, index)):
            depth += -1 if mark[1] else 1
            index = mark.end()
        fragment = document[start.start() : index]
        if tag.startswith("h"):
            fragment = f"<p>{re.sub(r'</?h[1-6][^>]*>', '', fragment)}</p>"
        text = _plain(fragment)
        if text:
            blocks.append(Block(text, fragment, is_list=tag in ("ul", "ol")))
    return blocks


def _lines(block):
    """A list's items one by one, any other block whole."""
    if not block.is_list:
        return [block.text]
    return [_plain(item) for item in re.findall(r"<li>(.*?)</li>", block.html, re.S)]


def _document_blocks(upload):
    """The document's blocks, or a ValidationError saying in French why not."""
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
        return _html_blocks(_docx_html(data))
    if name.endswith((".txt", ".md", ".markdown")):
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
        return _text_blocks(text) if name.endswith(".txt") else _markdown_blocks(text)
    raise ValidationError(
        "Ce type de fichier n’est pas pris en charge : importez un document Word (.docx), "
        "un fichier Markdown (.md) ou un texte (.txt)."
    )


def _docx_html(data):
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
        return mammoth.convert_to_html(io.BytesIO(data)).value
    except Exception:  # mammoth raises many kinds of errors on a damaged document
        raise not_a_document from None


def _items(blocks, fiche):
    """Title line + paragraph pairs; a lone paragraph is an item without a title.

    Lists right after a paragraph (or a title) belong to the same item.
    """
    items, index = [], 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.is_title and (following is None or following.is_title):
            fiche.not_recognised.append(
                f"Ligne seule « {block.text} » (ni rubrique connue, ni titre suivi d’un paragraphe)"
            )
            index += 1
            continue
        title = block.text if block.is_title else ""
        index += 1 if block.is_title else 0
        body = [blocks[index].html]
        index += 1
        while index < len(blocks) and blocks[index].is_list:
            body.append(blocks[index].html)
            index += 1
        items.append((title, "".join(body)))
    return items


def read_fiche(upload):
    """What the document holds, with the report of what was and was not recognised."""
    blocks = _document_blocks(upload)
    fiche = ImportedFiche()
    starts = [i for i, block in enumerate(blocks) if _key(block) in SECTIONS]
    if not starts:
        raise ValidationError(
            "Aucune rubrique attendue n’a été trouvée (« Les missions », « Enjeux du poste », "
            "« Profil & Compétences », « Équipe & environnement ») : vérifiez que chacune "
            "est seule sur sa ligne."
        )
    related = next((i for i, block in enumerate(blocks) if _key(block) == RELATED_HEADING), None)
    end = related if related is not None else len(blocks)
    head = blocks[: starts[0]]
    fiche.title = head[0].text if head and head[0].is_title else ""
    rest = head[1:] if fiche.title else head
    if rest and rest[0].is_title:
        fiche.appellation, rest = rest[0].text, rest[1:]
    if rest:
        fiche.introduction, fiche.introduction_html = rest[0].text, rest[0].html
        fiche.not_recognised += [
            f"Paragraphe avant la première rubrique : « {block.text[:80]}… »" for block in rest[1:]
        ]
    if not fiche.appellation and (match := NAMED_AGAIN.match(fiche.introduction)):
        fiche.appellation = match[1].strip()
    bounds = sorted([*starts, end])
    for start, stop in zip(bounds, bounds[1:], strict=False):
        relation = SECTIONS[_key(blocks[start])]
        items = _items(blocks[start + 1 : stop], fiche)
        fiche.sections[relation] = fiche.sections.get(relation, []) + items
    if related is not None:
        fiche.related_lines = [line for block in blocks[related + 1 :] for line in _lines(block)]
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
            f"Sous « Nos autres fiches métiers » : {ignored} ligne{pluralize(ignored)} qui ne "
            f"{'sont' if ignored > 1 else 'est'} pas l’intitulé d’une fiche existante "
            f"(texte des cartes), non reprise{pluralize(ignored)}"
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
        introduction=fiche.introduction_html,
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
            manager.create(title=title, body=body, position=position)
        heading = manager.model._meta.verbose_name_plural
        fiche.recognised.append(f"« {heading} » : {len(items)} élément{pluralize(len(items))}")
    _link_related(profile, fiche)
    return profile
