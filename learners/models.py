"""A learner's review queue: each step they answered wrong at the first try comes back on a
schedule that FSRS works out from their later answers (learners.scheduling)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import Option, Step, pick_label
from knowledge.models import Structure


class ReviewItemQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(learner=user) if user.is_authenticated else self.none()

    def due(self, at):
        return self.filter(due__lte=at)


class ReviewItem(models.Model):
    """One step to review, for one learner, with its FSRS card (its memory state and when it is
    next due)."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_items")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="review_items")
    card = models.JSONField(help_text="The FSRS card (fsrs.Card.to_dict()).")
    due = models.DateTimeField(db_index=True)
    created = models.DateTimeField()
    # The latest answer of the review under way: right, but not yet rated (hard or good) by the learner.
    pending_option = models.ForeignKey(Option, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ReviewItemQuerySet.as_manager()

    class Meta:
        ordering = ["due", "id"]
        constraints = [models.UniqueConstraint(fields=["learner", "step"], name="one_review_item_per_step")]

    def __str__(self):
        return f"{self.learner} · {self.step}"


class Review(models.Model):
    """One answer given in review, and the rating FSRS was given for it."""

    class Rating(models.IntegerChoices):  # fsrs.Rating's values
        AGAIN = 1, "Again"
        HARD = 2, "Hard"
        GOOD = 3, "Good"

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="reviews")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    site = models.ForeignKey(Structure, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    segment = models.SlugField(max_length=60, blank=True)
    correct = models.BooleanField()
    rating = models.PositiveSmallIntegerField(choices=Rating)
    reviewed = models.DateTimeField()
    due_after = models.DateTimeField(help_text="When the item fell due next, after this review.")

    class Meta:
        ordering = ["reviewed", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(option__isnull=False) | Q(site__isnull=False), name="review_is_an_option_or_a_site"
            ),
        ]

    def __str__(self):
        return f"{self.item} · {self.get_rating_display()}"

    @property
    def answer_label(self):
        return pick_label(self.site, self.segment) if self.site_id else self.option.label
