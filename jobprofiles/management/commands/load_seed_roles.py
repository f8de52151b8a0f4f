from django.core.management import call_command
from django.core.management.base import BaseCommand

from jobprofiles.models import JobProfile


class Command(BaseCommand):
    help = (
        "Charge les fiches d’exemple (fixture seed_roles) dans une base sans fiche. "
        "Une base qui a déjà des fiches est laissée telle quelle, pour ne jamais écraser "
        "le travail des éditeurs ; --force recharge quand même."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Recharger même si des fiches existent."
        )

    def handle(self, *args, force=False, **options):
        if JobProfile.objects.exists() and not force:
            self.stdout.write("Des fiches existent déjà : fiches d’exemple non rechargées.")
            return
        call_command("loaddata", "seed_roles", verbosity=options["verbosity"])
        # A first revision, so that history and concurrent-edit messages start from the seed.
        call_command(
            "createinitialrevisions",
            "jobprofiles.JobProfile",
            comment="Fiche d’exemple chargée.",
            verbosity=options["verbosity"],
        )
