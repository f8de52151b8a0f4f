from django.db import migrations, models

from jobprofiles.search import normalise


def fill_sort_titles(apps, schema_editor):
    """Existing profiles get their sort key; every later save keeps it current."""
    JobProfile = apps.get_model("jobprofiles", "JobProfile")
    profiles = list(JobProfile.objects.only("pk", "title"))
    for profile in profiles:
        profile.sort_title = normalise(profile.title)
    JobProfile.objects.bulk_update(profiles, ["sort_title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("jobprofiles", "0007_search_rank_vector"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="jobprofile",
            options={
                "ordering": ["sort_title", "title"],
                "verbose_name": "fiche métier",
                "verbose_name_plural": "fiches métiers",
            },
        ),
        migrations.AddField(
            model_name="jobprofile",
            name="sort_title",
            field=models.CharField(db_index=True, default="", editable=False, max_length=150),
        ),
        migrations.RunPython(fill_sort_titles, migrations.RunPython.noop),
    ]
