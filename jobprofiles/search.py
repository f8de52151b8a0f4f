"""Full-text search over profiles, insensitive to accents and case.

PostgreSQL uses its French full-text search (stemming) on a stored, indexed vector of the
whole profile, and ranks matches by a small vector of the title (first) and the summary:
matches in the body alone come last, by title. Other databases (SQLite on a laptop) fall
back to matching every word of the query in a stored, normalised copy of the text, title
matches first.

Before searching, a query is read as terms: a word or expression found in the editors'
synonyms (SearchSynonym) matches any of its equivalents. Each result quotes an excerpt of
its text with the matched words marked; a query that finds nothing gets the closest titles
and appellations.
"""

import difflib
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from html import unescape
from operator import and_, or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connection, transaction
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from core.cache import cached_for_content_version

from .models import (
    SECTION_RELATIONS,
    TITLE_ORDER,
    Appellation,
    JobProfile,
    SearchEntry,
    SearchName,
    SearchSynonym,
    TaggedJobProfile,
    visible_now,
)

MAX_QUERY_LENGTH = 100
SEARCH_CONFIG = "french_unaccent"
# The editor writes blocks with nothing between them: "<p>un</p><p>deux</p>".
_BLOCK_END = re.compile(r"</(?:p|li)>|<br>", re.IGNORECASE)
_LIGATURES = {"œ": "oe", "æ": "ae", "’": "'", "ß": "ss"}


def clean_query(raw):
    """Make any user input a safe, bounded query: no control characters, no runs of spaces."""
    text = "".join(char if char.isprintable() else " " for char in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def normalise(text):
    """Lower-case text without accents or ligatures, as both sides of a fallback match."""
    # Replacing each of a few characters is faster than translating a long text through a table.
    text = text.casefold()
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    decomposed = unicodedata.normalize("NFKD", text)
    for mark in {char for char in set(decomposed) if unicodedata.combining(char)}:
        decomposed = decomposed.replace(mark, "")
    return decomposed


def uses_postgres_search():
    return connection.vendor == "postgresql"


def words_of(text):
    return [word for word in re.split(r"\W+", normalise(text)) if word]


def one_line(text):
    """The text on one line, without control or private-use characters."""
    if not text.isprintable():
        text = "".join(char if char.isprintable() else " " for char in text)
    return " ".join(text.split())


def plain(html):
    """Stored rich text as the text a reader sees, paragraphs and list items apart."""
    return one_line(unescape(strip_tags(_BLOCK_END.sub(" ", html))))


def _section_texts(profile):
    """Each section item's title and text as readers see it, in page order.

    Read once for a profile's search fields: plain() is most of their cost.
    """
    return [
        (item.title, plain(item.body))
        for relation in SECTION_RELATIONS
        for item in getattr(profile, relation).all()
    ]


def _document(profile, sections, introduction):
    """The profile's searchable text in three parts, from most to least important."""
    tags = [tagged.tag.name for tagged in profile.tagged_items.all()]
    appellations = [appellation.name for appellation in profile.appellations.all()]
    return (
        " ".join([profile.title, *appellations, *tags]),
        " ".join([profile.summary, profile.family.name]),
        " ".join([introduction, *(part for section in sections for part in section)]),
    )


def _quotable_text(profile, sections, introduction):
    """What an excerpt quotes from: the profile's text as readers see it."""
    appellations = ", ".join(appellation.name for appellation in profile.appellations.all())
    parts = [
        one_line(f"Aussi appelé : {appellations}.") if appellations else "",
        one_line(profile.summary),
        introduction,
        *(f"{title}. {text}" if title else text for title, text in sections),
        one_line(", ".join(tagged.tag.name for tagged in profile.tagged_items.all())),
    ]
    return " ".join(part for part in parts if part)


def document_relations():
    """What _document and the first appellation read beyond the profile and its family.

    To prefetch, with the family selected (select_related).
    """
    return [
        *SECTION_RELATIONS,
        "appellations",
        Prefetch("tagged_items", queryset=TaggedJobProfile.objects.select_related("tag")),
    ]


def search_texts(profile):
    """The search and sort text of a profile fetched with document_relations(), to store,
    and the three parts of its document, which PostgreSQL makes vectors of (vectors()).

    The alternative title shown under the title is the first appellation.
    """
    sections, introduction = _section_texts(profile), plain(profile.introduction)
    title, summary, body = _document(profile, sections, introduction)
    first_appellation = next(iter(profile.appellations.all()), None)
    fields = {
        "alternative_title": first_appellation.name if first_appellation else "",
        "sort_title": normalise(profile.title),
        "search_title": normalise(title),
        "search_text": normalise(" ".join([title, summary, body])),
        "search_document": _quotable_text(profile, sections, introduction),
    }
    # The page rendered next from this instance shows the alternative title.
    for name, value in fields.items():
        setattr(profile, name, value)
    return fields, (title, summary, body)


def vectors(title, summary, body):
    """The stored vectors of a document's three parts (expressions): PostgreSQL only."""
    headline = SearchVector(title, weight="A", config=SEARCH_CONFIG) + SearchVector(
        summary, weight="B", config=SEARCH_CONFIG
    )
    return {
        "search_rank_vector": headline,
        "search_vector": headline + SearchVector(body, weight="C", config=SEARCH_CONFIG),
    }


def search_fields(profile):
    """What a profile fetched with document_relations() stores for search and sorting."""
    fields, document = search_texts(profile)
    if uses_postgres_search():
        fields.update(vectors(*map(Value, document)))
    return fields


def write_search_fields(profile):
    """Store the search and sort text of a profile fetched with document_relations()."""
    type(profile).objects.filter(pk=profile.pk).update(**search_fields(profile))


UPDATE_CHUNK = 100


def write_profiles(profiles, other_columns):
    """Store profiles' search fields with other columns of theirs ({field: value} for each
    profile, from other_columns(profile)): what write_search_fields stores, and more.

    On PostgreSQL, one UPDATE per hundred profiles, joined to their values: a statement per
    profile costs more than making its vectors.
    """
    if not uses_postgres_search():
        for profile in profiles:
            columns = {**search_fields(profile), **other_columns(profile)}
            type(profile).objects.filter(pk=profile.pk).update(**columns)
        return
    connection.ensure_connection()
    # Each statement is sent without waiting for the one before (psycopg's pipeline mode):
    # PostgreSQL makes a hundred profiles' vectors while the next hundred are read here.
    with connection.connection.pipeline():
        for start in range(0, len(profiles), UPDATE_CHUNK):
            _update_joined(profiles[start : start + UPDATE_CHUNK], other_columns)


def _update_joined(profiles, other_columns):
    """UPDATE ... FROM (VALUES ...): each profile's row of values, its vectors made of them."""
    values = []
    for profile in profiles:
        fields, document = search_texts(profile)
        values.append((profile.pk, {**fields, **other_columns(profile)}, document))
    fields = [JobProfile._meta.get_field(name) for name in values[0][1]]
    qn = connection.ops.quote_name
    assignments = [f"{qn(field.column)} = v.{qn(field.column)}" for field in fields]
    query = JobProfile.objects.all().query
    compiler = query.get_compiler(connection=connection)
    document = [RawSQL(f"v.document_{part}", [], output_field=TextField()) for part in range(3)]
    params = []
    for name, vector in vectors(*document).items():
        sql, vector_params = compiler.compile(vector.resolve_expression(query))
        assignments.append(f"{qn(JobProfile._meta.get_field(name).column)} = {sql}")
        params += vector_params
    row = "(" + ", ".join(["%s"] * (1 + len(fields) + len(document))) + ")"
    for pk, columns, texts in values:
        params += [pk, *(f.get_db_prep_save(columns[f.name], connection) for f in fields), *texts]
    names = ", ".join(
        ["id", *(qn(field.column) for field in fields), "document_0, document_1, document_2"]
    )
    table = qn(JobProfile._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {', '.join(assignments)} "
            f"FROM (VALUES {', '.join([row] * len(values))}) AS v({names}) "
            f"WHERE {table}.id = v.id",
            params,
        )


# Each column of a search entry is the profile's column of the same name.
_ENTRY_COLUMNS = ", ".join(
    ["profile_id", *(f.column for f in SearchEntry._meta.concrete_fields if not f.primary_key)]
)
_ENTRY_UPDATE = ", ".join(
    f"{f.column} = excluded.{f.column}"
    for f in SearchEntry._meta.concrete_fields
    if not f.primary_key
)


def write_search_entries(pks):
    """Copy these profiles' rows, as stored, into their search entries: one statement."""
    if not pks:
        return
    columns = _ENTRY_COLUMNS.replace("profile_id", "id", 1)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SearchEntry._meta.db_table} ({_ENTRY_COLUMNS}) "
            f"SELECT {columns} FROM {JobProfile._meta.db_table} WHERE id IN "
            f"({', '.join(['%s'] * len(pks))}) "
            f"ON CONFLICT (profile_id) DO UPDATE SET {_ENTRY_UPDATE}",
            list(pks),
        )


def refresh_search_fields(queryset):
    """Recompute the stored search and sort text of these profiles from their content."""
    profiles = queryset.select_related("family").prefetch_related(*document_relations())
    written = []
    for profile in profiles.iterator(chunk_size=500):
        write_search_fields(profile)
        written.append(profile.pk)
        if len(written) == 500:
            write_search_entries(written)
            written = []
    write_search_entries(written)


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


def read_synonyms():
    """Each synonym, as its normalised words, with every term it is equivalent to."""
    equivalents = {}
    for line in SearchSynonym.objects.all():
        terms = [" ".join(words_of(term)) for term in line.term_list()]
        for term in filter(None, terms):
            known = equivalents.setdefault(tuple(term.split()), [])
            known += [other for other in terms if other and other not in known]
    return equivalents


def query_terms(query):
    """The query's terms, each the list of phrases that may match it (normalised).

    A run of words found in the synonyms is one term, the longest run first: "directeur
    administratif et financier" is one term when a synonym says so.
    """
    words = words_of(query)
    if not words:
        return []
    synonyms = cached_for_content_version("search-synonyms", "all", read_synonyms)
    longest = max(map(len, synonyms), default=1)
    terms, start = [], 0
    while start < len(words):
        size = min(longest, len(words) - start)
        while size > 1 and tuple(words[start : start + size]) not in synonyms:
            size -= 1
        terms.append(synonyms.get(tuple(words[start : start + size]), [words[start]]))
        start += size
    return terms


def postgres_query(query, terms):
    """The query as PostgreSQL reads it: as typed (quotes, "-"), unless synonyms widen it."""
    if all(len(phrases) == 1 for phrases in terms):
        return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    return reduce(
        and_,
        (
            reduce(
                or_,
                (
                    SearchQuery(phrase, config=SEARCH_CONFIG, search_type="phrase")
                    for phrase in phrases
                ),
            )
            for phrases in terms
        ),
    )


def search(queryset, query):
    """Profiles matching the query, best first: at most MATCH_LIMIT of them, the best of the
    first the index yields when there are more (found())."""
    terms = query_terms(query)
    with using_search_index():
        hits = found(matching(queryset, query, terms))
    return ranked(queryset.filter(pk__in=hits.pks()), query, terms)


def searched_rows():
    """What a search of the list filters, published only: a row per profile, with its family.

    On PostgreSQL, the narrow search entries (their pk is the profile's); elsewhere the
    profiles themselves, whose stored normalised text the fallback matches.
    """
    if uses_postgres_search():
        return SearchEntry.objects.filter(visible_now())
    return JobProfile.objects.published()


# A search counts and ranks at most this many matches: a word found in most profiles of a
# large catalogue would otherwise have every one of them read and ranked at each search.
# Past it, the list says "plus de 1 000", names its families without numbers and ranks the
# first matches the index yields.
MATCH_LIMIT = 1000


@dataclass(frozen=True)
class Found:
    """A search's matching rows as (pk, family id): all of them when complete, otherwise
    the first MATCH_LIMIT that the index yields."""

    rows: tuple
    complete: bool

    def of_family(self, family_id):
        """The rows of one family: all of its matches, when these are all the matches."""
        return Found(tuple(row for row in self.rows if row[1] == family_id), self.complete)

    def pks(self):
        return [pk for pk, _ in self.rows]


def found(matches):
    """The Found rows of matching rows (matching()): one query, at most MATCH_LIMIT + 1 rows."""
    rows = tuple(matches.order_by().values_list("pk", "family_id")[: MATCH_LIMIT + 1])
    return Found(rows[:MATCH_LIMIT], complete=len(rows) <= MATCH_LIMIT)


def matching(rows, query, terms):
    """Rows (profiles or search entries) matching the query's terms (query_terms)."""
    if uses_postgres_search():
        return rows.filter(search_vector=postgres_query(query, terms))
    if not terms:
        return rows.none()
    for phrases in terms:
        rows = rows.filter(reduce(or_, (Q(search_text__contains=p) for p in phrases)))
    return rows


def ranked(matches, query, terms):
    """Matching rows, best first: title and summary matches before body ones, then by title."""
    if uses_postgres_search():
        rank = SearchRank(F("search_rank_vector"), postgres_query(query, terms))
    else:
        rank = sum(
            (
                Case(
                    When(reduce(or_, (Q(search_title__contains=p) for p in phrases)), then=1),
                    default=0,
                    output_field=IntegerField(),
                )
                for phrases in terms
            ),
            Value(0),
        )
    return matches.annotate(rank=rank).order_by("-rank", *TITLE_ORDER, "pk")


# Marks around matched words, which no stored text holds (plain() drops them): the text is
# escaped first, then they become <mark> tags.
MARK_START, MARK_END = "\ue000", "\ue001"
EXCERPT_CHARACTERS = 220


def marked_html(text):
    """The excerpt as safe HTML: the text escaped, the matched words in <mark>."""
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)


def _headline(text, search_query):
    return SearchHeadline(
        text,
        search_query,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        min_words=15,
        max_words=35,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


# ts_headline parses the whole text it is given: most matches lie in its opening (the other
# names, the summary, the introduction's first lines), so it reads these characters first,
# about three times the excerpt, and the whole text only if they hold no match.
EXCERPT_SOURCE_CHARACTERS = 600


class Opening(Func):
    """The first EXCERPT_SOURCE_CHARACTERS of a text, cut after a whole word (PostgreSQL)."""

    output_field = TextField()
    size = EXCERPT_SOURCE_CHARACTERS
    template = (
        f"CASE WHEN length(%(expressions)s) <= {size} THEN %(expressions)s ELSE left("
        f"%(expressions)s, {size + 1} - strpos(reverse(left(%(expressions)s, {size + 1})), ' ')"
        ") END"
    )


def excerpts(pks, query, terms):
    """For each profile, a short passage of its text with the query's words (query_terms)
    marked."""
    profiles = JobProfile.objects.filter(pk__in=pks)
    if uses_postgres_search():
        search_query = postgres_query(query, terms)
        opening = Opening("search_document")
        found = (
            profiles.annotate(opening_vector=SearchVector(opening, config=SEARCH_CONFIG))
            .annotate(
                excerpt=Case(
                    When(
                        opening_vector=search_query,
                        then=_headline(opening, search_query),
                    ),
                    default=_headline("search_document", search_query),
                    output_field=TextField(),
                )
            )
            .values_list("pk", "excerpt")
        )
    else:
        phrases = [phrase for term in terms for phrase in term]
        found = (
            (pk, _marked_passage(text, phrases))
            for pk, text in profiles.values_list("pk", "search_document")
        )
    return {pk: marked_html(text) for pk, text in found}


def _marked_passage(text, phrases):
    """Around the first match, a passage with every match marked, as SQLite matches words.

    Matching happens on the normalised text; `origin` maps each of its characters back to
    the text as written, so the marks land on the words the reader sees.
    """
    normalised, origin = "", []
    for index, char in enumerate(text):
        folded = normalise(char)
        normalised += folded
        origin += [index] * len(folded)
    spans = []
    for phrase in phrases:
        spans += [
            (origin[m.start()], origin[m.end() - 1] + 1)
            for m in re.finditer(re.escape(phrase), normalised)
        ]
    spans = sorted(_whole_words(text, span) for span in spans)
    first = spans[0][0] if spans else 0
    start = text.rfind(" ", 0, max(first - EXCERPT_CHARACTERS // 3, 0)) + 1
    end = text.find(" ", start + EXCERPT_CHARACTERS)
    end = len(text) if end == -1 else end
    passage, cursor = [], start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        passage += [text[cursor:span_start], MARK_START, text[span_start:span_end], MARK_END]
        cursor = span_end
    passage.append(text[cursor:end])
    ellipsis = ("… " if start else "", " …" if end < len(text) else "")
    return ellipsis[0] + "".join(passage) + ellipsis[1]


def _whole_words(text, span):
    """Widen a match to the words it lies in: "vente" marks all of "ventes"."""
    start, end = span
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


SUGGESTIONS = 3


def names_of(profiles):
    """The titles and appellations of profiles fetched with their appellations."""
    return {
        name
        for profile in profiles
        for name in [
            profile.title,
            *(appellation.name for appellation in profile.appellations.all()),
        ]
    }


def write_search_names(profiles):
    """Add the names of profiles fetched with their appellations to those a mistyped query
    is compared with: one statement, names already known left as they are."""
    SearchName.objects.bulk_create(
        [SearchName(name=name, sort_name=normalise(name)) for name in names_of(profiles)],
        ignore_conflicts=True,
    )


def borne_by(profiles):
    """The SearchName rows that some of these profiles bear, as title or appellation."""
    titled = profiles.filter(sort_title=OuterRef("sort_name"), title=OuterRef("name"))
    named = Appellation.objects.filter(name=OuterRef("name"), profile__in=profiles)
    return SearchName.objects.filter(Exists(titled) | Exists(named))


def sync_search_names():
    """Know every name profiles bear, and only those: at migrate, after renames and
    deletions, and for profiles saved before names were kept."""
    write_search_names(JobProfile.objects.prefetch_related("appellations").only("title"))
    SearchName.objects.exclude(pk__in=borne_by(JobProfile.objects.all()).values("pk")).delete()


def closest_names(queryset, query):
    """Titles and appellations of these profiles that look like a mistyped query.

    Each name is compared once, however many profiles bear it (SearchName), accents and
    case aside. PostgreSQL compares trigrams (pg_trgm, through an index); elsewhere, difflib
    compares the query with every name, which suits a small catalogue.
    """
    names, typed = borne_by(queryset), normalise(query)
    if uses_postgres_search():
        return list(
            names.filter(sort_name__trigram_similar=typed)
            .annotate(similarity=TrigramSimilarity("sort_name", typed))
            .order_by("-similarity", "name")
            .values_list("name", flat=True)[:SUGGESTIONS]
        )
    by_normalised = dict(names.values_list("sort_name", "name"))
    close = difflib.get_close_matches(typed, by_normalised, n=SUGGESTIONS, cutoff=0.6)
    return [by_normalised[name] for name in close]
