"""Job profiles ("fiches métiers"), their families and their four ordered sections."""

import uuid
from pathlib import PurePath

import reversion
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Case, Count, IntegerField, Prefetch, Q, When
from django.db.models.functions import Now
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from .markup import HELP_TEXT, RichTextField


class SlugNaturalKeyManager(models.Manager):
    """Let fixtures refer to rows by slug, so loading them twice updates the same rows."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class JobFamilyQuerySet(models.QuerySet):
    def with_published_counts(self):
        """Families and their stored number of published profiles, current now.

        Read instead of counting the profiles (derived.recount_families() stores the
        numbers); once a family's next scheduled publication has come, counted again first.
        """
        families = list(self)
        now = timezone.now()
        if any(family.counted_until and family.counted_until <= now for family in families):
            from .derived import recount_families

            recount_families()
            families = list(self.all())
        return families


class JobFamily(models.Model):
    name = models.CharField("nom", max_length=80, unique=True)
    slug = models.SlugField(
        "identifiant d’URL", max_length=80, unique=True, help_text="Rempli à partir du nom."
    )
    position = models.PositiveIntegerField(
        "position", default=0, help_text="Les familles sont listées par position croissante."
    )
    published_count = models.PositiveIntegerField("fiches publiées", default=0, editable=False)
    counted_until = models.DateTimeField(
        "compte valable jusqu’au",
        null=True,
        editable=False,
        help_text="Prochaine publication programmée.",
    )

    objects = SlugNaturalKeyManager.from_queryset(JobFamilyQuerySet)()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "famille de métiers"
        verbose_name_plural = "familles de métiers"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The list of the family's profiles: the one way to link to a family."""
        return f"{reverse('jobprofiles:list')}?{urlencode({'famille': self.slug})}"

    def natural_key(self):
        return (self.slug,)


# "En bref": the key facts of a role, each optional.
KEY_FACT_FIELDS = (
    "experience",
    "education_level",
    "salary_min",
    "salary_max",
    "salary_source",
    "salary_source_date",
    "contract_type",
    "work_mode",
    "rome_code",
    "esco_uri",
)
ROME_CODE = RegexValidator(
    r"^[A-N][0-9]{4}$",
    "Un code ROME est une lettre de A à N suivie de quatre chiffres, par exemple M1302.",
    code="rome_code",
)
ESCO_OCCUPATION = RegexValidator(
    r"^http://data\.europa\.eu/esco/occupation/[0-9a-f-]{36}$",
    "Collez l’URI d’un métier ESCO, de la forme "
    "http://data.europa.eu/esco/occupation/ suivie de son identifiant.",
    code="esco_uri",
)
SALARY_LIMITS = [
    MinValueValidator(1000, "Indiquez un salaire brut annuel en euros, par exemple 45000."),
    MaxValueValidator(1_000_000, "Indiquez un salaire brut annuel en euros, par exemple 45000."),
]

OPENINGS_URL_ERROR = "Collez l’adresse complète de la page des offres, commençant par https://."

# The four sections of a profile page, in page order, by their relation name on JobProfile.
SECTION_RELATIONS = ("missions", "enjeux", "competences", "environment_items")
SEARCH_FIELDS = (
    "search_title",
    "search_text",
    "search_document",
    "search_vector",
    "search_rank_vector",
)
# The stored renderings of a profile's page and card (page_parts.py): read only by the pages
# that show them.
RENDERED_FIELDS = ("page_parts", "list_card")
# What a card shows (profile_card): a page of the list reads twelve profiles, and no more.
CARD_FIELDS = (
    "title",
    "title_language",
    "slug",
    "summary",
    "image",
    "renditions",
    "family__name",
    "family__slug",
)
# Alphabetical order of profiles: accents and case aside, then as written.
TITLE_ORDER = ("sort_title", "title")


def published_related_links():
    """The related roles a page shows: published ones only, read like cards."""
    published_related = (
        RelatedProfile.objects.filter(to_profile__in=JobProfile.objects.published())
        .select_related("to_profile__family")
        .defer(*(f"to_profile__{field}" for field in (*SEARCH_FIELDS, *RENDERED_FIELDS)))
    )
    return Prefetch("related_links", queryset=published_related, to_attr="published_related_links")


def scheduled_related_links():
    """The related roles a page will show once their publication date comes."""
    scheduled = (
        RelatedProfile.objects.filter(to_profile__in=JobProfile.objects.scheduled())
        .select_related("to_profile")
        .only("from_profile", "to_profile", "to_profile__published_at")
    )
    return Prefetch("related_links", queryset=scheduled, to_attr="scheduled_related_links")


def page_prefetches():
    """The relations a profile page shows beyond the profile and its family."""
    return (
        *SECTION_RELATIONS,
        "appellations",
        Prefetch("tagged_items", queryset=TaggedJobProfile.objects.select_related("tag")),
        published_related_links(),
    )


def visible_now():
    """Profiles the public may see: the one rule every public page uses.

    A published profile dated in the future stays hidden until its date comes, so
    scheduling needs no background job. The database's clock is read when the query
    runs, so a queryset built once (a view's `queryset`) stays right. Profiles and their
    search entries (SearchEntry) both hold the status and date it reads.
    """
    return Q(status=JobProfile.Status.PUBLISHED, published_at__lte=Now())


class JobProfileQuerySet(models.QuerySet):
    def published(self):
        """Profiles the public may see (visible_now)."""
        return self.filter(visible_now())

    def scheduled(self):
        """Published profiles dated in the future: visible_now() shows them once it comes."""
        return self.filter(status=JobProfile.Status.PUBLISHED, published_at__gt=Now())

    def next_scheduled_change(self):
        """When the published set next changes by itself: the earliest future publication."""
        return self.scheduled().aggregate(next=models.Min("published_at"))["next"]

    def for_cards(self):
        """The profile and its family, in one query, without the stored search fields and
        page parts (each a copy of the whole profile): for the pages, feeds and API that
        show more of a profile than a list card does (cards())."""
        return self.select_related("family").defer(*SEARCH_FIELDS, *RENDERED_FIELDS)

    def cards(self):
        """What a card shows and nothing else (CARD_FIELDS), in one query."""
        return self.select_related("family").only(*CARD_FIELDS)

    def for_profile_page(self):
        """A public profile page's row: the profile, its family and its stored page parts."""
        return self.select_related("family").defer(*SEARCH_FIELDS, "list_card")

    def for_page(self):
        """What a profile page shows, in a constant number of queries whatever the catalogue."""
        return self.for_cards().prefetch_related(*page_prefetches())

    def closest_to(self, profile, count):
        """The count profiles closest to profile: same family first, then most shared tags.

        Rows of (pk, slug, title, same_family, shared_tags): the last two say why, as 1 or 0
        and a count. Only columns of the published-order index are read, so PostgreSQL ranks
        the catalogue from that narrow index instead of the wide rows. The profile's tags are
        read in the same query.
        """
        tag_ids = TaggedJobProfile.objects.filter(content_object=profile).values("tag_id")
        return list(
            self.exclude(pk=profile.pk)
            .values("pk")
            .annotate(
                same_family=Case(
                    When(family_id=profile.family_id, then=1),
                    default=0,
                    output_field=IntegerField(),
                ),
                shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)),
            )
            .order_by("-same_family", "-shared_tags", *TITLE_ORDER, "pk")
            .values_list("pk", "slug", "title", "same_family", "shared_tags", named=True)[:count]
        )


@reversion.register()
class TaggedJobProfile(TaggedItemBase):
    """Tag links with a real foreign key, so tags join and prefetch like any relation."""

    content_object = models.ForeignKey(
        "JobProfile", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        # In the order editors added them, on every page, card and export alike.
        ordering = ["pk"]
        verbose_name = "étiquette de fiche"
        verbose_name_plural = "étiquettes de fiches"


def is_fixed_address(slug):
    """Whether /metiers/<slug>/ is another page of the site (comparer…), not a profile's."""
    try:
        path = reverse("jobprofiles:detail", kwargs={"slug": slug})
    except NoReverseMatch:
        return False  # not a slug at all: the slug field says so
    return resolve(path).url_name != "detail"


def current_minute():
    """Now, to the minute: the default publication time editors read in the form."""
    return timezone.now().replace(second=0, microsecond=0)


def profile_image_path(instance, filename):
    """Store uploads under a random name: file names must not be guessable or clash."""
    return f"jobprofiles/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


# What a revision of a profile holds besides the profile: restoring brings these back.
REVISION_FOLLOW = (*SECTION_RELATIONS, "appellations", "related_links", "tagged_items")


@reversion.register(follow=REVISION_FOLLOW)
class JobProfile(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        PUBLISHED = "published", "Publiée"

    class Language(models.TextChoices):
        FRENCH = "fr", "Français"
        ENGLISH = "en", "Anglais"

    class Experience(models.TextChoices):
        BEGINNER = "debutant", "Débutant accepté"
        UNDER_2 = "0-2", "Moins de 2 ans"
        FROM_2_TO_5 = "2-5", "2 à 5 ans"
        FROM_5_TO_10 = "5-10", "5 à 10 ans"
        OVER_10 = "10+", "Plus de 10 ans"

    class EducationLevel(models.TextChoices):
        NONE = "aucun", "Sans diplôme exigé"
        CAP = "cap", "CAP, BEP"
        BAC = "bac", "Bac"
        BAC_2 = "bac+2", "Bac+2"
        BAC_3 = "bac+3", "Bac+3"
        BAC_5 = "bac+5", "Bac+5"
        BAC_8 = "bac+8", "Bac+8"

    class ContractType(models.TextChoices):
        CDI = "cdi", "CDI"
        CDD = "cdd", "CDD"
        APPRENTICESHIP = "alternance", "Alternance"
        INTERNSHIP = "stage", "Stage"
        FREELANCE = "freelance", "Indépendant"

    class WorkMode(models.TextChoices):
        ON_SITE = "site", "Sur site"
        HYBRID = "hybride", "Hybride"
        REMOTE = "distance", "Télétravail complet"

    title = models.CharField("intitulé", max_length=150)
    title_language = models.CharField(
        "langue de l’intitulé",
        max_length=2,
        choices=Language.choices,
        default=Language.FRENCH,
        help_text="Choisissez « Anglais » pour un intitulé comme « Account Executive » : "
        "les lecteurs d’écran le prononceront correctement.",
    )
    slug = models.SlugField(
        "identifiant d’URL",
        max_length=160,
        unique=True,
        help_text="Partie de l’adresse de la fiche (/metiers/…/). Rempli à partir de l’intitulé. "
        "Changé après publication, l’ancienne adresse mène encore à la fiche (redirection), "
        "mais les liens partagés gagnent à rester stables.",
    )
    # The first appellation, shown under the title: kept current by jobprofiles.signals.
    alternative_title = models.CharField(
        "intitulé alternatif", max_length=150, blank=True, editable=False
    )
    summary = models.TextField(
        "résumé",
        max_length=1000,
        blank=True,
        help_text="Une ou deux phrases : texte des cartes (coupé après une trentaine de mots) et "
        "description pour les moteurs de recherche (coupée vers 160 caractères). Facultatif "
        "pour un brouillon, nécessaire pour publier.",
    )
    introduction = RichTextField(
        "introduction",
        blank=True,
        help_text="Paragraphe d’ouverture de la fiche. Laissé vide, le résumé en tient lieu. "
        + HELP_TEXT,
    )
    image = models.ImageField("image", upload_to=profile_image_path, blank=True)
    # What jobprofiles.renditions made from the image when it was saved; pages only read it.
    renditions = models.JSONField("versions redimensionnées", default=dict, editable=False)
    image_alt = models.CharField(
        "texte alternatif de l’image",
        max_length=200,
        blank=True,
        help_text="Ce que montre l’image, pour les personnes qui ne la voient pas.",
    )
    family = models.ForeignKey(
        JobFamily, on_delete=models.PROTECT, related_name="profiles", verbose_name="famille"
    )
    tags = TaggableManager("étiquettes", through=TaggedJobProfile, blank=True)
    related_profiles = models.ManyToManyField(
        "self",
        through="RelatedProfile",
        symmetrical=False,
        blank=True,
        verbose_name="autres fiches métiers",
    )
    experience = models.CharField(
        "expérience attendue", max_length=10, choices=Experience.choices, blank=True
    )
    education_level = models.CharField(
        "niveau d’études", max_length=10, choices=EducationLevel.choices, blank=True
    )
    salary_min = models.PositiveIntegerField(
        "salaire minimum",
        null=True,
        blank=True,
        validators=SALARY_LIMITS,
        help_text="Brut annuel, en euros. La fourchette couvre la plupart des offres (du 1er au "
        "9e décile) : indiquez le minimum, le maximum, la source et sa date, ou rien.",
    )
    salary_max = models.PositiveIntegerField(
        "salaire maximum", null=True, blank=True, validators=SALARY_LIMITS
    )
    salary_source = models.CharField(
        "source du salaire",
        max_length=150,
        blank=True,
        help_text="D’où vient la fourchette, par exemple « Apec, offres publiées ».",
    )
    salary_source_date = models.DateField(
        "date de la source", null=True, blank=True, help_text="L’année est affichée sur la fiche."
    )
    contract_type = models.CharField(
        "contrat", max_length=10, choices=ContractType.choices, blank=True
    )
    work_mode = models.CharField(
        "mode de travail", max_length=10, choices=WorkMode.choices, blank=True
    )
    rome_code = models.CharField(
        "code ROME",
        max_length=5,
        blank=True,
        validators=[ROME_CODE],
        help_text="Code de la fiche ROME 4.0 de France Travail, par exemple M1302.",
    )
    # A plain text field: the validator accepts ESCO occupation URIs only, stricter than a URL.
    esco_uri = models.CharField(
        "métier ESCO",
        max_length=200,
        blank=True,
        validators=[ESCO_OCCUPATION],
        help_text="URI du métier dans la classification européenne ESCO, si vous la connaissez.",
    )
    openings_url = models.CharField(
        "lien vers les offres",
        max_length=300,
        blank=True,
        validators=[URLValidator(schemes=["https", "http"], message=OPENINGS_URL_ERROR)],
        help_text="Page des offres de ce métier (site carrières, ATS). Laissé vide, le bouton "
        "« Voir les offres » mène à la page des offres du site.",
    )
    status = models.CharField(
        "statut",
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Une fiche en brouillon n’est visible que dans l’administration.",
    )
    published_at = models.DateTimeField(
        "date de publication",
        default=current_minute,
        help_text="Une fiche publiée n’apparaît sur le site qu’à partir de cette date et heure : "
        "choisissez une date future pour programmer sa publication.",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True, db_index=True)
    # Kept current by jobprofiles.signals; see jobprofiles.search.
    # The title without case or accents: lists sort "Électricien" among the E's on any database.
    sort_title = models.CharField(editable=False, max_length=150, default="", db_index=True)
    search_title = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    # The same text as written (without markup), from which results quote an excerpt.
    search_document = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(editable=False, null=True)
    # Title and summary only: ranking reads this small vector, not the whole profile's.
    search_rank_vector = SearchVectorField(editable=False, null=True)
    # What the public page shows of the profile's own rows, rendered when they change
    # (jobprofiles/page_parts.py), and the release that rendered them.
    page_parts = models.JSONField(editable=False, default=dict)
    parts_version = models.CharField(editable=False, max_length=32, default="")
    # The profile's card as the list shows it, rendered with the page parts: a column of its
    # own, so that a page of the list reads twelve short texts, not twelve whole pages.
    list_card = models.TextField(editable=False, default="")

    objects = SlugNaturalKeyManager.from_queryset(JobProfileQuerySet)()

    # The status as read from the database, to tell publishing from correcting.
    loaded_status = None

    class Meta:
        ordering = [*TITLE_ORDER]
        verbose_name = "fiche métier"
        verbose_name_plural = "fiches métiers"
        indexes = [
            # What lists, counts and rankings of published profiles read, in the list's order:
            # scanned alone (index-only), not the wide rows with their stored search fields.
            models.Index(
                fields=["status", *TITLE_ORDER, "published_at", "family", "slug", "id"],
                name="jobprofile_published_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    salary_min__isnull=True,
                    salary_max__isnull=True,
                    salary_source="",
                    salary_source_date__isnull=True,
                )
                | models.Q(
                    salary_min__isnull=False,
                    salary_max__isnull=False,
                    salary_source__gt="",
                    salary_source_date__isnull=False,
                    salary_min__lte=models.F("salary_max"),
                ),
                name="jobprofile_salary_band_complete",
                violation_error_message="Une fourchette de salaire a un minimum, un maximum au "
                "moins égal, une source et sa date.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Save, and keep the old address of a published profile leading to it."""
        previous = getattr(self, "_loaded_address", None)
        if previous is None and self.pk:
            previous = JobProfile.objects.filter(pk=self.pk).values("slug", "status").first()
        super().save(*args, **kwargs)
        self._loaded_address = {"slug": self.slug, "status": self.status}
        if previous and previous["slug"] != self.slug:
            SlugRedirect.objects.filter(old_slug=self.slug).delete()
            if previous["status"] == self.Status.PUBLISHED:
                SlugRedirect.objects.update_or_create(
                    old_slug=previous["slug"], defaults={"profile": self}
                )

    def get_absolute_url(self):
        return reverse("jobprofiles:detail", kwargs={"slug": self.slug})

    def clean(self):
        """A salary band comes whole, with its source and date: never a band without both."""
        super().clean()
        band = {
            "salary_min": self.salary_min,
            "salary_max": self.salary_max,
            "salary_source": self.salary_source.strip(),
            "salary_source_date": self.salary_source_date,
        }
        given = [name for name, value in band.items() if value not in (None, "")]
        if given and len(given) < len(band):
            raise ValidationError(
                {
                    name: "Complétez la fourchette : minimum, maximum, source et date de la "
                    "source vont ensemble (ou laissez-les tous vides)."
                    for name in band
                    if name not in given
                }
            )
        if given and self.salary_min > self.salary_max:
            raise ValidationError({"salary_max": "Le maximum doit être au moins égal au minimum."})
        if self.salary_source_date and self.salary_source_date > timezone.localdate():
            raise ValidationError(
                {"salary_source_date": "La date de la source ne peut pas être dans le futur."}
            )

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the status and address as read: publishing and redirects compare with them."""
        profile = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=True))
        profile.loaded_status = loaded.get("status")
        if {"slug", "status"} <= loaded.keys():
            profile._loaded_address = {"slug": loaded["slug"], "status": loaded["status"]}
        return profile

    def natural_key(self):
        return (self.slug,)

    @property
    def has_key_facts(self):
        return any(getattr(self, name) not in (None, "") for name in KEY_FACT_FIELDS)

    def is_being_published(self, status=None):
        """Whether saving with this status (by default its own) publishes the profile.

        The rules for publishing apply then.

        A profile already published without what they require may still be corrected;
        the checklist and the list flag what it lacks instead.
        """
        status = status or self.status
        return status == self.Status.PUBLISHED and self.loaded_status != self.Status.PUBLISHED


class SlugRedirect(models.Model):
    """A former address of a profile whose slug changed after publication."""

    old_slug = models.SlugField("ancien identifiant d’URL", max_length=160, unique=True)
    profile = models.ForeignKey(
        JobProfile,
        on_delete=models.CASCADE,
        related_name="slug_redirects",
        verbose_name="fiche",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]
        verbose_name = "ancienne adresse"
        verbose_name_plural = "anciennes adresses"

    def __str__(self):
        return f"{self.old_slug} → {self.profile.slug}"


@reversion.register()
class Appellation(models.Model):
    """Another name people give the role: searched like the title, shown on the page."""

    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="appellations")
    name = models.CharField(
        "appellation",
        max_length=150,
        db_index=True,  # which profiles bear a name (SearchName)
        help_text="Un autre nom courant du métier, par exemple « Directeur des opérations ». "
        "La première s’affiche sous l’intitulé.",
    )
    position = models.PositiveIntegerField("position", default=0, db_index=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "appellation"
        verbose_name_plural = "appellations (autres noms du métier)"
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "name"], name="appellation_unique_per_profile"
            )
        ]

    def __str__(self):
        return self.name


@reversion.register()
class RelatedProfile(models.Model):
    """A role linked from a profile, in the order editors chose, typed as a career move."""

    class Kind(models.TextChoices):
        EVOLUTION = "evolution", "Évolution possible"
        NEARBY = "proche", "Métier proche"
        UPSTREAM = "amont", "En amont"
        __empty__ = "Autre fiche (« Nos autres fiches métiers »)"

    from_profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="related_links"
    )
    to_profile = models.ForeignKey(
        JobProfile,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="fiche liée",
    )
    kind = models.CharField(
        "parcours",
        max_length=10,
        choices=Kind.choices,
        blank=True,
        help_text="« Évolution possible » : où le métier mène ; « Métier proche » : un pas de "
        "côté ; « En amont » : d’où l’on vient. Sans type, la fiche est une carte de « Nos "
        "autres fiches métiers ».",
    )
    reason = models.CharField(
        "pourquoi",
        max_length=150,
        blank=True,
        help_text="Une ligne, par exemple « les mêmes compétences de négociation ».",
    )
    position = models.PositiveIntegerField("position", default=0, db_index=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "autre fiche métier"
        verbose_name_plural = "autres fiches métiers"
        constraints = [
            models.UniqueConstraint(
                fields=["from_profile", "to_profile"], name="related_profile_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_profile=models.F("to_profile")),
                name="related_profile_not_itself",
            ),
        ]

    def __str__(self):
        return f"{self.from_profile} → {self.to_profile}"


class Section(models.Model):
    """An ordered item of one of the four sections of a profile.

    Each concrete section names its `anchor`, the stable id of its part of the page;
    its plural verbose name is the heading candidates read.
    """

    title = models.CharField("titre", max_length=200, blank=True)
    body = RichTextField("texte", max_length=5000, help_text=HELP_TEXT)
    position = models.PositiveIntegerField(
        "position", default=0, db_index=True, help_text="Ordre d’affichage dans la section."
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title or self.get_body_excerpt(words=10, truncate="…")


@reversion.register()
class Mission(Section):
    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="missions")
    anchor = "missions"

    class Meta(Section.Meta):
        verbose_name = "mission"
        verbose_name_plural = "Les missions"


@reversion.register()
class Enjeu(Section):
    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="enjeux")
    anchor = "enjeux"

    class Meta(Section.Meta):
        verbose_name = "enjeu"
        verbose_name_plural = "Enjeux du poste"


@reversion.register()
class Competence(Section):
    profile = models.ForeignKey(JobProfile, on_delete=models.CASCADE, related_name="competences")
    anchor = "competences"

    class Meta(Section.Meta):
        verbose_name = "compétence"
        verbose_name_plural = "Profil & Compétences"


@reversion.register()
class EnvironmentItem(Section):
    profile = models.ForeignKey(
        JobProfile, on_delete=models.CASCADE, related_name="environment_items"
    )
    anchor = "equipe-environnement"

    class Meta(Section.Meta):
        verbose_name = "élément d’équipe et d’environnement"
        verbose_name_plural = "Équipe & environnement"


class SearchEntry(models.Model):
    """What a search reads of a profile, in a narrow row: the list's matches in one pass.

    Copied from the profile by search.write_search_entries whenever its search fields are
    written. On PostgreSQL the whole profile's vector lies out of line and is indexed
    (migration 0021), so that counting and ranking the matches read small rows. A profile's
    deletion deletes its entry.
    """

    profile = models.OneToOneField(
        JobProfile, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    status = models.CharField(max_length=10, choices=JobProfile.Status.choices)
    published_at = models.DateTimeField()
    family = models.ForeignKey(JobFamily, on_delete=models.CASCADE, related_name="+")
    sort_title = models.CharField(max_length=150)
    title = models.CharField(max_length=150)
    search_rank_vector = SearchVectorField(null=True)
    search_vector = SearchVectorField(null=True)

    class Meta:
        ordering = [*TITLE_ORDER]
        verbose_name = "entrée de recherche"
        verbose_name_plural = "entrées de recherche"

    def __str__(self):
        return self.title


class SearchName(models.Model):
    """A title or an appellation, once however many profiles bear it: what a mistyped query
    is compared with ("Vouliez-vous dire", search.closest_names).

    Each refresh of a profile writes its names (search.write_search_names); a name that no
    published profile bears is never proposed, and the next migrate deletes it.
    """

    name = models.CharField(max_length=150, unique=True)
    # The name accents and case aside (search.normalise), as a title sorts: what a typo is
    # compared with, and how the profiles titled so are found in their title-order index.
    sort_name = models.CharField(max_length=150)

    class Meta:
        ordering = ["name"]
        verbose_name = "nom de métier cherché"
        verbose_name_plural = "noms de métiers cherchés"

    def __str__(self):
        return self.name


class SearchSynonym(models.Model):
    """Words candidates use for the same thing: searching one finds the others too."""

    terms = models.CharField(
        "termes équivalents",
        max_length=300,
        unique=True,
        help_text="Des mots ou expressions séparés par « = », par exemple "
        "« DAF = directeur administratif et financier = finance ». Une recherche de l’un "
        "trouve aussi les fiches qui emploient les autres.",
    )

    class Meta:
        ordering = ["terms"]
        verbose_name = "synonymes de recherche"
        verbose_name_plural = "synonymes de recherche"

    def __str__(self):
        return self.terms

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError(
                {
                    "terms": "Indiquez au moins deux termes séparés par « = », par exemple "
                    "« commercial = vente »."
                }
            )

    def term_list(self):
        """The terms as written, without blanks or repeats."""
        return list(dict.fromkeys(term.strip() for term in self.terms.split("=") if term.strip()))
