"""Bringing articles in (files, links, uploads left to a worker) and proposing their
candidate claims."""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.fetching import FetchFailed, FetchRefused, fetch
from claims.jobs import enqueue_on_commit
from claims.models import STATEMENT_MAX_LENGTH, Article, Claim, Claimant, Outlet
from claims.validators import is_web_url

from .candidates import find_candidates, too_long
from .claimants import speaker
from .models import ImportBatch, ImportItem
from .quantities import parse_quantity
from .reading import EXTENSIONS, Refused, check_size, max_bytes, read_article, read_page
from .signals import article_imported


@dataclass
class ImportSummary:
    """What an import run inline (manage.py import_articles) did, file by file."""

    imported: list = field(default_factory=list)  # (name, article, candidate count)
    present: list = field(default_factory=list)  # (name, article already there)
    refused: list = field(default_factory=list)  # (name, reason)
    notes: list = field(default_factory=list)  # (name, what was left out of an import)

    @property
    def ok(self):
        return not self.refused

    def record(self, name, outcome):
        status, article, count = outcome
        if status == "imported":
            self.imported.append((name, article, count))
            note = left_out(article)
            if note:
                self.notes.append((name, note))
        else:
            self.present.append((name, article))


def _claimant(text, article, known):
    """The claimant a sentence names; one that names none gets the article's (the one
    rule, ClaimantQuerySet.for_unattributed). `known` keeps those found, by name."""
    name = speaker(text)
    if name not in known:
        if name:
            known[name] = Claimant.objects.get_or_create_named(name)
        else:
            known[name] = Claimant.objects.for_unattributed(article)
    return known[name]


def _wording(text, quantity, *, article, known=None):
    """The claim fields read from its words: who says it, and the quantity it states."""
    claimant = _claimant(text, article, {} if known is None else known)
    return {
        "claimant": claimant,
        "claimant_name": claimant.name,
        "kind": Claim.Kind.QUANTITY if quantity else Claim.Kind.OTHER,
        "value": quantity.value if quantity else None,
        "unit": quantity.unit if quantity else "",
        "period": quantity.period if quantity else "",
    }


def candidates_propose(*, article, by=None):
    """Create candidate claims for `article`, never twice for the same offsets.

    A span already taken by any claim of the article (a rejected candidate
    included) is skipped, so rejecting a sentence keeps it from coming back.
    """
    with transaction.atomic():
        # Two runs for one article (a job run twice) take turns: the second sees the first's.
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))
        taken = set(article.claims.values_list("start", "end"))
        return Claim.objects.bulk_create(_new_candidates(article, taken, by))


def _new_candidates(article, taken, by):
    known = {}
    new = []
    for found in find_candidates(article.body):
        if (found.start, found.end) in taken:
            continue
        claim = Claim(
            article=article,
            quote=found.quote,
            start=found.start,
            end=found.end,
            statement=found.quote,
            status=Claim.Status.CANDIDATE,
            score=found.score,
            created_by=by,
            **_wording(found.quote, found.quantity, article=article, known=known),
        )
        new.append(claim)
    return new


def candidate_accept(*, claim, statement, by):
    """Accept a candidate as a draft claim, reading its fields again if its statement was edited.

    An edited statement may name another speaker or quantity than the quote did
    ("...spent 45 million som" where the quote said 90%); left as proposed, the
    candidate keeps what it had.
    """
    statement = statement.strip()
    if not statement or statement.split() == (claim.statement or claim.quote).split():
        claim.accept(by=by)
        return
    derived = _wording(statement, parse_quantity(statement), article=claim.article)
    del derived["claimant_name"]  # Claim.save keeps it
    claim.accept(by=by, statement=statement, **derived)


def left_out(article):
    """What an import left out of `article`'s candidates, in words; "" for nothing."""
    long = too_long(article.body)
    if not long:
        return ""
    return ngettext(
        "%(count)d sentence is over %(limit)d characters, too long to be one claim, and was "
        "not proposed",
        "%(count)d sentences are over %(limit)d characters, too long to be one claim, and were "
        "not proposed",
        long,
    ) % {"count": long, "limit": STATEMENT_MAX_LENGTH}


def _already_there(text, urls):
    """The article with the same text, or one taken from one of `urls`; None if neither."""
    existing = Article.objects.filter(content_hash=Article.hash_body(text.body)).first()
    if existing is None and any(urls):
        existing = Article.objects.at_url(*urls).order_by("pk").first()
    return existing


def _article_save(text, *, url, also_at=(), outlet="", published_on=None, by=None):
    """Save `text` as an article at `url` with its candidates, unless it is already there
    (the same text, or an article at `url` or at an address in `also_at`).
    Returns ("imported" | "present", article, candidates).

    Atomic: a failure leaves neither the article nor its candidates behind.
    """
    existing = _already_there(text, [url, *also_at])
    if existing:
        return "present", existing, 0
    outlet_name = (outlet or text.sitename).strip()
    try:
        with transaction.atomic():
            article = Article(
                title=text.title,
                body=text.body,
                url=url,
                author=text.author,
                published_on=published_on or text.published_on,
            )
            if outlet_name:
                article.outlet = Outlet.objects.get_or_create(name=outlet_name[:200])[0]
            article.save()
            candidates = candidates_propose(article=article, by=by)
            article_imported.send(
                sender=Article, article=article, candidates=len(candidates), by=by
            )
    except IntegrityError:
        # The same text was imported at the same moment by someone else.
        existing = Article.objects.filter(content_hash=Article.hash_body(text.body)).first()
        if existing is None:
            raise
        return "present", existing, 0
    return "imported", article, len(candidates)


def article_import(*, name, data, outlet="", url="", published_on=None, by=None):
    """Import one file's bytes. Returns ("imported" | "present", article, candidates).

    Raises Refused when the file cannot become an article.
    """
    text = read_article(name, data)
    url = url or (text.url if is_web_url(text.url) else "")
    return _article_save(text, url=url, outlet=outlet, published_on=published_on, by=by)


def article_import_link(*, link, outlet="", published_on=None, by=None):
    """Fetch `link` (claims.fetching.fetch) and import the page as article_import does a
    file. The article keeps the address the page names as its own, else the one it was
    found at after redirects; an article at either address, or with the same text, is
    "present". Raises Refused, or FetchFailed (an OSError, worth another try later).
    """
    try:
        fetched = fetch(link, max_bytes=min(max_bytes(), settings.FACTCHECK_FETCH_MAX_BYTES))
    except FetchRefused as error:
        raise Refused(str(error)) from None
    text = read_page(fetched)
    return _article_save(
        text,
        url=text.url,
        also_at=(text.extra["final_url"],),
        outlet=outlet,
        published_on=published_on,
        by=by,
    )


def item_import(*, item):
    """Import one item of an upload (intake.models.ImportItem), with its batch's options."""
    batch = item.batch
    options = {"outlet": batch.outlet, "published_on": batch.published_on, "by": batch.created_by}
    if item.kind == ImportItem.Kind.LINK:
        return article_import_link(link=item.url, **options)
    return article_import(name=item.name, data=bytes(item.data or b""), url=batch.url, **options)


def batch_create(*, by, files=(), links=(), outlet="", url="", published_on=None):
    """Save an upload as a batch with an item per file ((name, bytes)) and per link, and
    queue a job per item once it is all committed."""
    from .tasks import import_item  # the jobs import this module

    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=by, outlet=outlet, url=url, published_on=published_on
        )
        items = [
            ImportItem(batch=batch, kind=ImportItem.Kind.FILE, name=name[:500], data=data)
            for name, data in files
        ] + [
            ImportItem(batch=batch, kind=ImportItem.Kind.LINK, name=link[:500], url=link)
            for link in links
        ]
        for item in items:
            item.save()
            enqueue_on_commit(import_item, item.pk)
    return batch


def candidates_queue(*, article, by):
    """Leave proposing `article`'s candidates to a worker (intake.tasks.propose_candidates)."""
    from .tasks import propose_candidates  # the jobs import this module

    enqueue_on_commit(propose_candidates, article.pk, by.pk if by else None)


def article_files(paths):
    """(display name, Path) for each file given, folders expanded to their .txt/.html files."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in EXTENSIONS:
                    yield str(child), child
        else:
            yield str(path), path


def _import_path(name, path, options):
    if not path.is_file():
        raise Refused(_("no such file"))
    check_size(path.stat().st_size)  # before reading a huge file into memory
    return article_import(name=name, data=path.read_bytes(), **options)


def articles_import_paths(paths, **options):
    """Import files, folders and http(s) links here and now, each on its own (no worker
    needed); see ImportSummary. A link that cannot be fetched now is refused, with why."""
    summary = ImportSummary()
    links = [raw for raw in paths if is_web_url(raw)]
    files = [raw for raw in paths if not is_web_url(raw)]
    link_options = {key: value for key, value in options.items() if key != "url"}
    for name, path in article_files(files):
        try:
            summary.record(name, _import_path(name, path, options))
        except Refused as error:
            summary.refused.append((name, str(error)))
    for link in links:
        try:
            summary.record(link, article_import_link(link=link, **link_options))
        except Refused as error:
            summary.refused.append((link, str(error)))
        except FetchFailed as error:
            summary.refused.append((link, _("it could not be fetched now: %s") % error))
    return summary
