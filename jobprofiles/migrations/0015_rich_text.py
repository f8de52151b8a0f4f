import json

from django.db import migrations, models
from django.utils.html import escape

# (model, the text an editor wrote, its HTML as pages showed it until now)
TEXTS = [
    ("jobprofile", "introduction", "introduction_html"),
    ("mission", "body", "body_html"),
    ("enjeu", "body", "body_html"),
    ("competence", "body", "body_html"),
    ("environmentitem", "body", "body_html"),
]


def as_html(markdown, rendered):
    """What readers saw: the Markdown's sanitised render, made on every save since 0004.

    A text never rendered (written around the signals) becomes escaped paragraphs.
    """
    if rendered or not markdown.strip():
        return rendered
    paragraphs = [part.strip() for part in markdown.split("\n\n") if part.strip()]
    return "".join(f"<p>{escape(part)}</p>" for part in paragraphs)


def markdown_to_html(apps, schema_editor):
    """The texts become the HTML readers saw, in the rows and in their history."""
    for model_name, source, rendered in TEXTS:
        model = apps.get_model("jobprofiles", model_name)
        rows = list(model.objects.all())
        for row in rows:
            setattr(row, source, as_html(getattr(row, source), getattr(row, rendered)))
        model.objects.bulk_update(rows, [source], batch_size=500)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for model_name, source, rendered in TEXTS:
        content_type = ContentType.objects.filter(app_label="jobprofiles", model=model_name)
        versions = list(Version.objects.filter(content_type__in=content_type, format="json"))
        for version in versions:
            data = json.loads(version.serialized_data)
            for entry in data:
                fields = entry["fields"]
                fields[source] = as_html(fields.get(source, ""), fields.pop(rendered, ""))
            version.serialized_data = json.dumps(data)
        Version.objects.bulk_update(versions, ["serialized_data"], batch_size=500)


def html_to_markdown_fields(apps, schema_editor):
    """Back to Markdown fields: HTML is valid Markdown, and was its render."""
    for model_name, source, rendered in TEXTS:
        model = apps.get_model("jobprofiles", model_name)
        rows = list(model.objects.all())
        for row in rows:
            setattr(row, rendered, getattr(row, source))
        model.objects.bulk_update(rows, [rendered], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("jobprofiles", "0014_image_renditions"),
    ]

    operations = [
        migrations.RunPython(markdown_to_html, html_to_markdown_fields),
        migrations.RemoveField(
            model_name='competence',
            name='body_html',
        ),
        migrations.RemoveField(
            model_name='enjeu',
            name='body_html',
        ),
        migrations.RemoveField(
            model_name='environmentitem',
            name='body_html',
        ),
        migrations.RemoveField(
            model_name='jobprofile',
            name='introduction_html',
        ),
        migrations.RemoveField(
            model_name='mission',
            name='body_html',
        ),
        migrations.AlterField(
            model_name='competence',
            name='body',
            field=models.TextField(help_text='Gras, italique, listes et liens avec les boutons au-dessus du texte. Un texte collé depuis Word ou Google Docs garde ses paragraphes et ses listes, pas sa mise en page.', max_length=5000, verbose_name='texte'),
        ),
        migrations.AlterField(
            model_name='enjeu',
            name='body',
            field=models.TextField(help_text='Gras, italique, listes et liens avec les boutons au-dessus du texte. Un texte collé depuis Word ou Google Docs garde ses paragraphes et ses listes, pas sa mise en page.', max_length=5000, verbose_name='texte'),
        ),
        migrations.AlterField(
            model_name='environmentitem',
            name='body',
            field=models.TextField(help_text='Gras, italique, listes et liens avec les boutons au-dessus du texte. Un texte collé depuis Word ou Google Docs garde ses paragraphes et ses listes, pas sa mise en page.', max_length=5000, verbose_name='texte'),
        ),
        migrations.AlterField(
            model_name='jobprofile',
            name='introduction',
            field=models.TextField(blank=True, help_text='Paragraphe d’ouverture de la fiche. Laissé vide, le résumé en tient lieu. Gras, italique, listes et liens avec les boutons au-dessus du texte. Un texte collé depuis Word ou Google Docs garde ses paragraphes et ses listes, pas sa mise en page.', verbose_name='introduction'),
        ),
        migrations.AlterField(
            model_name='mission',
            name='body',
            field=models.TextField(help_text='Gras, italique, listes et liens avec les boutons au-dessus du texte. Un texte collé depuis Word ou Google Docs garde ses paragraphes et ses listes, pas sa mise en page.', max_length=5000, verbose_name='texte'),
        ),
    ]
