from django.db import migrations

# The suggestions look for the typed text anywhere in a profile's names (LIKE '%…%'): without
# an index, a text few names hold makes PostgreSQL read every published profile.
INDEX = "jobprofile_search_title_trgm"


def create_index(apps, schema_editor):
    """On PostgreSQL only, like the trigram indexes of migration 0012."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON jobprofiles_jobprofile USING gin (search_title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("jobprofiles", "0018_index_published_order"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index),
    ]
