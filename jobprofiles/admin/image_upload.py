"""The profile's uploaded image: stored with the save, or the form shown again with why not."""

from django.contrib import messages

from ..images import ImageNotStored, store_new_image
from ..renditions import renditions_are_current


class ImageUploadAdminMixin:
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """When the uploaded image cannot be stored, the failed attempt is rolled back whole
        (no row, no revision, no file) and the form shown again as typed, with the error.
        """
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ImageNotStored as error:
            request.image_storage_error = str(error)
            for _, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.seek(0)  # read by the first attempt, validated again
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "image_storage_error", None)
        if error:
            return type(form.__name__, (form,), {"image_storage_error": error})
        return form

    def save_model(self, request, obj, form, change):
        store_new_image(obj)
        super().save_model(request, obj, form, change)
        if obj.image and not renditions_are_current(obj):
            self.message_user(
                request,
                "L’image est enregistrée, mais ses versions pour le site n’ont pas pu être "
                "créées : la fiche s’affiche sans image pour l’instant. Enregistrez la fiche "
                "de nouveau pour réessayer, ou envoyez une autre image.",
                messages.WARNING,
            )
