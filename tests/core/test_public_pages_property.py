from io import BytesIO
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from jobprofiles.models import JobProfile, SearchSynonym
from jobprofiles.renditions import renditions_are_current
from tests.jobprofiles.admin_forms import change_form_data, change_url

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


# Fixtures are shared by the examples of a test: none of them changes what the next one sees.
SHARED_FIXTURES = [HealthCheck.function_scoped_fixture]
# How many examples each test tries comes from the profile (tests/conftest.py): fewer in
# `make test-fast`, all in `make test`. An upload costs about ten page views.
UPLOAD_EXAMPLES = max(5, settings().max_examples // 10)


@settings(deadline=None, suppress_health_check=SHARED_FIXTURES)
@given(path=PATHS, query=QUERIES, anonymous=st.booleans())
def test_no_path_or_query_string_makes_a_public_page_fail(
    client, admin_client, coo, odd_synonyms, path, query, anonymous
):
    response = (client if anonymous else admin_client).get(path, query)

    assert response.status_code < 500, (path, query)


@pytest.fixture
def editor_client(client, django_user_model):
    """An HR editor with nothing but the "Éditeurs RH" group, signed in."""
    user = django_user_model.objects.create_user("claire", is_staff=True)
    user.groups.add(Group.objects.get(name="Éditeurs RH"))
    client.force_login(user)
    return client


def image_file(width, height, image_format):
    output = BytesIO()
    Image.new("RGB", (width, height), "teal").save(output, format=image_format)
    return SimpleUploadedFile(f"photo.{image_format.lower()}", output.getvalue())


@settings(max_examples=UPLOAD_EXAMPLES, deadline=None, suppress_health_check=SHARED_FIXTURES)
@given(
    width=st.integers(1, 3000) | st.sampled_from([399, 400, 1600, 1601, 6000]),
    height=st.integers(1, 3000) | st.sampled_from([1, 100, 400]),
    image_format=st.sampled_from(["JPEG", "PNG", "WEBP"]),
)
def test_an_upload_of_any_dimensions_is_accepted_with_renditions_or_refused_in_french(
    editor_client, coo, width, height, image_format
):
    data = change_form_data(editor_client.get(change_url(coo)))
    data.update(image=image_file(width, height, image_format), image_alt="Une équipe.")

    response = editor_client.post(change_url(coo), data)

    assert response.status_code in (200, 302), (width, height)
    if response.status_code == 302:
        profile = JobProfile.objects.get(pk=coo.pk)
        assert renditions_are_current(profile), (width, height)
    else:
        (error,) = response.context["adminform"].form.errors["image"]
        assert "image" in error.lower() and not error.startswith("Upload"), error


# The seed's own ids (its profiles and first versions are numbered from 1) and odd ones.
IDS = st.sampled_from(["1", "2", "3", "abc", "", "1.5", "-1", "٣", "1\x00"]) | st.text(
    TEXT, max_size=12
)
HISTORY_PATHS = st.one_of(
    st.builds("{}/history/".format, IDS),
    st.builds("{}/history/{}/".format, IDS, IDS),
    st.builds("{}/history/compare/".format, IDS),
    st.builds("recover/{}/".format, IDS),
    st.just("recover/"),
)


@settings(deadline=None, suppress_health_check=SHARED_FIXTURES)
@given(path=HISTORY_PATHS, old=IDS, new=IDS, real_profile=st.booleans())
def test_no_history_url_makes_the_admin_fail_for_an_editor(
    editor_client, coo, path, old, new, real_profile
):
    """Ids of the seed's own profile and versions, or anything at all, in every history URL."""
    if real_profile:
        path = path.replace(path.split("/")[0], str(coo.pk), 1)
    url = "/admin/jobprofiles/jobprofile/" + quote(path)

    response = editor_client.get(url, {"old": old, "new": new})

    assert response.status_code < 500, (url, old, new)
