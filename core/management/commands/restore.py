from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = (
        "Restaure la base de données et les fichiers déposés depuis une archive de "
        "`backup`, après en avoir vérifié toutes les sommes de contrôle."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Chemin de l’archive (careers-….tar.gz).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Remplacer le contenu d’une base qui n’est pas vide.",
        )

    def handle(self, *args, archive, replace, **options):
        try:
            manifest = restore_archive(archive, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"Archive du {manifest['created_at']} restaurée : "
            f"{counts['jobprofiles.JobProfile']} fiches, "
            f"{len(manifest['files']) - 1} fichiers déposés."
        )
