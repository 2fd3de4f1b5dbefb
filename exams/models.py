"""Blueprints say what a mock exam is; an Attempt is one candidate's sitting, frozen at assembly."""

import re
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from questions.models import Domain, ExamGuide, Question

SAYS_HOW_MANY = re.compile(r"\bchoose\s+(two|three|four|five|\d+)\b", re.IGNORECASE)


class Blueprint(models.Model):
    """A kind of mock exam: how many questions, how long, the pass mark and the domain split."""

    guide = models.ForeignKey(ExamGuide, on_delete=models.PROTECT, related_name="blueprints")
    name = models.CharField(max_length=100)
    question_count = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=750,
        validators=[MinValueValidator(100), MaxValueValidator(1000)],
        help_text="Scaled score (100–1000) needed to pass.",
    )

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft (staff only)"
        LISTED = "listed", "Listed (offered to candidates)"
        RETIRED = "retired", "Retired (offered to nobody)"

    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="A draft is offered to staff only, so it can be tried before candidates see it.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "name"], name="unique_blueprint_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.question_count} questions, {self.duration_minutes} min)"

    def domain_weights(self) -> dict[int, int]:
        """Domain number → weight: the blueprint's own weights if it has any, else the guide's."""
        own = {w.domain.number: w.weight for w in self.weights.select_related("domain")}
        if own:
            return own
        return dict(Domain.objects.filter(guide_id=self.guide_id).values_list("number", "weight"))


class BlueprintWeight(models.Model):
    """An admin-defined weight for one domain in a blueprint that departs from the guide."""

    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="weights")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE)
    weight = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blueprint", "domain"], name="unique_blueprint_domain"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.weight}"


class Attempt(models.Model):
    """One sitting of a blueprint by a candidate; the deadline is the server's and is stored."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"
        EXPIRED = "expired", "Time expired"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="attempts")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    seed = models.BigIntegerField(help_text="Reproduces the question draw and choice order.")
    # Frozen copies of the blueprint, so editing it never changes a past attempt.
    title = models.CharField(max_length=100)
    question_count = models.PositiveSmallIntegerField()
    duration_minutes = models.PositiveSmallIntegerField()
    extra_minutes = models.PositiveSmallIntegerField(default=0)
    pass_mark = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # Time on screen, recorded as the candidate navigates: the slot shown since when, and the
    # seconds each slot has been on screen so far ({"12": 95, ...}).
    current_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    current_since = models.DateTimeField(null=True, blank=True)
    seconds_by_slot = models.JSONField(default=dict, blank=True)
    # The score, stored once when the attempt finishes.
    correct_count = models.PositiveSmallIntegerField(null=True, blank=True)
    scaled_score = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    # Per domain and task statement: {"domains": [...], "tasks": [...]} (see scoring.breakdown)
    breakdown = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "blueprint"],
                condition=Q(status="in_progress"),
                name="one_attempt_in_progress_per_blueprint",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.title} by {self.user} ({self.get_status_display()})"

    @property
    def is_in_progress(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    def seconds_left(self, now=None) -> int:
        """Whole seconds until the deadline (0 once it has passed)."""
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))

    @property
    def time_used(self) -> timedelta | None:
        if self.finished_at is None:
            return None
        return min(self.finished_at, self.deadline) - self.started_at


class AttemptItem(models.Model):
    """One slot of an attempt: the question as shown, what counts as correct, and the answer."""

    # Looked up through unique_attempt_slot (attempt, slot); a second index on attempt alone
    # would only cost every insert.
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="items", db_index=False
    )
    slot = models.PositiveSmallIntegerField()
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="attempt_items"
    )
    # Snapshot taken at assembly.
    external_id = models.CharField(max_length=80)
    domain_number = models.PositiveSmallIntegerField()
    domain_name = models.CharField(max_length=200)
    task_code = models.CharField(max_length=10)
    task_title = models.CharField(max_length=300)
    type = models.CharField(max_length=10)
    choose = models.PositiveSmallIntegerField()
    stem_html = models.TextField()
    # [{"key": "123", "html": "...", "correct": bool, "rationale": "..."}] in the order shown
    choices = models.JSONField()
    explanation_html = models.TextField()
    references = models.JSONField(default=list)  # [{"title": ..., "url": ...}]
    # The candidate's answer.
    selected = models.JSONField(default=list, blank=True)  # choice keys
    flagged = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Set once when the attempt finishes; None while it runs (the key is never consulted then).
    is_correct = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "slot"], name="unique_attempt_slot"),
        ]
        # No index holds a column that answering or flagging changes (answered_at, flagged,
        # selected, version): PostgreSQL can then make those updates "HOT", in place on the
        # row's page with no index entries to add, and prunes the old versions as it goes.
        # A covering index for the navigator made every save add entries to every index,
        # and the navigator read slowed as they piled up between vacuums.

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.slot}"

    @property
    def needs_choose_hint(self) -> bool:
        """Multiple response whose stem does not already say how many to choose (the bank's
        stems end "(Choose TWO.)"; saying it twice is noise)."""
        return self.type == "multiple" and not SAYS_HOW_MANY.search(self.stem_html)

    def shown_choices(self) -> list[dict]:
        """The choices without the key: what the exam screen may render."""
        return [{"key": c["key"], "html": c["html"]} for c in self.choices]

    def correct_keys(self) -> set[str]:
        return {c["key"] for c in self.choices if c["correct"]}
