"""The methodology and corrections-policy pages, with a plain default text.

Flat pages, so an admin can rewrite them in the admin without a release. The
text is frozen here, not imported: a later edit in the admin, or a later
release, must not change what this migration wrote.
"""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

METHODOLOGY = """
<p>We check claims of fact made in published news articles: figures, events, quotations and
comparisons that evidence can confirm or refute. We do not rate opinions, predictions or
questions of taste.</p>

<h2>How claims are chosen</h2>
<p>Editors pick claims that matter to readers: statements that are widely shared, that bear on
decisions people make, or that come from people and organisations with power or influence. Each
claim is recorded with the exact words of the article, the article itself and who made the
claim.</p>

<h2>How reviewers rate a claim</h2>
<p>An editor assigns each claim to reviewers, usually two. Each reviewer gathers evidence and
rates the claim on their own: no reviewer sees another's rating, or the verdict, before
submitting their own. The first rating each reviewer submits is kept unchanged; a reviewer who
later changes their rating must give a reason, and the change is recorded.</p>

<h2>How an editor settles the verdict</h2>
<p>An editor reads the reviews and the evidence, decides the verdict and writes the explanation
published with it. Where reviewers disagree, the editor weighs their reasons and the evidence;
the verdict is the editor's, not an average. A verdict is published only when it rests on at
least one primary source (the original data, document or record) that an editor has checked,
and, unless the claim is rated Unverifiable, on at least two reviews.</p>

<h2>Sources</h2>
<p>Every fact-check lists the sources it relies on, with links wherever they are online, and
says whether each supports the claim, contradicts it or gives context.</p>

<h2>The rating scale</h2>
<p>Each verdict uses one rating from the scale below.</p>
"""

CORRECTIONS = """
<p>When we get something wrong, we say so, correct it, and show what changed.</p>

<h2>Telling us about an error</h2>
<p>If you think a fact-check is wrong or out of date, write to the editors using the contact
details on our website. Name the fact-check and say what you think is wrong, with a source if you
have one. An editor reads every request.</p>

<h2>How a fact-check is corrected</h2>
<p>An editor who finds that a fact-check needs another look reopens it, and records why. The
claim goes back to the reviewers, who may add evidence and revise their ratings, and an editor
settles the verdict again.</p>
<p>While a fact-check is being reviewed again, its page stays up with a notice saying so. The
verdict already published stands until a corrected one is published; nothing on the page changes
before then.</p>

<h2>How a correction is shown</h2>
<p>When the corrected verdict is published, the page shows it with the date of the correction and
a note saying what changed: the rating, from what to what, or the explanation. Every change to a
published fact-check is noted this way. The date the fact-check was first published stays on the
page, and the corrected date appears in the data we publish for search engines and partners.</p>
"""

PAGES = [
    ("/methodology/", "How we check claims", METHODOLOGY, "publishing/methodology_page.html"),
    ("/corrections/", "Corrections policy", CORRECTIONS, "publishing/flatpage.html"),
]


def create_pages(apps, schema_editor):
    db = schema_editor.connection.alias
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    # On a new database the sites framework makes its site only after every
    # migration has run; the pages need it now. The same site it would make.
    site, created = Site.objects.using(db).get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"}
    )
    if created:
        # A row written with its own key: the next one must not collide with it.
        with schema_editor.connection.cursor() as cursor:
            for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Site]):
                cursor.execute(sql)
    for url, title, content, template_name in PAGES:
        page, _created = FlatPage.objects.using(db).get_or_create(
            url=url,
            defaults={
                "title": title,
                "content": content.strip(),
                "template_name": template_name,
            },
        )
        page.sites.add(site)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_alter_domain_unique"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
