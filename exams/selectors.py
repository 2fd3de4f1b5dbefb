"""Read-side queries for the exam screens and the dashboard."""

from dataclasses import dataclass

from django.utils import timezone

from exams import reports
from exams.models import Attempt, AttemptItem, Blueprint


@dataclass(frozen=True)
class SlotState:
    """One navigator cell: enough to draw it, nothing about the key."""

    slot: int
    answered: bool
    flagged: bool


def slot_states(attempt: Attempt) -> list[SlotState]:
    """Answered/flagged state of every slot, in one query whatever the number answered."""
    rows = (
        AttemptItem.objects.filter(attempt=attempt)
        .order_by("slot")
        .values_list("slot", "answered_at", "flagged")
    )
    return [SlotState(slot, answered is not None, flagged) for slot, answered, flagged in rows]


def offered_blueprints():
    return Blueprint.objects.filter(is_active=True).select_related("guide")


def dashboard(user) -> dict:
    """What the candidate's home page shows: exams to start, and attempts in progress or done."""
    now = timezone.now()
    in_progress = list(
        Attempt.objects.filter(user=user, status=Attempt.Status.IN_PROGRESS)
        .select_related("blueprint")
        .order_by("deadline")
    )
    for attempt in in_progress:
        attempt.left = attempt.seconds_left(now)
    finished = list(
        Attempt.objects.filter(user=user)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .order_by("-started_at")[:20]
    )
    running_blueprints = {a.blueprint_id: a for a in in_progress}
    blueprints = list(offered_blueprints())
    for blueprint in blueprints:
        blueprint.running = running_blueprints.get(blueprint.pk)
    return {
        "blueprints": blueprints,
        "in_progress": in_progress,
        "finished": finished,
        **reports.history(finished),
    }
