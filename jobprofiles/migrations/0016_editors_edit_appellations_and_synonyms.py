"""Let the "Éditeurs RH" group edit appellations and search synonyms, which came after it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Éditeurs RH"
CODENAMES = [
    f"{action}_{model}"
    for model in ("appellation", "searchsynonym")
    for action in ("view", "add", "change", "delete")
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    app_config = apps.get_app_config("jobprofiles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="jobprofiles", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="jobprofiles", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("jobprofiles", "0015_rich_text")]

    operations = [migrations.RunPython(grant, revoke)]
