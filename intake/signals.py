"""What an import tells other apps (the API's webhooks), as Django signals.

Sent with `sender=Article` and keyword arguments only, inside the transaction that saves
the article: a receiver that writes rows writes them in it, and one that reaches outside
the database waits for the commit (claims.jobs.enqueue_on_commit).
"""

from django.dispatch import Signal

# Sent once a new article and its candidate claims are saved (never for one already there).
#   article: the Article.
#   candidates: how many candidate claims were proposed.
#   by: the user who imported it, or None (the command line).
article_imported = Signal()
