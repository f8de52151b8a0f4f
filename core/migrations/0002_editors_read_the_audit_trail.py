"""Let the "Éditeurs RH" group read the audit trail (nobody may change it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Éditeurs RH"


def grant_view(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    app_config = apps.get_app_config("core")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="core", codename="view_auditentry")
    for group in Group.objects.filter(name=GROUP_NAME):
        group.permissions.add(view)


def revoke_view(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="core", codename="view_auditentry")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_audit_trail"),
        ("jobprofiles", "0003_editors_group"),
    ]

    operations = [migrations.RunPython(grant_view, revoke_view)]
