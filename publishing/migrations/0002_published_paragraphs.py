"""Publications made before the paragraph was kept get it from the article as it stands.

Each publication now keeps the words either side of the quote, to the ends of
its paragraph (claims.models.records.public_record). For those made earlier the
best record is the article's text now, where the quote still stands at its
offsets; where it does not, the page shows the quote alone, as it did before.
The rule is frozen here, not imported.
"""

from django.db import migrations


def record_paragraphs(apps, schema_editor):
    VerdictRevision = apps.get_model("claims", "VerdictRevision")
    revisions = VerdictRevision.objects.select_related("claim__article").order_by("pk")
    for revision in revisions.iterator(chunk_size=500):
        if "paragraph" in revision.appearance:
            continue
        claim, body = revision.claim, revision.claim.article.body
        paragraph = {}
        if body[claim.start : claim.end] == revision.quote:
            start = body.rfind("\n", 0, claim.start) + 1
            end = body.find("\n", claim.end)
            end = len(body) if end == -1 else end
            paragraph = {"before": body[start : claim.start], "after": body[claim.end : end]}
        revision.appearance = {**revision.appearance, "paragraph": paragraph}
        revision.save(update_fields=["appearance"])


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0018_claimants"),
        ("publishing", "0001_public_pages"),
    ]

    operations = [migrations.RunPython(record_paragraphs, migrations.RunPython.noop)]
