"""The claims list's search box, over statement, quote and claimant.

Words in any order must all appear; words in "double quotes" must appear as
that phrase. Word forms are forgiven on both databases: "trading" finds
"trade" and "trade" finds "trading".

- PostgreSQL: full-text search (English stemming) on the stored search vector
  that a trigger keeps (migration 0011) and a GIN index serves. When no claim
  has all the words, each unknown word is replaced by the claims' words nearest
  it (the word list of migration 0021, by its trigram index) and the search
  runs again, so a misspelt name still finds the claim; not for a search with
  a "phrase", which asks for exactly its words.
- SQLite: an FTS5 index with the porter stemmer that triggers keep (migration
  0020).

Only words reach either database's query syntax: quotes are read here, and
every other sign (`*`, `-`, `NEAR(`, `:`) is a separator, so no input is a
syntax error.

When the words find nothing, `ClaimSearch.suggestion()` offers the query with
each unknown word replaced by the nearest word the claims use: on SQLite from
the FTS5 vocabulary of unstemmed words, on PostgreSQL from the words of the
claims the similarity search found, or from the list of the claims' words
that triggers keep (migration 0021).
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

SEARCH_CONFIG = "english"
MAX_LENGTH = 200  # characters a search may have; the form refuses longer ones
MAX_TERMS = 12  # words and phrases a search reads; the rest are left out

WORD = re.compile(r"[^\W_]+")
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
# A suggestion is at least this like the word typed (difflib's ratio, 0 to 1).
SIMILAR_ENOUGH = 0.75
NEAREST = 5  # on PostgreSQL, the claims' words nearest each word searched
SHORTEST_CORRECTED = 4  # shorter words are too often someone's real word
FEW = 1000  # on PostgreSQL, a search with at most this many matches reads them by key


@dataclass(frozen=True)
class Term:
    """A word, or a phrase whose words must stand together in that order."""

    words: tuple[str, ...]

    def quoted(self):
        # Inside double quotes both FTS5 and websearch_to_tsquery read plain
        # words; WORD lets no quote through.
        return '"' + " ".join(self.words) + '"'

    def __str__(self):
        return self.quoted() if len(self.words) > 1 else self.words[0]


def parse(text):
    """The terms of a search: its words, and its "quoted phrases".

    A quote left open runs to the end of the text.
    """
    terms = []
    for position, part in enumerate(text.translate(QUOTES).split('"')):
        words = WORD.findall(part)
        if position % 2:  # inside quotes
            if words:
                terms.append(Term(tuple(words)))
        else:
            terms.extend(Term((word,)) for word in words)
    return terms[:MAX_TERMS]


def has_words(text):
    return bool(WORD.search(text))


def _by_key(queryset, matches):
    """(claims, any found): `matches` read by key where there are at most FEW of them.

    One query reads up to FEW + 1 of the matches' keys from the search vector's
    GIN index, in no order. The planner guesses the matches of several words
    from each word's own: for two common words that no claim has together it
    expected 6,000, and walked the list's sort index to find them, reading
    every claim to find none (3.8 s at a million claims). Read by key, a page
    of a few matches is a sort of at most FEW rows; past FEW the matches are
    common enough for the walk to find a page soon.
    """
    found = list(matches.order_by().values_list("pk", flat=True)[: FEW + 1])
    if len(found) > FEW:
        return matches, True
    return queryset.filter(pk__in=found), bool(found)


def _folded(word):
    """The word as both indexes keep it: lower case, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class ClaimSearch:
    """One search: what was asked, how it was matched, and a suggestion if nothing was."""

    def __init__(self, text):
        self.text = text
        self.terms = parse(text)
        # PostgreSQL only: no claim had all the words, and the claims shown
        # have words like them.
        self.similar = False
        self.vocabulary = None  # PostgreSQL: the claims' words nearest those searched

    def __str__(self):
        return " ".join(str(term) for term in self.terms)

    def words(self):
        return [word for term in self.terms for word in term.words]

    def filter(self, queryset):
        if not self.terms:
            return queryset.none()
        if connection.vendor == "postgresql":
            return self._filter_postgresql(queryset)
        match = " ".join(term.quoted() for term in self.terms)
        return queryset.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM claims_claim_fts WHERE claims_claim_fts MATCH %s", [match]
            )
        )

    def _filter_postgresql(self, queryset):
        from django.contrib.postgres.search import SearchQuery

        websearch = " ".join(term.quoted() for term in self.terms)
        query = SearchQuery(websearch, config=SEARCH_CONFIG, search_type="websearch")
        matches = queryset.filter(search_vector=query)
        # A "phrase" asks for exactly those words: no claims with words like them.
        if any(len(term.words) > 1 for term in self.terms):
            return matches
        # One cheap look first, by the GIN index alone: the two searches together can
        # use neither index well.
        matches, found = _by_key(queryset, matches)
        if found:
            return matches
        self.similar = True
        return self._similar(queryset)

    def _similar(self, queryset):
        """Claims that have, for each word searched, that word or one of the claims' words
        nearest it.

        The nearest words come from the trigram-indexed word list (one query, well
        under a millisecond), and the claims from the search vector's GIN index, so
        the cost does not depend on how many claims there are. (Trigram similarity on
        the statements themselves walked every claim in page order when none was like
        the words.)
        """
        from django.contrib.postgres.search import SearchQuery

        self.vocabulary = _postgresql_vocabulary(self.words())
        groups = []
        for word in self.words():
            near = _nearest(word, self.vocabulary)
            if not near:
                return queryset.none()
            # The words are letters and digits only (WORD), never tsquery syntax.
            groups.append("(" + " | ".join(near) + ")")
        query = SearchQuery(" & ".join(groups), config=SEARCH_CONFIG, search_type="raw")
        return _by_key(queryset, queryset.filter(search_vector=query))[0]

    def suggestion(self, found):
        """The search with its unknown words corrected, or None.

        `found` is the claims the search shows. On PostgreSQL the words of
        the claims the similarity search found are the vocabulary; when it
        found none, or did not run (a phrase), one query reads the claims'
        words nearest each word searched (migration 0021).
        """
        if connection.vendor == "postgresql" and found:
            vocabulary = _words_of(
                text for claim in found for text in (claim.statement, claim.quote)
            )
        elif connection.vendor == "postgresql" and self.vocabulary is not None:
            vocabulary = self.vocabulary  # read by the similarity search
        elif connection.vendor == "postgresql":
            vocabulary = _postgresql_vocabulary(self.words())
        else:
            vocabulary = _sqlite_vocabulary(self.words())
        corrected = [
            Term(tuple(_correct(word, vocabulary) for word in term.words)) for term in self.terms
        ]
        text = " ".join(str(term) for term in corrected)
        return text if _folded(text) != _folded(str(self)) else None


def _correct(word, vocabulary):
    """The word, or the nearest word of `vocabulary` ({folded word: how common}) if it has none."""
    folded = _folded(word)
    if folded in vocabulary or len(folded) < SHORTEST_CORRECTED or folded.isdigit():
        return word
    near = difflib.get_close_matches(folded, vocabulary, n=5, cutoff=SIMILAR_ENOUGH)
    if not near:
        return word
    best = max(
        near,
        key=lambda w: (difflib.SequenceMatcher(None, folded, w).ratio(), vocabulary[w]),
    )
    return best.capitalize() if word[:1].isupper() else best


def _nearest(word, vocabulary):
    """The words of `vocabulary` a claim may have in place of `word`: the word itself
    if the claims use it or it is too short or a number to correct, else the nearest."""
    folded = _folded(word)
    if folded in vocabulary or len(folded) < SHORTEST_CORRECTED or folded.isdigit():
        return [folded]
    return difflib.get_close_matches(folded, vocabulary, n=NEAREST, cutoff=SIMILAR_ENOUGH)


def _words_of(texts):
    vocabulary = {}
    for text in texts:
        for word in WORD.findall(text):
            folded = _folded(word)
            vocabulary[folded] = vocabulary.get(folded, 0) + 1
    return vocabulary


def _postgresql_vocabulary(words):
    """The claims' words nearest each of `words` by trigrams, a few each, in one query.

    From the word list of migration 0021 and its trigram index: a word passes
    pg_trgm's similarity threshold (0.3 by default), so a swap of two letters
    ("bordre") still reaches "border"; difflib then decides what is near enough.
    """
    one = "(SELECT word FROM claims_search_word WHERE word %% %s ORDER BY word <-> %s LIMIT %s)"
    params = [param for word in words for param in (_folded(word), _folded(word), NEAREST)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(words)), params)
        return dict.fromkeys((row[0] for row in cursor.fetchall()), 1)


def refresh_search_words():
    """Add every claim's words to PostgreSQL's word list, after a load that skipped triggers."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO claims_search_word (word) SELECT DISTINCT lexeme FROM claims_claim, "
            "unnest(to_tsvector('simple', statement || ' ' || quote || ' ' || claimant)) "
            "WHERE lexeme ~ '^[[:alpha:]]{3,40}$' ORDER BY 1 ON CONFLICT DO NOTHING"
        )


def _sqlite_vocabulary(words):
    """The claims' words near the length of any of `words`, with how many claims have each."""
    lengths = [len(_folded(word)) for word in words] or [0]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT term, doc FROM claims_claim_words_vocab WHERE length(term) BETWEEN %s AND %s",
            [min(lengths) - 2, max(lengths) + 2],
        )
        return dict(cursor.fetchall())
