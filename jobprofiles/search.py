"""Full-text search over profiles, insensitive to accents and case.

PostgreSQL uses its French full-text search (stemming) on a stored, indexed vector of the
whole profile, and ranks matches by a small vector of the title (first) and the summary:
matches in the body alone come last, by title. Other databases (SQLite on a laptop) fall
back to matching every word of the query in a stored, normalised copy of the text, title
matches first.
"""

import re
import unicodedata
from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, Prefetch, Value, When

from .models import SECTION_RELATIONS, TITLE_ORDER, TaggedJobProfile

MAX_QUERY_LENGTH = 100
SEARCH_CONFIG = "french_unaccent"
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", "ß": "ss"})


def clean_query(raw):
    """Make any user input a safe, bounded query: no control characters, no runs of spaces."""
    text = "".join(char if char.isprintable() else " " for char in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def normalise(text):
    """Lower-case text without accents or ligatures, as both sides of a fallback match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def uses_postgres_search():
    return connection.vendor == "postgresql"


def _document(profile):
    """The profile's searchable text in three parts, from most to least important."""
    sections = [
        part
        for relation in SECTION_RELATIONS
        for item in getattr(profile, relation).all()
        for part in (item.title, item.body)
    ]
    tags = [tagged.tag.name for tagged in profile.tagged_items.all()]
    appellations = [appellation.name for appellation in profile.appellations.all()]
    return (
        " ".join([profile.title, *appellations, *tags]),
        profile.summary,
        " ".join([profile.introduction, *sections]),
    )


def document_relations():
    """What _document and the first appellation read beyond the profile, to prefetch."""
    return [
        *SECTION_RELATIONS,
        "appellations",
        Prefetch("tagged_items", queryset=TaggedJobProfile.objects.select_related("tag")),
    ]


def write_search_fields(profile):
    """Store the search and sort text of a profile fetched with document_relations().

    The alternative title shown under the title is the first appellation.
    """
    title, summary, body = _document(profile)
    first_appellation = next(iter(profile.appellations.all()), None)
    fields = {
        "alternative_title": first_appellation.name if first_appellation else "",
        "sort_title": normalise(profile.title),
        "search_title": normalise(title),
        "search_text": normalise(" ".join([title, summary, body])),
    }
    if uses_postgres_search():
        headline = SearchVector(Value(title), weight="A", config=SEARCH_CONFIG) + SearchVector(
            Value(summary), weight="B", config=SEARCH_CONFIG
        )
        fields["search_rank_vector"] = headline
        fields["search_vector"] = headline + SearchVector(
            Value(body), weight="C", config=SEARCH_CONFIG
        )
    type(profile).objects.filter(pk=profile.pk).update(**fields)


def refresh_search_fields(queryset):
    """Recompute the stored search and sort text of these profiles from their content."""
    for profile in queryset.prefetch_related(*document_relations()).iterator(chunk_size=500):
        write_search_fields(profile)


@contextmanager
def using_search_index():
    """Make PostgreSQL read matches through the search index, for the queries inside.

    For a word found in most profiles, its planner prefers reading the whole table and
    matching each row's whole-profile vector: about twice as slow as the index
    (docs/performance.md). Sequential scans are off for this transaction only.
    """
    if not uses_postgres_search():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


def search(queryset, query):
    """Profiles matching the query, best first."""
    if uses_postgres_search():
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_rank_vector"), search_query))
            .order_by("-rank", *TITLE_ORDER)
        )
    words = [word for word in re.split(r"\W+", normalise(query)) if word]
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    title_matches = sum(
        (
            Case(When(search_title__contains=word, then=1), default=0, output_field=IntegerField())
            for word in words
        ),
        Value(0),
    )
    return queryset.annotate(rank=title_matches).order_by("-rank", *TITLE_ORDER)
