"""Finishing an attempt exactly once with its score, and the time spent on each question."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from exams import scoring
from exams.models import Attempt, AttemptItem


def finalise(attempt: Attempt, *, status: str, finished_at: datetime) -> bool:
    """Finish an attempt exactly once and store its score; False if it was already finished."""
    with transaction.atomic():
        won = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
            status=status, finished_at=finished_at
        )
        if not won:
            return False
        timing = Attempt.objects.only(
            "current_slot", "current_since", "seconds_by_slot", "pass_mark"
        ).get(pk=attempt.pk)
        items = list(
            AttemptItem.objects.filter(attempt_id=attempt.pk)
            .order_by("slot")
            .only("selected", "choices", "domain_number", "domain_name", "task_code", "task_title")
        )
        score = scoring.score_attempt(
            (
                scoring.ItemAnswer(
                    item.selected,
                    item.correct_keys(),
                    item.domain_number,
                    item.domain_name,
                    item.task_code,
                    item.task_title,
                )
                for item in items
            ),
            pass_mark=timing.pass_mark,
        )
        right = [item.pk for item, ok in zip(items, score.results, strict=True) if ok]
        graded = AttemptItem.objects.filter(attempt_id=attempt.pk)
        graded.filter(pk__in=right).update(is_correct=True)
        graded.exclude(pk__in=right).update(is_correct=False)
        Attempt.objects.filter(pk=attempt.pk).update(
            correct_count=score.correct,
            scaled_score=score.scaled,
            passed=score.passed,
            breakdown=score.breakdown,
            seconds_by_slot=_add_time_on_screen(
                timing.seconds_by_slot, timing.current_slot, timing.current_since, finished_at
            ),
            current_slot=None,
            current_since=None,
        )
    return True


# A stretch on one question longer than this is counted as this long: a laptop left closed
# overnight is not time spent on the question.
MAX_STRETCH_SECONDS = 15 * 60


def _add_time_on_screen(
    seconds: dict, slot: int | None, since: datetime | None, until: datetime
) -> dict:
    """The per-slot seconds with the stretch since `since` added to `slot`."""
    seconds = dict(seconds or {})
    if slot is None or since is None:
        return seconds
    stretch = int(max(0.0, min((until - since).total_seconds(), MAX_STRETCH_SECONDS)))
    seconds[str(slot)] = seconds.get(str(slot), 0) + stretch
    return seconds


def record_view(attempt: Attempt, slot: int, now: datetime | None = None) -> None:
    """The candidate is now looking at `slot`: close the previous stretch, start a new one.

    Guarded on the attempt still running and on nobody having moved the stretch since it was
    read (a lost race only loses a few seconds of timing, never an answer).
    """
    now = min(now or timezone.now(), attempt.deadline)
    seconds = _add_time_on_screen(
        attempt.seconds_by_slot, attempt.current_slot, attempt.current_since, now
    )
    Attempt.objects.filter(
        pk=attempt.pk, status=Attempt.Status.IN_PROGRESS, current_since=attempt.current_since
    ).update(current_slot=slot, current_since=now, seconds_by_slot=seconds)
    attempt.current_slot, attempt.current_since, attempt.seconds_by_slot = slot, now, seconds
