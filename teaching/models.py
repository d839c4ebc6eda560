"""Instructors' classes: a cohort of students who joined with its code, and assignments of cases to
it, in practice mode (feedback at once) or exam mode (no feedback until the due date passes or the
student submits)."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from cases.models import Case

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a lecture


def new_join_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class CohortQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user) if user.is_authenticated else self.none()


class Cohort(models.Model):
    name = models.CharField(max_length=120)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cohorts_taught")
    code = models.CharField(max_length=8, unique=True, default=new_join_code, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="cohorts", blank=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("teach-cohort", args=[self.pk])


class Membership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined", "id"]
        constraints = [models.UniqueConstraint(fields=["cohort", "learner"], name="one_membership_per_cohort")]

    def __str__(self):
        return f"{self.learner} in {self.cohort}"


class Assignment(models.Model):
    class Mode(models.TextChoices):
        PRACTICE = "practice", "Practice (feedback at once)"
        EXAM = "exam", "Exam (no feedback until the due date or submission)"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=160)
    cases = models.ManyToManyField(Case, related_name="assignments")
    due = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=Mode, default=Mode.PRACTICE)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("teach-assignment", args=[self.pk])


class Submission(models.Model):
    """A student's submission of a whole exam assignment: from then on they see its feedback."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    submitted = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "learner"], name="one_submission_per_learner")]

    def __str__(self):
        return f"{self.learner} submitted {self.assignment}"
