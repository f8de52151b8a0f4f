"""A synthetic catalogue of job profiles, realistic in shape, for benchmarks and load tests."""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag

from core.cache import bump_content_version
from jobprofiles.models import (
    Appellation,
    Competence,
    Enjeu,
    EnvironmentItem,
    JobFamily,
    JobProfile,
    Mission,
    RelatedProfile,
    TaggedJobProfile,
)
from jobprofiles.search import refresh_search_fields

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
SECTIONS = [(Mission, 5), (Enjeu, 3), (Competence, 5), (EnvironmentItem, 1)]
BATCH = 2000


class Command(BaseCommand):
    help = (
        "Génère un catalogue fictif de fiches métiers (familles, étiquettes, quatre sections, "
        "fiches liées) pour les mesures de performance. --replace efface d’abord toutes les "
        "fiches et familles existantes."
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
        with transaction.atomic():
            if replace:
                JobProfile.objects.all().delete()
                JobFamily.objects.all().delete()
            profiles = self.create_profiles(self.create_families(), count)
            self.create_appellations(profiles)
            self.create_sections(profiles)
            self.create_tags(profiles)
            self.create_related(profiles)
            refresh_search_fields(JobProfile.objects.all())
        bump_content_version()
        self.stdout.write(f"{count} fiches générées.")

    def sentence(self, subject="Le titulaire du poste"):
        r = self.random
        return f"{subject} {r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(CONTEXTS)}."

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def create_families(self):
        return JobFamily.objects.bulk_create(
            JobFamily(name=name, slug=slugify(name), position=position)
            for position, name in enumerate(FAMILIES)
        )

    def create_profiles(self, families, count):
        r = self.random
        profiles = []
        for number in range(1, count + 1):
            title = f"{r.choice(ROLES)} {r.choice(DOMAINS)}"
            profiles.append(
                JobProfile(
                    title=title,
                    slug=f"{slugify(title)}-{number}",
                    summary=self.sentence("Au quotidien, la personne en poste"),
                    introduction=self.paragraph(4),
                    family=r.choice(families),
                    status=JobProfile.Status.PUBLISHED,
                )
            )
        return JobProfile.objects.bulk_create(profiles, batch_size=BATCH)

    def create_appellations(self, profiles):
        r = self.random
        Appellation.objects.bulk_create(
            (
                Appellation(profile=profile, name=f"{role} {r.choice(DOMAINS)}", position=position)
                for profile in profiles
                for position, role in enumerate(r.sample(ROLES, 2))
            ),
            batch_size=BATCH,
        )

    def create_sections(self, profiles):
        for model, per_profile in SECTIONS:
            model.objects.bulk_create(
                (
                    model(
                        profile=profile,
                        title=self.sentence("Il ou elle")[:-1].capitalize()[:200],
                        body=self.paragraph(3),
                        position=position,
                    )
                    for profile in profiles
                    for position in range(1, per_profile + 1)
                ),
                batch_size=BATCH,
            )

    def create_tags(self, profiles):
        Tag.objects.bulk_create(
            (Tag(name=name, slug=slugify(name)) for name in TAGS), ignore_conflicts=True
        )
        tags = list(Tag.objects.filter(name__in=TAGS))
        TaggedJobProfile.objects.bulk_create(
            (
                TaggedJobProfile(content_object=profile, tag=tag)
                for profile in profiles
                for tag in self.random.sample(tags, 3)
            ),
            batch_size=BATCH,
        )

    def create_related(self, profiles):
        links = []
        for profile in profiles:
            others = self.random.sample(profiles, min(4, len(profiles)))
            others = [other for other in others if other.pk != profile.pk][:3]
            links += [
                RelatedProfile(from_profile=profile, to_profile=other, position=position)
                for position, other in enumerate(others, start=1)
            ]
        RelatedProfile.objects.bulk_create(links, batch_size=BATCH)
