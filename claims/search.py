"""The claims list's search box.

On PostgreSQL: full-text search over statement, quote and claimant (English
stemming, so "year" finds "years"), on the stored search vector that a trigger
keeps (migration 0011) and a GIN index serves. When no claim has all the
words, trigram word similarity on the statement takes over, so a misspelt name
still finds the claim (GIN index from migration 0005). Elsewhere (SQLite in
development): every word must appear in the statement, quote or claimant.
"""

from django.db import connection
from django.db.models import Q

SEARCH_CONFIG = "english"


def search_claims(queryset, text):
    words = text.split()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        matches = queryset.filter(search_vector=query)
        # One cheap look first: the two searches together can use neither index well.
        if matches.exists():
            return matches
        return queryset.filter(statement__trigram_word_similar=text)
    for word in words:
        queryset = queryset.filter(
            Q(statement__icontains=word)
            | Q(quote__icontains=word)
            | Q(claimant_name__icontains=word)
        )
    return queryset
