from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, create_archive, prune


class Command(BaseCommand):
    help = (
        "Écrit une archive datée : la base de données (image cohérente), tous les fichiers "
        "déposés et un manifeste (versions, migrations, comptes, sommes de contrôle)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=settings.BACKUP_DIR,
            help="Dossier des archives (DJANGO_BACKUP_DIR par défaut).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="Ne garder que les N archives les plus récentes du dossier (0 : toutes).",
        )

    def handle(self, *args, output, keep, **options):
        if keep < 0:
            raise CommandError("--keep attend un nombre positif.")
        try:
            archive = create_archive(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Archive écrite : {archive}")
        for old in prune(output, keep):
            self.stdout.write(f"Ancienne archive supprimée : {old}")
