"""Create the "Éditeurs RH" group: everything on profiles and their parts, nothing else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Éditeurs RH"
MODELS = {
    "jobprofiles": [
        "jobprofile",
        "jobfamily",
        "mission",
        "enjeu",
        "competence",
        "environmentitem",
        "relatedprofile",
        "taggedjobprofile",
    ],
    "taggit": ["tag"],
}
ACTIONS = ["view", "add", "change", "delete"]


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_label in MODELS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.set(
        Permission.objects.get(
            content_type__app_label=app_label, codename=f"{action}_{model}"
        )
        for app_label, models in MODELS.items()
        for model in models
        for action in ACTIONS
    )


def delete_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("jobprofiles", "0002_publication_date_and_slug_redirects"),
    ]

    operations = [migrations.RunPython(create_editors_group, delete_editors_group)]
