"""The intake's jobs, run by a worker (`manage.py db_worker`) rather than in a request."""

from django.contrib.auth import get_user_model
from django.tasks import task

from claims.jobs import TRANSIENT, retried
from claims.models import Article

from .models import ImportItem
from .reading import Refused
from .services import candidates_propose, item_import, left_out


@task(takes_context=True)
@retried
def import_item(item_id):
    """Import one file or link of an upload, and record how it went on its item.

    Safe to run twice: a finished item is left alone, and the same text already
    imported is "present". A passing failure (the network, the disk) is tried again
    (claims.jobs.retried); the last attempt's failure marks the item failed with its error.
    """
    item = ImportItem.objects.select_related("batch__created_by").filter(pk=item_id).first()
    if item is None or not item.start():
        return None
    try:
        status, article, count = item_import(item=item)
    except Refused as refusal:
        item.finish(ImportItem.Status.REFUSED, reason=str(refusal))
        return item.status
    except TRANSIENT as error:
        if item.is_last_attempt():
            item.fail(error)
        else:
            item.retry_later(error)
        raise
    except Exception as error:
        item.fail(error)  # a bug is not retried: this was the last attempt
        raise
    notes = left_out(article) if status == ImportItem.Status.IMPORTED else ""
    item.finish(status, article=article, candidate_count=count, notes=notes)
    return item.status


@task(takes_context=True)
@retried
def propose_candidates(article_id, user_id=None):
    """Propose candidate claims for an article: the number of new ones. Safe to run twice:
    a sentence already proposed (or rejected) is not proposed again."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return 0  # deleted since
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return len(candidates_propose(article=article, by=by))
