"""The knowledge base: sources and their passages, the finding vocabulary, the anatomy as a graph
of structures, and the conditions that weaken one leg.

Every relation the localizer reasons over is a row here, never code: the shipped rows come from
the content files (knowledge/content/, loaded by `manage.py load_content`) and instructors extend
them in the admin.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse


class Level(models.TextChoices):
    """The tier of the motor pathway a lesion site belongs to (see docs/localizer.md)."""

    BRAIN = "brain", "Brain"
    SPINAL_CORD = "spinal-cord", "Spinal cord"
    ANTERIOR_HORN = "anterior-horn", "Anterior horn"
    ROOT = "root", "Root"
    PLEXUS = "plexus", "Plexus"
    PERIPHERAL_NERVE = "peripheral-nerve", "Peripheral nerve"
    NEUROMUSCULAR_JUNCTION = "neuromuscular-junction", "Neuromuscular junction"
    MUSCLE = "muscle", "Muscle"
    COMPARTMENT = "compartment", "Compartment"
    TENDON = "tendon", "Tendon"
    ARTERY = "artery", "Artery"
    FUNCTIONAL = "functional", "Functional (no lesion)"


class Source(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    last_reviewed = models.CharField(max_length=50, blank=True, help_text="As the source gives it.")
    disclaimer = models.TextField(blank=True)
    seed_file = models.CharField(max_length=200, help_text="File under knowledge/content/seeds/ holding the text.")
    chrome = models.JSONField(
        default=list, blank=True, help_text="Lines of the seed that are page furniture, not content."
    )

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self):
        return reverse("source-detail", args=[self.slug])


class Passage(models.Model):
    """A verbatim excerpt of a source: the unit that feedback cites."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    slug = models.SlugField(max_length=100, unique=True)
    order = models.PositiveIntegerField()
    text = models.TextField(help_text="Exactly as in the source, character for character.")
    note = models.TextField(blank=True, help_text="Editorial note where the passage is unclear or wrong.")
    note_reference = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["source", "order"]
        constraints = [
            models.UniqueConstraint(fields=["source", "order"], name="passage_order_unique_in_source"),
            models.CheckConstraint(condition=~Q(text=""), name="passage_text_not_empty"),
        ]

    def __str__(self):
        return self.slug


class Finding(models.Model):
    """One word of the examination vocabulary: a movement, a skin area, a reflex, a pulse, or
    another finding (fasciculations, a recent injection, ...)."""

    class Kind(models.TextChoices):
        MOVEMENT = "movement", "Movement"
        AREA = "area", "Sensory area"
        REFLEX = "reflex", "Reflex"
        PULSE = "pulse", "Pulse"
        OTHER = "other", "Other finding"

    class Region(models.TextChoices):
        PROXIMAL = "proximal", "Proximal"
        DISTAL = "distal", "Distal"

    slug = models.SlugField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind)
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)
    region = models.CharField(max_length=20, choices=Region, blank=True, help_text="Movements only.")
    reliability = models.CharField(
        max_length=10,
        choices=[("low", "Low: often normal although its main root is damaged")],
        blank=True,
        help_text="Reflexes only.",
    )
    reflex_nerve = models.ForeignKey(
        "Structure", on_delete=models.PROTECT, null=True, blank=True, related_name="reflexes"
    )
    reflex_muscles = models.ManyToManyField("Structure", blank=True, related_name="reflexes_of_muscle")
    artery = models.ForeignKey(
        "Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pulses",
        help_text="Pulses only: the artery felt.",
    )

    class Meta:
        ordering = ["kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="finding_slug_unique"),
            models.CheckConstraint(
                condition=Q(region="") | Q(kind="movement"), name="finding_region_only_for_movements"
            ),
        ]

    def __str__(self):
        return self.label


class ReflexRoot(models.Model):
    reflex = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="reflex_roots")
    root = models.ForeignKey("Structure", on_delete=models.CASCADE, related_name="+")
    main = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reflex", "root"], name="reflex_root_unique")]

    def __str__(self):
        return f"{self.reflex.slug} <- {self.root.slug}"


class Structure(models.Model):
    """A place where a lesion can sit, or a part of the anatomy a lesion affects."""

    class Kind(models.TextChoices):
        CENTRAL = "central", "Central site"
        ROOT = "root", "Spinal root"
        PLEXUS = "plexus", "Plexus"
        NERVE = "nerve", "Peripheral nerve"
        MUSCLE = "muscle", "Muscle"
        ARTERY = "artery", "Artery"
        TENDON = "tendon", "Tendon"
        COMPARTMENT = "compartment", "Compartment"

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    synonyms = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=20, choices=Kind)
    level = models.CharField(max_length=30, choices=Level)
    summary = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="Editorial note, e.g. where references disagree.")
    spread = models.CharField(
        max_length=20,
        choices=[("multifocal", "Multifocal: several separate nerves, each failing on its own")],
        blank=True,
        help_text="Central sites only.",
    )
    course = models.JSONField(
        default=list,
        blank=True,
        help_text="A nerve's segments and, between them, the branches that leave it (docs/content-format.md).",
    )
    order = models.PositiveIntegerField(default=0)
    plexus = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plexus_members",
        help_text="The plexus a nerve arises from, or the larger plexus a plexus is part of.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        help_text="The nerve or artery this one branches from.",
    )
    continues_as = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continuation_of",
        help_text="Arteries: the artery it becomes.",
    )
    nerves = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="muscles_supplied",
        help_text="Muscles: the nerves (or plexus) that supply it.",
    )
    tendon_muscles = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="tendons",
        help_text="Tendons: the muscles whose tendon it is.",
    )
    supplies = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="arteries",
        help_text="Arteries: the muscles and nerves it supplies with blood.",
    )
    signs = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="sign_of",
        help_text="Other findings a lesion of this structure produces.",
    )
    passages = models.ManyToManyField(Passage, blank=True, related_name="structures")

    class Meta:
        ordering = ["kind", "order"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="structure_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("structure-detail", args=[self.slug])


class StructureRoot(models.Model):
    """A spinal root that forms a nerve or plexus, or supplies a muscle."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="root_links")
    root = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="root_of")
    main = models.BooleanField(default=False, help_text="Muscles: this root supplies most of it.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["structure", "root"], name="structure_root_unique")]

    def __str__(self):
        return f"{self.structure.slug} <- {self.root.slug}"


class MuscleAction(models.Model):
    muscle = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="actions")
    movement = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="movers")
    prime = models.BooleanField(default=True, help_text="A prime mover, not merely an assistant.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["muscle", "movement"], name="muscle_action_unique")]

    def __str__(self):
        return f"{self.muscle.slug} -> {self.movement.slug}"


class SensoryArea(models.Model):
    """Skin a root (its dermatome) or a nerve (its cutaneous area) supplies."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="areas")
    area = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="supplied_by")
    autonomous = models.BooleanField(default=False, help_text="Depends on this structure alone.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["structure", "area"], name="sensory_area_unique")]

    def __str__(self):
        return f"{self.structure.slug} -> {self.area.slug}"


class Investigation(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name


class Condition(models.Model):
    class Onset(models.TextChoices):
        ACUTE = "acute", "Acute"
        SUBACUTE = "subacute", "Subacute"
        CHRONIC = "chronic", "Chronic"
        PROGRESSIVE = "progressive", "Progressive"

    class Pain(models.TextChoices):
        NONE = "none", "None"
        MILD = "mild", "Mild"
        SEVERE = "severe", "Severe"
        VARIABLE = "variable", "Variable"

    class Sensory(models.TextChoices):
        NONE = "none", "No sensory loss"
        PRESENT = "present", "Sensory loss"
        VARIABLE = "variable", "Variable"

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    synonyms = models.JSONField(default=list, blank=True)
    level = models.CharField(max_length=30, choices=Level)
    sites = models.ManyToManyField(Structure, related_name="conditions")
    onset = models.CharField(max_length=20, choices=Onset)
    pain = models.CharField(max_length=20, choices=Pain)
    sensory = models.CharField(max_length=20, choices=Sensory)
    summary = models.TextField()
    distinguishing = models.TextField(blank=True)
    lookalikes = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="lookalike_of")
    clues = models.ManyToManyField(Finding, blank=True, related_name="clue_to")
    passages = models.ManyToManyField(Passage, blank=True, related_name="conditions")
    reference = models.TextField(
        blank=True, help_text="Standard references, cited bibliographically, where the sources say nothing."
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("condition-detail", args=[self.slug])


class ConditionInvestigation(models.Model):
    condition = models.ForeignKey(Condition, on_delete=models.CASCADE, related_name="investigation_links")
    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="condition_links")
    note = models.TextField(blank=True, help_text="What it shows in this condition.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["condition", "investigation"], name="condition_investigation_unique")
        ]

    def __str__(self):
        return f"{self.condition.slug}: {self.investigation.slug}"


class ContentVersion(models.Model):
    """One row whose number goes up whenever the knowledge base changes, so that caches built from
    it (the localizer's anatomy) know when to rebuild, in every process."""

    number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"content version {self.number}"
