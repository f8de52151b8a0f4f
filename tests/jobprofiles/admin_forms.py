"""Turn a rendered admin change form back into the POST data a browser would send."""

from django.forms import FileField, MultiWidget
from django.urls import reverse


def _split_values(name, widget, value):
    """What the inputs of a multi-part widget (date and time) send."""
    values = value if isinstance(value, list) else widget.decompress(value)
    return {
        name + suffix: part_widget.format_value(part) or ""
        for suffix, part_widget, part in zip(
            widget.widgets_names, widget.widgets, values, strict=True
        )
    }


def _form_data(form):
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, FileField):
            continue
        bound = form[name]
        value = field.widget.format_value(bound.value()) if name == "tags" else bound.value()
        if value is None or value is False:
            continue
        if isinstance(field.widget, MultiWidget):
            data.update(_split_values(bound.html_name, field.widget, value))
            if field.show_hidden_initial:
                # The hidden copy of the initial value, by which Django tells a change.
                data.update(_split_values(bound.html_initial_name, field.widget, bound.initial))
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = "on" if value is True else str(value)
    return data


def change_form_data(response):
    """All fields of the main form and its inline formsets, as currently shown."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def change_url(profile):
    return reverse("admin:jobprofiles_jobprofile_change", args=[profile.pk])


def post_change_form(client, profile, **changes):
    """Open a profile's change form like an editor, change some fields and save it."""
    data = change_form_data(client.get(change_url(profile)))
    data.update(changes)
    return client.post(change_url(profile), data)
