from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobprofiles.models import SearchSynonym

TEXT = st.characters(exclude_categories=("Cs",))  # surrogates cannot be sent in a URL
PARAMETERS = st.sampled_from(["q", "page", "famille", "tag", "tri", "ordre"]) | st.text(
    TEXT, max_size=10
)
# Words that reach synonyms, excerpts and "Vouliez-vous dire", besides any text.
SEARCH_WORDS = st.sampled_from(
    ["commercial", "DAF", "insdie sales", "c++ % _", '"vente" -sales or', "\ue000opérations"]
)
QUERIES = st.dictionaries(PARAMETERS, st.text(TEXT, max_size=40) | SEARCH_WORDS, max_size=4)
PATHS = st.sampled_from(["/", "/metiers/", "/metiers/chief-operations-officer-coo/"]) | st.text(
    TEXT, max_size=60
).map(lambda text: "/metiers/" + quote(text))


@pytest.fixture
def odd_synonyms(db):
    SearchSynonym.objects.create(terms="DAF = directeur administratif et financier = finance")
    SearchSynonym.objects.create(terms="c++ = % _ = '' = opérations")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(path=PATHS, query=QUERIES, anonymous=st.booleans())
def test_no_path_or_query_string_makes_a_public_page_fail(
    client, admin_client, coo, odd_synonyms, path, query, anonymous
):
    response = (client if anonymous else admin_client).get(path, query)

    assert response.status_code < 500, (path, query)
