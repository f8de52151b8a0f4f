"""A synthetic catalogue of job profiles, realistic in shape, for `make bench` and load tests.

Written in bulk, with every derived field a save fills (sanitised rich text, search and sort
fields, page parts) computed by the product's own functions, and the seed roles loaded as editors
would, so that generated pages weigh what real ones do.
"""

import gc
import random
import time
from contextlib import contextmanager
from functools import cache

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.text import slugify
from taggit.models import Tag

from core.signals import one_content_version_move
from jobprofiles.derived import one_refresh, refresh_profiles
from jobprofiles.markup import text_to_html
from jobprofiles.models import (
    Appellation,
    Competence,
    Enjeu,
    EnvironmentItem,
    JobFamily,
    JobProfile,
    Mission,
    RelatedProfile,
    SearchSynonym,
    TaggedJobProfile,
)

FAMILIES = [
    "Opérations",
    "Ventes",
    "Finance",
    "Ressources humaines",
    "Marketing",
    "Informatique",
    "Logistique",
    "Juridique",
    "Achats",
    "Production",
    "Qualité",
    "Communication",
]
ROLES = [
    "Responsable",
    "Chargé",
    "Directeur",
    "Analyste",
    "Consultant",
    "Chef de projet",
    "Coordinateur",
    "Ingénieur",
    "Technicien",
    "Assistant",
    "Gestionnaire",
    "Spécialiste",
]
DOMAINS = [
    "de la gestion des stocks",
    "des opérations",
    "du contrôle de gestion",
    "de la relation client",
    "des achats",
    "de la paie",
    "du recrutement",
    "de la qualité",
    "de la logistique",
    "des données",
    "de la conformité",
    "de la communication interne",
    "de la gestion de projet",
    "des systèmes d’information",
    "de la chaîne d’approvisionnement",
    "de la trésorerie",
]
VERBS = [
    "pilote",
    "coordonne",
    "améliore",
    "analyse",
    "organise",
    "supervise",
    "optimise",
    "accompagne",
    "développe",
    "sécurise",
]
OBJECTS = [
    "les processus de l’équipe",
    "la gestion des ressources",
    "les indicateurs de performance",
    "les relations avec les partenaires",
    "le budget annuel",
    "la satisfaction des clients",
    "les projets de transformation",
    "la qualité du service",
    "les outils de pilotage",
    "la montée en compétences des collaborateurs",
]
CONTEXTS = [
    "dans un environnement en forte croissance",
    "en lien étroit avec la direction générale",
    "au sein d’une équipe pluridisciplinaire",
    "avec un haut niveau d’exigence",
    "dans le respect des réglementations en vigueur",
    "en s’appuyant sur des données fiables",
]
TAGS = [
    "gestion",
    "management",
    "analyse",
    "relation client",
    "budget",
    "stratégie",
    "négociation",
    "reporting",
    "transformation",
    "qualité",
    "données",
    "conformité",
    "organisation",
    "leadership",
    "projet",
    "terrain",
    "télétravail",
    "international",
    "cadre",
    "junior",
]
# Sections per profile and sentences per section body, as on the seed's COO page.
SECTIONS = [(Mission, 5, 3), (Enjeu, 3, 3), (Competence, 5, 3), (EnvironmentItem, 1, 5)]
BATCH = 1000
# Texts are drawn from pools: each is made into stored rich text once, then reused.
POOL = 3000
SYNONYM = "pilote = supervise = coordonne"

# The sanitised HTML a save stores, made once per distinct text.
rich_text = cache(text_to_html)


@contextmanager
def collected_by_batch():
    """Collect garbage only between batches (gc.collect()), and never visit what lives all
    along (Django, the pools): automatic collections took a fifth of the generator's time."""
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


class Command(BaseCommand):
    help = (
        "Génère un catalogue fictif de fiches métiers (familles, étiquettes, quatre sections, "
        "fiches liées, plus les fiches d’exemple) pour les mesures de performance. "
        "--replace efface d’abord toutes les fiches et familles existantes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Nombre de fiches.")
        parser.add_argument("--seed", type=int, default=1, help="Graine du hasard.")
        parser.add_argument(
            "--replace", action="store_true", help="Effacer d’abord les fiches existantes."
        )

    def handle(self, *args, count, seed, replace, **options):
        if JobProfile.objects.exists() and not replace:
            raise CommandError("Des fiches existent déjà : relancez avec --replace.")
        self.random = random.Random(seed)
        started = time.monotonic()
        self.pools = {n: [self.paragraph(n) for _ in range(POOL)] for n in (2, 3, 4, 5)}
        # One move of the content version for the whole catalogue, not one per row.
        with one_content_version_move(), transaction.atomic(), collected_by_batch():
            if replace:
                with one_refresh():  # the profiles that lose a related role are deleted too
                    JobProfile.objects.all().delete()
                JobFamily.objects.all().delete()
                SearchSynonym.objects.all().delete()
            # First: the fixture's rows have fixed ids, which must not be generated ones.
            call_command("loaddata", "seed_roles", verbosity=0)
            families = self.create_families()
            tags = self.create_tags()
            pks = []
            for first in range(1, count + 1, BATCH):
                numbers = range(first, min(first + BATCH, count + 1))
                profiles = self.create_profiles(families, numbers)
                self.create_appellations(profiles)
                self.create_sections(profiles)
                self.tag(profiles, tags)
                pks += [profile.pk for profile in profiles]
                gc.collect()
            self.create_related(pks)
            # Then what a save derives, the related roles' cards included in each page.
            for first in range(0, len(pks), BATCH):
                refresh_profiles(pks[first : first + BATCH])
                gc.collect()
                if (first + BATCH) % (10 * BATCH) == 0:
                    self.stdout.write(
                        f"{first + BATCH:,} fiches en {time.monotonic() - started:.0f} s"
                    )
            SearchSynonym.objects.create(terms=SYNONYM)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # What autovacuum does after a load, at once: fresh statistics for the planner, and
            # a visibility map that lets PostgreSQL answer from an index alone. (A test's
            # transaction cannot vacuum.)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            f"{count} fiches générées, plus les fiches d’exemple, en "
            f"{time.monotonic() - started:.0f} s."
        )

    def sentence(self, subject="Le titulaire du poste"):
        r = self.random
        return f"{subject} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(CONTEXTS)}."

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def text(self, sentences):
        return self.random.choice(self.pools[sentences])

    def create_families(self):
        JobFamily.objects.bulk_create(
            (
                JobFamily(name=name, slug=slugify(name), position=position)
                for position, name in enumerate(FAMILIES)
            ),
            ignore_conflicts=True,  # the seed's families
        )
        return list(JobFamily.objects.filter(name__in=FAMILIES))

    def create_tags(self):
        Tag.objects.bulk_create(
            (Tag(name=name, slug=slugify(name)) for name in TAGS), ignore_conflicts=True
        )
        return list(Tag.objects.filter(name__in=TAGS))

    def create_profiles(self, families, numbers):
        r = self.random
        profiles = []
        for number in numbers:
            title = f"{r.choice(ROLES)} {r.choice(DOMAINS)}"
            profiles.append(
                JobProfile(
                    title=title,
                    slug=f"{slugify(title)}-{number}",
                    summary=self.sentence("Au quotidien, la personne en poste")
                    + " "
                    + self.sentence("Elle"),
                    introduction=rich_text(self.text(5)),
                    family=r.choice(families),
                    status=JobProfile.Status.PUBLISHED,
                )
            )
        return JobProfile.objects.bulk_create(profiles)

    def create_appellations(self, profiles):
        r = self.random
        Appellation.objects.bulk_create(
            Appellation(profile=profile, name=f"{role} {r.choice(DOMAINS)}", position=position)
            for profile in profiles
            for position, role in enumerate(r.sample(ROLES, 2))
        )

    def create_sections(self, profiles):
        r = self.random
        for model, per_profile, sentences in SECTIONS:
            items = []
            for profile in profiles:
                for position in range(1, per_profile + 1):
                    items.append(
                        model(
                            profile=profile,
                            title=f"{r.choice(VERBS)} {r.choice(OBJECTS)}".capitalize(),
                            body=rich_text(self.text(sentences)),
                            position=position,
                        )
                    )
            model.objects.bulk_create(items)

    def tag(self, profiles, tags):
        TaggedJobProfile.objects.bulk_create(
            TaggedJobProfile(content_object=profile, tag=tag)
            for profile in profiles
            for tag in self.random.sample(tags, 3)
        )

    def create_related(self, pks):
        links = []
        for pk in pks:
            others = [other for other in self.random.sample(pks, min(4, len(pks))) if other != pk]
            links += [
                RelatedProfile(from_profile_id=pk, to_profile_id=other, position=position)
                for position, other in enumerate(others[:3], start=1)
            ]
        RelatedProfile.objects.bulk_create(links, batch_size=BATCH)
