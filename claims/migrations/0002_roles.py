from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen copies: the roles module may change later, this migration must not.
REVIEWER_PERMISSIONS = [
    "view_article",
    "view_outlet",
    "view_claim",
    "view_evidence",
    "add_evidence",
    "view_review",
    "add_review",
    "change_review",
    "view_verdict",
]
EDITOR_PERMISSIONS = REVIEWER_PERMISSIONS + [
    "add_claim",
    "change_claim",
    "add_article",
    "change_article",
    "add_outlet",
    "change_outlet",
    "change_evidence",
    "view_assignment",
    "add_assignment",
    "view_statuschange",
    "assign_claim",
    "settle_claim",
    "publish_claim",
    "reopen_claim",
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Reviewer", REVIEWER_PERMISSIONS), ("Editor", EDITOR_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reviewer", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
