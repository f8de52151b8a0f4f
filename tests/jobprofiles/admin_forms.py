"""Turn a rendered admin change form back into the POST data a browser would send."""

from django.forms import FileField


def _form_data(form):
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, FileField):
            continue
        bound = form[name]
        value = field.widget.format_value(bound.value()) if name == "tags" else bound.value()
        if value is None or value is False:
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
