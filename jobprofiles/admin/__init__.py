"""The admin of job profiles, one module per concern.

- ``family``: job families.
- ``profile``: the job profile's change form.
- ``listing``: the profile list's columns, filters, search and actions.
- ``image_upload``: the uploaded image, stored with the save or refused with why.
- ``inlines``: the sections and related roles edited on the profile.
- ``filters``: the list's filters.
- ``actions``: what the list does to the selected profiles.
- ``history``: revisions, comparison and restore.
- ``synonyms``: the equivalent terms that widen searches.
- ``wording``: the admin's nouns and what a save changed, in plain French.
- ``plain_french``: Django's stock French replaced with those words.
- ``importing``: the « Importer une fiche » page.
- ``rich_text``: what the rich text editor needs from the change form's CSP.
"""

from . import family, profile, synonyms  # noqa: F401  (registers the model admins)
