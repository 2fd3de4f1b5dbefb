"""Read-side queries for the exam screens and the dashboard."""

from typing import NamedTuple

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from exams import history
from exams.models import Attempt, AttemptItem, Blueprint


class SlotState(NamedTuple):
    """One navigator cell: enough to draw it, nothing about the key."""

    slot: int
    answered: bool
    flagged: bool


def exam_item(*, attempt_id: int, user, slot: int) -> AttemptItem | None:
    """One slot of the user's attempt, or None if it is not theirs: in one query, with
    `.attempt` and `.answered_count` (how many slots of the attempt have an answer)."""
    answered = (
        AttemptItem.objects.filter(attempt_id=OuterRef("attempt_id"), answered_at__isnull=False)
        .order_by()
        .values("attempt_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        AttemptItem.objects.select_related("attempt")
        .annotate(answered_count=Coalesce(Subquery(answered), 0))
        .filter(attempt_id=attempt_id, attempt__user=user, slot=slot)
        .first()
    )


def slot_states(attempt_id: int) -> list[SlotState]:
    """Answered/flagged state of every slot in slot order, in one query."""
    rows = (
        AttemptItem.objects.filter(attempt_id=attempt_id)
        .annotate(
            answered=ExpressionWrapper(Q(answered_at__isnull=False), output_field=BooleanField())
        )
        .order_by("slot")
        .values_list("slot", "answered", "flagged")
    )
    return [SlotState(*row) for row in rows]


def offered_blueprints(user):
    """Blueprints this user may start: listed ones, and drafts too for staff trying them."""
    shown = [Blueprint.Status.LISTED]
    if user.is_staff:
        shown.append(Blueprint.Status.DRAFT)
    return Blueprint.objects.filter(status__in=shown).select_related("guide")


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
    blueprints = list(offered_blueprints(user))
    for blueprint in blueprints:
        blueprint.running = running_blueprints.get(blueprint.pk)
    return {
        "blueprints": blueprints,
        "in_progress": in_progress,
        "finished": finished,
        **history.history(finished),
    }
