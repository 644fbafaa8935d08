"""A reviewer's queue read from two indexes, not from the tables.

At a million claims the benchmark's reviewer has about 15,000 claims in review
among 61,000 assignments. The queue joins the two and sorts by the claim's
priority, then the assignment's due date and time: PostgreSQL read the whole
claims table and the reviewer's assignments from the heap (about 220 ms).
With the claim and due date in the assignments' index, and the claims in
review with their priority in a partial index, both sides are index-only scans.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0032_statement_nearest_in_statement_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="assignment",
            name="claims_assi_reviewe_0fc926_idx",
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["reviewer", "assigned_at", "claim", "due"], name="assignment_reviewer_queue"
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("status", "in_review")),
                fields=["id", "priority"],
                name="claim_in_review_priority",
            ),
        ),
    ]
