"""What a save changed, in the plain French the history shows editors."""

from django.utils.text import capfirst

# How the history names a changed field of the profile, with the participle agreeing.
FIELD_CHANGES = {
    "title": "Intitulé modifié",
    "title_language": "Langue de l’intitulé modifiée",
    "slug": "Identifiant d’URL modifié",
    "family": "Famille modifiée",
    "summary": "Résumé modifié",
    "introduction": "Texte de l’introduction modifié",
    "image": "Image modifiée",
    "image_alt": "Texte alternatif de l’image modifié",
    "status": "Statut modifié",
    "published_at": "Date de publication modifiée",
    "tags": "Étiquettes modifiées",
}

# Each inline item's noun, and whether it is feminine.
ITEM_NOUNS = {
    "mission": ("Mission", True),
    "enjeu": ("Enjeu", False),
    "competence": ("Compétence", True),
    "environmentitem": ("Élément d’équipe et d’environnement", False),
    "relatedprofile": ("Fiche liée", True),
    "appellation": ("Appellation", True),
}


def _agreeing(participle, feminine):
    return f"{participle}e" if feminine else participle


def _ordinal(rank):
    """« 1ʳᵉ », « 2ᵉ »…: the word that follows is « position », feminine."""
    return "1ʳᵉ" if rank == 1 else f"{rank}ᵉ"


def _subject(item):
    """« Mission « Gestion du budget » », and whether its noun is feminine."""
    noun, feminine = ITEM_NOUNS.get(item._meta.model_name, (None, True))
    noun = noun or f"Ligne de « {capfirst(item._meta.verbose_name)} »"
    for attribute in ("title", "name", "to_profile"):
        value = getattr(item, attribute, None)
        if value:
            return f"{noun} « {value} »", feminine
    return f"{noun} « {item} »", feminine


def _ranks(formset):
    """Each row's rank in its section after the save, from 1."""
    order = getattr(formset, "default_order_field", None) or "pk"
    kept = [
        form.instance
        for form in formset.forms
        if form.instance.pk and form not in formset.deleted_forms
    ]
    kept.sort(key=lambda item: (getattr(item, order) or 0, item.pk))
    return {item.pk: rank for rank, item in enumerate(kept, start=1)}


def _formset_changes(formset):
    lines = []
    for item in formset.new_objects:
        subject, feminine = _subject(item)
        lines.append(f"{subject} {_agreeing('ajouté', feminine)}")
    ranks = _ranks(formset)
    for item, fields in formset.changed_objects:
        subject, feminine = _subject(item)
        moved = f"{_agreeing('déplacé', feminine)} en {_ordinal(ranks[item.pk])} position"
        order = getattr(formset, "default_order_field", None)
        if order in fields and len(fields) == 1:
            lines.append(f"{subject} {moved}")
        elif order in fields:
            lines.append(f"{subject} {_agreeing('modifié', feminine)} et {moved}")
        else:
            lines.append(f"{subject} {_agreeing('modifié', feminine)}")
    for item in formset.deleted_objects:
        subject, feminine = _subject(item)
        lines.append(f"{subject} {_agreeing('supprimé', feminine)}")
    return lines


def describe_changes(form, formsets, add):
    """One sentence per change, e.g. « Mission « Budget » déplacée en 2ᵉ position. »"""
    if add:
        lines = ["Fiche créée"]
    else:
        lines = [
            FIELD_CHANGES.get(name, f"Champ « {capfirst(form.fields[name].label)} » modifié")
            for name in form.changed_data
        ]
    for formset in formsets:
        lines += _formset_changes(formset)
    return ". ".join(lines) + "." if lines else "Enregistrée sans modification."


# How the admin names each model it lists, where Django's French says « l’objet … »:
# (singular, plural, feminine).
MODEL_NOUNS = {
    "jobprofile": ("fiche", "fiches", True),
    "jobfamily": ("famille", "familles", True),
    "searchsynonym": ("ligne de synonymes", "lignes de synonymes", True),
}


class Noun:
    """A model's noun in the admin's sentences, with its article and agreements."""

    def __init__(self, model):
        self.singular, self.plural, self.feminine = MODEL_NOUNS[model._meta.model_name]

    def agreeing(self, participle, plural=False):
        return _agreeing(participle, self.feminine) + ("s" if plural else "")

    @property
    def the(self):
        """« la fiche », « le … »."""
        return f"{'la' if self.feminine else 'le'} {self.singular}"

    @property
    def a(self):
        """« une fiche », « un … »."""
        return f"{'une' if self.feminine else 'un'} {self.singular}"

    @property
    def selected(self):
        return self.agreeing("sélectionné")


def add_item_text(model):
    """The inline's add link: « Ajouter une mission », not « Ajouter un objet Mission… »."""
    noun, feminine = ITEM_NOUNS[model._meta.model_name]
    article = "une" if feminine else "un"
    return f"Ajouter {article} {noun[0].lower()}{noun[1:]}"
