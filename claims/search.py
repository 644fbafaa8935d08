"""The claims list's search box.

On PostgreSQL: full-text search over statement, quote and claimant (English
stemming, so "year" finds "years") or trigram word similarity on
the statement (so a misspelt name still finds the claim); both are served by
GIN indexes from migration 0004. Elsewhere (SQLite in development): every word
must appear in the statement, quote or claimant.
"""

from django.db import connection
from django.db.models import Q

SEARCH_CONFIG = "english"
SEARCH_FIELDS = ("statement", "quote", "claimant")


def search_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*SEARCH_FIELDS, config=SEARCH_CONFIG)


def search_claims(queryset, text):
    words = text.split()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return queryset.annotate(search_document=search_vector()).filter(
            Q(search_document=query) | Q(statement__trigram_word_similar=text)
        )
    for word in words:
        queryset = queryset.filter(
            Q(statement__icontains=word) | Q(quote__icontains=word) | Q(claimant__icontains=word)
        )
    return queryset
