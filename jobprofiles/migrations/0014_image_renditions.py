from django.db import migrations, models


def make_existing_renditions(apps, schema_editor):
    """Pages no longer make renditions: make those of the images already uploaded."""
    from jobprofiles.renditions import make_renditions

    JobProfile = apps.get_model("jobprofiles", "JobProfile")
    for profile in JobProfile.objects.exclude(image="").only("pk", "image"):
        renditions = make_renditions(profile.image)
        JobProfile.objects.filter(pk=profile.pk).update(renditions=renditions)


class Migration(migrations.Migration):
    dependencies = [
        ("jobprofiles", "0013_openings_url"),
    ]

    operations = [
        migrations.AddField(
            model_name="jobprofile",
            name="renditions",
            field=models.JSONField(
                default=dict, editable=False, verbose_name="versions redimensionnées"
            ),
        ),
        migrations.RunPython(make_existing_renditions, migrations.RunPython.noop),
    ]
