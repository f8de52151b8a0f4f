from django.core.management import call_command

from jobprofiles.markup import text_to_html
from jobprofiles.models import (
    Competence,
    Enjeu,
    EnvironmentItem,
    JobFamily,
    JobProfile,
    Mission,
    RelatedProfile,
)

from .seed_document import read_seed

SEED = read_seed()
SEED_SLUGS = {"chief-operations-officer-coo", "account-executive", "inside-sales", "fpa-analyst"}


def test_seed_document_has_the_expected_shape():
    assert (len(SEED["missions"]), len(SEED["enjeux"]), len(SEED["competences"])) == (5, 3, 5)
    assert [title for title, _ in SEED["others"]] == [
        "Account Executive",
        "Inside Sales",
        "FP&A Analyst",
    ]


def test_loading_the_seed_twice_leaves_exactly_the_four_roles(db):
    call_command("loaddata", "seed_roles", verbosity=0)
    call_command("loaddata", "seed_roles", verbosity=0)

    assert set(JobProfile.objects.values_list("slug", flat=True)) == SEED_SLUGS
    assert JobFamily.objects.count() == 3
    counts = [model.objects.count() for model in (Mission, Enjeu, Competence, EnvironmentItem)]
    assert counts == [5, 3, 5, 1]
    assert RelatedProfile.objects.count() == 3


def test_seed_roles_are_published_in_their_families(seed_roles):
    families = {slug: profile.family.name for slug, profile in seed_roles.items()}
    assert families == {
        "chief-operations-officer-coo": "Opérations",
        "account-executive": "Ventes",
        "inside-sales": "Ventes",
        "fpa-analyst": "Finance",
    }
    assert all(p.status == JobProfile.Status.PUBLISHED for p in seed_roles.values())


def test_coo_text_is_the_seed_text_verbatim(coo):
    assert coo.title == SEED["title"]
    assert coo.alternative_title == "Directeur des Opérations"
    assert coo.introduction == text_to_html(SEED["introduction"])
    assert SEED["introduction"].startswith(coo.summary)
    assert coo.summary.endswith("de l’entreprise.")
    for relation in ("missions", "enjeux", "competences"):
        stored = [(item.title, item.body) for item in getattr(coo, relation).all()]
        assert stored == [(title, text_to_html(body)) for title, body in SEED[relation]]
    assert [item.body for item in coo.environment_items.all()] == [
        text_to_html(body) for body in SEED["environment"]
    ]


def test_other_roles_carry_their_seed_summary_verbatim(seed_roles):
    by_title = {profile.title: profile for profile in seed_roles.values()}
    for title, summary in SEED["others"]:
        assert by_title[title].summary == summary


def test_coo_related_roles_follow_the_seed_order(coo):
    related = [link.to_profile.title for link in coo.related_links.all()]
    assert related == [title for title, _ in SEED["others"]]


def test_every_seed_role_has_an_image_with_alt_text_that_survives_a_reload(seed_roles):
    for profile in seed_roles.values():
        assert profile.image.storage.exists(profile.image.name)
        assert profile.image_alt

    call_command("loaddata", "seed_roles", verbosity=0)

    for profile in JobProfile.objects.all():
        assert profile.image.name == seed_roles[profile.slug].image.name
        assert profile.image.storage.exists(profile.image.name)


def test_load_seed_roles_fills_an_empty_database(db):
    call_command("load_seed_roles", verbosity=0)
    assert JobProfile.objects.count() == 4


def test_load_seed_roles_never_overwrites_editors_work(coo, capsys):
    coo.summary = "Résumé réécrit par une éditrice."
    coo.save()

    call_command("load_seed_roles")

    coo.refresh_from_db()
    assert coo.summary == "Résumé réécrit par une éditrice."
    assert "non rechargées" in capsys.readouterr().out


def test_load_seed_roles_force_restores_the_seed(coo):
    coo.summary = "Résumé réécrit."
    coo.save()

    call_command("load_seed_roles", "--force", verbosity=0)

    coo.refresh_from_db()
    assert SEED["introduction"].startswith(coo.summary)
