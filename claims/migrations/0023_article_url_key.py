"""Each article's URL as normalise_url() reads it, hashed and indexed, so an import from a
link finds an article already taken from the same page."""

import hashlib
from urllib.parse import urlsplit, urlunsplit

from django.db import migrations, models


def _normalise(url):
    # A frozen copy of claims.validators.normalise_url as it was when this migration was written.
    parts = urlsplit(str(url).strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, {"http": 80, "https": 443}.get(scheme)) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = f"{parts.netloc.rsplit('@', 1)[0]}@{netloc}"
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not pair.lower().startswith("utm_")
    )
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), query, ""))


def fill_url_keys(apps, schema_editor):
    Article = apps.get_model("claims", "Article")
    for pk, url in Article.objects.exclude(url="").values_list("pk", "url").iterator():
        key = hashlib.sha256(_normalise(url).encode("utf-8")).hexdigest()
        Article.objects.filter(pk=pk).update(url_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0022_evidence_snapshots"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="url_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["url_key"], name="article_url_key"),
        ),
        migrations.RunPython(fill_url_keys, migrations.RunPython.noop),
    ]
