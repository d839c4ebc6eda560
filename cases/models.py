"""Teaching cases and their play: cases, steps and options, and the attempts and responses of
learners. A case points at the knowledge base (its conditions, its options' sites, conditions and
investigations, its cited passages); the knowledge base knows nothing of cases."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse

from cases.picks import Pick, with_segment
from knowledge.models import Condition, Investigation, Level, Passage, Structure


def new_option_key():
    """An opaque, random name for an option in forms, so that nothing in the markup (an id's
    order, say) tells the correct option apart."""
    return secrets.token_urlsafe(9)


def is_weak(power):
    """A movement's power as the examination gives it: an MRC grade 0-5, or "weak" or "normal"
    where it could only be observed (an infant)."""
    return power == "weak" or (isinstance(power, int) and power < 5)


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def involving(self, structure):
        """The cases whose answer is this structure, or that teach a condition sited at it."""
        # Two subqueries, not one OR across two many-to-many joins (which multiplies the rows).
        by_condition = Case.conditions.through.objects.filter(condition__sites=structure).values("case_id")
        by_answer = Option.objects.filter(structure=structure, correct=True).values("step__case_id")
        return self.filter(Q(pk__in=by_condition) | Q(pk__in=by_answer))

    def filtered(self, *, topic="", difficulty=""):
        """The cases of the list's filters (an unknown value filters nothing out), as a list:
        topics are a JSON list, filtered in Python the same way on SQLite and PostgreSQL."""
        cases = self
        if difficulty in Case.Difficulty.values:
            cases = cases.filter(difficulty=difficulty)
        return [case for case in cases if not topic or topic in case.topics]

    def topics(self):
        return sorted({topic for topics in self.values_list("topics", flat=True) for topic in topics})


class Case(models.Model):
    """A vignette: a patient with one weak leg, an examination, and steps to localize it."""

    class Difficulty(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    stem = models.TextField(help_text="Markdown; sanitized when shown.")
    examination = models.JSONField(
        default=dict, help_text="Findings in the localizer's vocabulary, with an MRC grade 0-5 per movement."
    )

    class Side(models.TextChoices):
        LEFT = "left", "Left"
        RIGHT = "right", "Right"

    difficulty = models.CharField(max_length=20, choices=Difficulty)
    side = models.CharField(max_length=5, choices=Side, default=Side.RIGHT, help_text="The weak leg.")
    topics = models.JSONField(default=list, blank=True)
    conditions = models.ManyToManyField(Condition, blank=True, related_name="cases")
    published = models.BooleanField(default=False)
    author = models.CharField(max_length=200, blank=True)
    reviewed = models.DateField(null=True, blank=True)
    order = models.PositiveIntegerField(default=0)
    contrast = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The case it is paired with; shown only to a learner who has finished both.",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("case-play", args=[self.slug])

    def findings(self):
        """The examination as a localizer findings object: grade 5 (or "normal") is spared, below 5
        (or "weak") is weak."""
        exam = dict(self.examination)
        power = exam.pop("power", {})
        findings = {key: value for key, value in exam.items() if value}
        weak = [movement for movement, grade in power.items() if is_weak(grade)]
        spared = [movement for movement, grade in power.items() if not is_weak(grade)]
        if weak:
            findings["weak"] = weak
        if spared:
            findings["spared"] = spared
        return findings


class StepQuerySet(models.QuerySet):
    def for_play(self):
        """The steps with everything the player shows of their options, in three queries."""
        passages = Prefetch("passages", queryset=Passage.objects.select_related("source"))
        options = Option.objects.select_related("structure", "condition", "investigation").prefetch_related(passages)
        return self.prefetch_related(Prefetch("options", queryset=options))


def default_step_mode(kind, difficulty):
    """A site step is open by default in intermediate and advanced cases; every other step, and
    the site step of an introductory case, is a choice unless its file says otherwise."""
    if kind == "site" and difficulty != Case.Difficulty.INTRODUCTORY:
        return "open"
    return "choice"


class Step(models.Model):
    class Kind(models.TextChoices):
        LEVEL = "level", "Level of the lesion"
        SITE = "site", "Site of the lesion"
        DIAGNOSIS = "diagnosis", "Most likely diagnosis"
        INVESTIGATION = "investigation", "Best next investigation"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveIntegerField(help_text="1 for the first step of the case, and so on.")

    class Mode(models.TextChoices):
        CHOICE = "choice", "Choose among the options"
        OPEN = "open", "Pick any site of the pathway"

    kind = models.CharField(max_length=20, choices=Kind)
    mode = models.CharField(
        max_length=10,
        choices=Mode,
        default=Mode.CHOICE,
        help_text="A site step may be open: the learner picks any site (and segment) of the whole pathway, "
        "and the options are the answers the case expects and the wrong picks it has written feedback for.",
    )
    prompt = models.CharField(max_length=300)

    objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="step_number_unique_in_case"),
            models.UniqueConstraint(fields=["case", "kind"], name="step_kind_once_per_case"),
            models.CheckConstraint(condition=Q(number__gte=1), name="step_number_from_one"),
            models.CheckConstraint(condition=Q(mode="choice") | Q(kind="site"), name="only_a_site_step_is_open"),
        ]

    def __str__(self):
        return f"{self.case.slug} step {self.number}: {self.get_kind_display()}"

    @property
    def is_open(self):
        return self.mode == self.Mode.OPEN


class Option(models.Model):
    """One answer to a step, pointing at what it names: a level, a site, a condition or a test."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(max_length=20, unique=True, default=new_option_key, editable=False)
    label = models.CharField(max_length=200)
    level = models.CharField(max_length=30, choices=Level, blank=True)
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    condition = models.ForeignKey(Condition, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    correct = models.BooleanField(default=False)
    accepted = models.BooleanField(
        default=False,
        help_text="Also counted right: a site or level the examination cannot tell from the correct one "
        "(its feedback says why).",
    )
    segment = models.SlugField(
        max_length=60,
        blank=True,
        help_text="On a site step, the segment of the nerve's course where the case puts the lesion, if it says.",
    )
    feedback = models.TextField(help_text="Markdown; why this answer is right or wrong.")
    passages = models.ManyToManyField(Passage, blank=True, related_name="options")
    reference = models.TextField(
        blank=True, help_text="A standard reference, cited bibliographically, where the sources say nothing."
    )
    order = models.PositiveIntegerField(default=0, help_text="Order in the content file; never the order shown.")

    class Meta:
        ordering = ["step", "order"]
        constraints = [
            models.UniqueConstraint(fields=["step"], condition=Q(correct=True), name="one_correct_option_per_step"),
            models.CheckConstraint(
                condition=~Q(correct=True, accepted=True), name="option_correct_or_accepted_not_both"
            ),
            models.CheckConstraint(
                condition=(
                    Q(level="", structure__isnull=True, condition__isnull=True, investigation__isnull=False)
                    | Q(level="", structure__isnull=True, condition__isnull=False, investigation__isnull=True)
                    | Q(level="", structure__isnull=False, condition__isnull=True, investigation__isnull=True)
                    | (~Q(level="") & Q(structure__isnull=True, condition__isnull=True, investigation__isnull=True))
                ),
                name="option_points_to_exactly_one_thing",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def points_to(self):
        """The slug of what the option names, whatever its kind."""
        target = self.structure or self.condition or self.investigation
        return target.slug if target else self.level

    @property
    def segment_name(self):
        """The name of the option's segment, from its nerve's course ("" without one)."""
        course = self.structure.course if self.structure_id and self.segment else []
        return next((item["name"] for item in course if item.get("segment") == self.segment), "")

    @property
    def counts_as_right(self):
        """The correct option, or an alternative the case accepts."""
        return self.correct or self.accepted


class TeachingPoint(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="teaching_points")
    number = models.PositiveIntegerField()
    text = models.TextField(help_text="Markdown.")
    passages = models.ManyToManyField(Passage, blank=True, related_name="teaching_points")
    reference = models.TextField(
        blank=True, help_text="A standard reference, cited bibliographically, where the sources say nothing."
    )

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="teaching_point_number_unique")]

    def __str__(self):
        return f"{self.case.slug} point {self.number}"


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, request):
        """The attempts of the signed-in learner, or else of this browser's session (none when the
        browser has no session yet)."""
        if request.user.is_authenticated:
            return self.filter(learner=request.user)
        key = request.session.session_key
        return self.filter(learner=None, session_key=key) if key else self.none()

    def latest_at(self, case):
        """The open attempt at the case, or else the latest finished one, or None."""
        open_first = F("finished").asc(nulls_first=True)  # NULLs sort last on PostgreSQL otherwise
        return self.filter(case=case).order_by(open_first, "-started").first()

    def progress(self):
        """case id -> 'finished' | 'started', in one query."""
        progress = {}
        for case_id, finished in self.values_list("case_id", "finished"):
            if finished or case_id not in progress:
                progress[case_id] = "finished" if finished else "started"
        return progress


class Attempt(models.Model):
    """One play of a case by a learner, or by an anonymous visitor's session."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attempts")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="attempts"
    )
    session_key = models.CharField(max_length=64, blank=True)
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    score = models.PositiveIntegerField(null=True, blank=True, help_text="Steps answered right the first time.")

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started"]
        constraints = [
            models.CheckConstraint(
                condition=Q(learner__isnull=False) | ~Q(session_key=""), name="attempt_has_an_owner"
            ),
            models.UniqueConstraint(
                fields=["case", "learner"],
                condition=Q(finished__isnull=True, learner__isnull=False),
                name="one_open_attempt_per_learner_and_case",
            ),
            models.UniqueConstraint(
                fields=["case", "session_key"],
                condition=Q(finished__isnull=True, learner__isnull=True),
                name="one_open_attempt_per_session_and_case",
            ),
        ]

    def __str__(self):
        return f"{self.case.slug} attempt {self.pk}"


class ResponseQuerySet(models.QuerySet):
    def first_answer_counts(self, case):
        """option id -> how many learners chose it as their first answer, for a case's steps.

        Each learner (an account, or a visitor's session) counts once per step, by the first answer
        of their earliest finished attempt: playing a case again, or a script opening attempt after
        attempt, cannot outweigh the class. Unfinished attempts do not count."""
        counts = {}
        for _, option_id, _ in self._first_answers(case):
            if option_id is not None:
                counts[option_id] = counts.get(option_id, 0) + 1
        return counts

    def first_pick_counts(self, case):
        """step id -> {pick ("site" or "site/segment") -> how many learners picked it first}, for the
        open steps of a case, counted as first_answer_counts counts."""
        counts = {}
        for step_id, _, pick in self._first_answers(case):
            if pick:
                step = counts.setdefault(step_id, {})
                step[pick] = step.get(pick, 0) + 1
        return counts

    def _first_answers(self, case):
        """(step id, option id, pick) of each learner's counted first answer to each step; one query."""
        rows = (
            self.filter(step__case=case, first=True, attempt__finished__isnull=False)
            .order_by("attempt__started", "attempt_id")
            .values_list("step_id", "option_id", "site__slug", "segment", "attempt__learner_id", "attempt__session_key")
        )
        counted = set()
        for step_id, option_id, site, segment, learner_id, session_key in rows:
            owner = (step_id, learner_id, "" if learner_id else session_key)
            if owner not in counted:
                counted.add(owner)
                yield step_id, option_id, Pick(site, segment).value if site else ""


class Response(models.Model):
    """One answer given. The first response to a step is the one scored; retries follow it.

    At a choice step the answer is an option. At an open site step it is a site (and segment) of
    the pathway, and also the option the case wrote for that site, when there is one."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="responses")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="responses")
    site = models.ForeignKey(Structure, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    segment = models.SlugField(max_length=60, blank=True)
    correct = models.BooleanField()
    first = models.BooleanField()
    revealed = models.BooleanField(default=False, help_text="The learner asked to see the answer.")
    created = models.DateTimeField(auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "step"], condition=Q(first=True), name="one_first_response_per_step"
            ),
            models.CheckConstraint(
                condition=Q(option__isnull=False) | Q(site__isnull=False), name="response_is_an_option_or_a_site"
            ),
        ]
        indexes = [models.Index(fields=["step", "first"], name="response_step_first")]

    def __str__(self):
        return f"{self.attempt} {self.step.number}: {self.answer_label}"

    @property
    def answer_label(self):
        """What the learner answered, in words: the option's label, or the site picked (and its segment)."""
        return pick_label(self.site, self.segment) if self.site_id else self.option.label


def pick_label(site, segment):
    """'Common peroneal (fibular) nerve', or with a segment 'Common peroneal (fibular) nerve, at the fibular head'."""
    name = next((item["name"] for item in site.course if item.get("segment") == segment), "") if segment else ""
    return with_segment(site.name, name)
