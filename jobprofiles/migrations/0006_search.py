import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

# French full-text search that ignores accents: "equipe" finds "équipe".
CREATE_CONFIGURATION = """
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION french_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
"""
DROP_CONFIGURATION = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"
CREATE_INDEX = (
    "CREATE INDEX jobprofile_search_vector_gin ON jobprofiles_jobprofile USING gin (search_vector);"
)
DROP_INDEX = "DROP INDEX IF EXISTS jobprofile_search_vector_gin;"


def on_postgresql(sql):
    """Run SQL only on PostgreSQL: other databases use the plain-text fallback search."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("jobprofiles", "0005_slug_help_text_mentions_redirects"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(
            on_postgresql(CREATE_CONFIGURATION), on_postgresql(DROP_CONFIGURATION)
        ),
        migrations.AddField(
            model_name="jobprofile",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="jobprofile",
            name="search_title",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="jobprofile",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(CREATE_INDEX), on_postgresql(DROP_INDEX)),
    ]
