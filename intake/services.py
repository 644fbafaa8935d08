"""Bringing articles in and proposing their candidate claims."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from claims.models import STATEMENT_MAX_LENGTH, Article, Claim, Claimant, Outlet
from claims.validators import is_web_url

from .candidates import find_candidates, too_long
from .claimants import speaker
from .quantities import parse_quantity
from .reading import EXTENSIONS, Refused, check_size, read_article


@dataclass
class ImportSummary:
    imported: list = field(default_factory=list)  # (file name, article, candidate count)
    present: list = field(default_factory=list)  # (file name, article already there)
    refused: list = field(default_factory=list)  # (file name, reason)
    notes: list = field(default_factory=list)  # (file name, what was left out of an import)

    @property
    def ok(self):
        return not self.refused


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
    taken = set(article.claims.values_list("start", "end"))
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
    return Claim.objects.bulk_create(new)


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


def article_import(*, name, data, outlet="", url="", published_on=None, by=None):
    """Import one file's bytes. Returns ("imported" | "present", article, candidates).

    Raises Refused when the file cannot become an article. Atomic: a failure
    leaves neither the article nor its candidates behind.
    """
    text = read_article(name, data)
    existing = Article.objects.filter(content_hash=Article.hash_body(text.body)).first()
    if existing:
        return "present", existing, 0
    url = url or (text.url if is_web_url(text.url) else "")
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
    except IntegrityError:
        # The same text was imported at the same moment by someone else.
        existing = Article.objects.filter(content_hash=Article.hash_body(text.body)).first()
        if existing is None:
            raise
        return "present", existing, 0
    return "imported", article, len(candidates)


def _record(summary, name, outcome):
    status, article, count = outcome
    if status == "imported":
        summary.imported.append((name, article, count))
        long = too_long(article.body)
        if long:
            summary.notes.append(
                (
                    name,
                    ngettext(
                        "%(count)d sentence is over %(limit)d characters, too long to be one "
                        "claim, and was not proposed",
                        "%(count)d sentences are over %(limit)d characters, too long to be one "
                        "claim, and were not proposed",
                        long,
                    )
                    % {"count": long, "limit": STATEMENT_MAX_LENGTH},
                )
            )
    else:
        summary.present.append((name, article))


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


def articles_import_paths(paths, **options):
    """Import files and folders from disk, each on its own; see ImportSummary."""
    summary = ImportSummary()
    for name, path in article_files(paths):
        try:
            if not path.is_file():
                raise Refused(_("no such file"))
            check_size(path.stat().st_size)  # before reading a huge file into memory
            _record(summary, name, article_import(name=name, data=path.read_bytes(), **options))
        except Refused as error:
            summary.refused.append((name, str(error)))
    return summary


def articles_import_uploads(uploads, **options):
    """Import uploaded files, each on its own; see ImportSummary."""
    summary = ImportSummary()
    for upload in uploads:
        name = upload.name
        try:
            check_size(upload.size)
            _record(summary, name, article_import(name=name, data=upload.read(), **options))
        except Refused as error:
            summary.refused.append((name, str(error)))
    return summary
