"""The audit trail: who published, unpublished, restored, imported or deleted which profile."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """One editorial act on a profile, kept when the profile or the editor is deleted.

    The profile is named by its id, title and slug at the time, not by a foreign key,
    so that deleting a profile cannot delete the record of its deletion.
    """

    class Action(models.TextChoices):
        PUBLISHED = "published", "Publication"
        UNPUBLISHED = "unpublished", "Retour en brouillon"
        RESTORED = "restored", "Restauration d’une version"
        RECOVERED = "recovered", "Récupération d’une fiche supprimée"
        IMPORTED = "imported", "Import d’un document"
        DELETED = "deleted", "Suppression"

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    action = models.CharField("action", max_length=20, choices=Action.choices)
    profile_id = models.BigIntegerField("numéro de la fiche")
    profile_title = models.CharField("fiche", max_length=150)
    profile_slug = models.CharField("identifiant d’URL", max_length=160)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    username = models.CharField("par", max_length=150)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "entrée du journal des fiches"
        verbose_name_plural = "entrées du journal des fiches"

    def __str__(self):
        return f"{self.get_action_display()} de « {self.profile_title} » par {self.username}"
