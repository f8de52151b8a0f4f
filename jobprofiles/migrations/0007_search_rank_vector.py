import django.contrib.postgres.search
from django.db import migrations

# Fill the new ranking vector of existing profiles; every later save keeps it current.
FILL = """
UPDATE jobprofiles_jobprofile SET search_rank_vector =
    setweight(to_tsvector('french_unaccent', title || ' ' || alternative_title), 'A')
    || setweight(to_tsvector('french_unaccent', summary), 'B');
"""


def fill_on_postgresql(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


class Migration(migrations.Migration):
    dependencies = [
        ("jobprofiles", "0006_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobprofile",
            name="search_rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_on_postgresql, migrations.RunPython.noop),
    ]
