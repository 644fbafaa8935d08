"""Two new events, reviews due soon and overdue (notifications.reminders)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="preference",
            name="preference_event_known",
        ),
        migrations.AlterField(
            model_name="notification",
            name="event",
            field=models.CharField(
                choices=[
                    ("assigned", "A claim is assigned to me to review"),
                    ("reviews_in", "Every review is in on a claim I assigned"),
                    ("settled", "A claim I reviewed is settled"),
                    ("published", "A claim I reviewed is published"),
                    ("reopened", "A claim I reviewed is reopened"),
                    ("due_soon", "A review of mine is due today or tomorrow"),
                    ("overdue", "A review of mine is overdue"),
                ],
                max_length=20,
                verbose_name="event",
            ),
        ),
        migrations.AlterField(
            model_name="preference",
            name="event",
            field=models.CharField(
                choices=[
                    ("assigned", "A claim is assigned to me to review"),
                    ("reviews_in", "Every review is in on a claim I assigned"),
                    ("settled", "A claim I reviewed is settled"),
                    ("published", "A claim I reviewed is published"),
                    ("reopened", "A claim I reviewed is reopened"),
                    ("due_soon", "A review of mine is due today or tomorrow"),
                    ("overdue", "A review of mine is overdue"),
                ],
                max_length=20,
                verbose_name="event",
            ),
        ),
        migrations.AddConstraint(
            model_name="preference",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "event__in",
                        [
                            "assigned",
                            "reviews_in",
                            "settled",
                            "published",
                            "reopened",
                            "due_soon",
                            "overdue",
                        ],
                    )
                ),
                name="preference_event_known",
            ),
        ),
    ]
