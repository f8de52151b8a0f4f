"""The order saved is the order shown: moves, additions and deletions in one save."""

from jobprofiles.models import Mission

from .admin_forms import change_form_data, change_url


def shown_order_data(response, prefix, shown):
    """The POST data after the editor arranged the saved items as `shown`.

    Renumbers positions 1..n in the order shown, as the drag and drop and the move
    buttons both do before the form is sent.
    """
    data = change_form_data(response)
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    )
    for index, form in enumerate(formset.initial_forms):
        data[f"{prefix}-{index}-position"] = str(shown.index(form.instance) + 1)
    return data


def titles(profile):
    return [mission.title for mission in profile.missions.all()]


def test_move_delete_and_add_in_one_save(admin_client, coo):
    m = list(coo.missions.all())
    response = admin_client.get(change_url(coo))
    data = shown_order_data(response, "missions", [m[4], m[0], m[1], m[2], m[3]])
    data["missions-1-DELETE"] = "on"
    data.update(
        {
            "missions-TOTAL_FORMS": "6",
            "missions-5-title": "Nouvelle mission",
            "missions-5-body": "Texte.",
            "missions-5-profile": str(coo.pk),
        }
    )

    response = admin_client.post(change_url(coo), data)

    assert response.status_code == 302
    assert titles(coo) == [m[4].title, m[0].title, m[2].title, m[3].title, "Nouvelle mission"]


def test_saving_without_moving_never_scrambles_the_order(admin_client, published_profile):
    for title in ("Premier", "Deuxième", "Troisième"):
        Mission.objects.create(profile=published_profile, title=title, body="Texte.", position=0)
    Mission.objects.create(profile=published_profile, title="Quatrième", body="Texte.", position=9)

    response = admin_client.post(
        change_url(published_profile),
        change_form_data(admin_client.get(change_url(published_profile))),
    )

    assert response.status_code == 302
    assert titles(published_profile) == ["Premier", "Deuxième", "Troisième", "Quatrième"]


def test_new_items_go_after_items_with_gaps_in_their_positions(admin_client, published_profile):
    Mission.objects.create(profile=published_profile, title="A", body="Texte.", position=3)
    Mission.objects.create(profile=published_profile, title="B", body="Texte.", position=40)
    data = change_form_data(admin_client.get(change_url(published_profile)))
    data.update(
        {
            "missions-TOTAL_FORMS": "4",
            "missions-2-title": "C",
            "missions-2-body": "Texte.",
            "missions-3-title": "D",
            "missions-3-body": "Texte.",
        }
    )

    admin_client.post(change_url(published_profile), data)

    assert titles(published_profile) == ["A", "B", "C", "D"]


def test_related_roles_keep_the_order_shown(admin_client, coo):
    links = list(coo.related_links.all())
    response = admin_client.get(change_url(coo))
    data = shown_order_data(response, "related_links", [links[2], links[0], links[1]])

    admin_client.post(change_url(coo), data)

    assert [link.pk for link in coo.related_links.all()] == [links[2].pk, links[0].pk, links[1].pk]


def test_the_change_form_loads_the_move_buttons_from_a_static_file(admin_client, coo):
    html = admin_client.get(change_url(coo)).content.decode()
    assert 'src="/static/admin/jobprofiles/section-order.js"' in html
    assert html.count('<fieldset class="module sortable"') == 6
