"""Claimants become entities: one Claimant per distinct claimant text.

The claim's text column `claimant` stays (as Claim.claimant_name): the search
trigger of 0011 and the report tables' SQL read it. The rule for placeholders
("the article's author", "The article") is copied here as it stands today, so
this migration never changes under a later edit of the live rule
(ClaimantQuerySet.for_unattributed): the article's author, as a person; else its
outlet, as an organisation; else the article's unknown publisher, an
organisation named for the article. Other texts keep their words; a text that
is an outlet's name is that outlet, an organisation, and the rest are people.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

PLACEHOLDERS = {"the article's author", "the article\u2019s author", "the article", ""}
PERSON, ORGANISATION = "person", "organisation"


def _unattributed(article):
    if article.author.strip():
        return article.author.strip()[:200], PERSON
    if article.outlet_id:
        return article.outlet.name, ORGANISATION
    return f"Publisher of \u201c{article.title.strip()[:180]}\u201d", ORGANISATION


def texts_to_entities(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Claimant = apps.get_model("claims", "Claimant")
    Article = apps.get_model("claims", "Article")
    Outlet = apps.get_model("claims", "Outlet")
    outlets = {name.casefold(): name for name in Outlet.objects.values_list("name", flat=True)}
    by_name = {}

    def claimant(name, kind):
        key = name.casefold()
        if key not in by_name:
            by_name[key] = Claimant.objects.create(name=name, kind=kind)
        return by_name[key]

    texts = Claim.objects.order_by().values_list("claimant_name", flat=True).distinct()
    for text in list(texts):
        if text.strip().casefold() in PLACEHOLDERS:
            continue
        name = text.strip()
        outlet = outlets.get(name.casefold())
        entity = claimant(outlet or name, ORGANISATION if outlet else PERSON)
        Claim.objects.filter(claimant_name=text).update(claimant=entity, claimant_name=entity.name)
    placeholder_articles = (
        Claim.objects.filter(claimant__isnull=True).order_by().values_list("article", flat=True)
    )
    for article in Article.objects.filter(pk__in=placeholder_articles).select_related("outlet"):
        entity = claimant(*_unattributed(article))
        Claim.objects.filter(article=article, claimant__isnull=True).update(
            claimant=entity, claimant_name=entity.name
        )
    if schema_editor.connection.vendor == "postgresql":
        # The foreign key's checks are deferred; run them now, before the column is altered.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = {
        "Reviewer": ["view_claimant"],
        "Editor": ["view_claimant", "add_claimant", "change_claimant", "merge_claimant"],
    }
    for name, codenames in perms.items():
        found = Permission.objects.filter(content_type__app_label="claims", codename__in=codenames)
        for group in Group.objects.filter(name=name):
            group.permissions.add(*found)


def _state_only_rename(model):
    return migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.RenameField(model_name=model, old_name="claimant", new_name="claimant_name"),
            migrations.AlterField(
                model_name=model,
                name="claimant_name",
                field=models.CharField(
                    db_column="claimant",
                    editable=False,
                    max_length=200,
                    verbose_name="claimant's name",
                ),
            ),
        ],
        database_operations=[],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0017_review_blind_rating"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Claimant",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="name")),
                (
                    "kind",
                    models.CharField(
                        choices=[("person", "Person"), ("organisation", "Organisation")],
                        default="person",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "description",
                    models.CharField(
                        blank=True,
                        help_text="Who they are, in a few words: “Kyrgyz ambassador to China”.",
                        max_length=300,
                        verbose_name="short description",
                    ),
                ),
                (
                    "same_as",
                    models.TextField(
                        blank=True,
                        help_text=(
                            "Pages that identify them (Wikidata, an official site): "
                            "one address a line."
                        ),
                        verbose_name="same as",
                    ),
                ),
                (
                    "aliases",
                    models.TextField(
                        blank=True,
                        help_text="Other names, one a line; merging a duplicate adds its name here.",
                        verbose_name="aliases",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
            ],
            options={
                "ordering": ["name"],
                "permissions": [("merge_claimant", "Can merge duplicate claimants")],
            },
        ),
        migrations.CreateModel(
            name="ClaimantMerge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("merged_name", models.CharField(max_length=200)),
                ("merged_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "claimant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="merges",
                        to="claims.claimant",
                    ),
                ),
                (
                    "merged_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["merged_at", "pk"]},
        ),
        # The text column stays where it is; only its name in the models changes.
        _state_only_rename("claim"),
        _state_only_rename("historicalclaim"),
        migrations.AddField(
            model_name="claim",
            name="claimant",
            field=models.ForeignKey(
                null=True,
                help_text="Who makes the claim: a person or an organisation.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="claims.claimant",
                verbose_name="claimant",
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="claimant",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Who makes the claim: a person or an organisation.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="claims.claimant",
                verbose_name="claimant",
            ),
        ),
        migrations.RunPython(texts_to_entities, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="claim",
            name="claimant",
            field=models.ForeignKey(
                help_text="Who makes the claim: a person or an organisation.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="claims.claimant",
                verbose_name="claimant",
            ),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
