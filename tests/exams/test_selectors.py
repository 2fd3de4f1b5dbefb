"""The exam screen's reads: one query for a slot, its attempt and the whole navigator."""

from django.utils import timezone

from exams import selectors, services
from exams.models import AttemptItem
from tests.factories import UserFactory

ANSWERED = {2, 3, 9, 10, 11, 40, 63, 74}
FLAGGED = {3, 4, 10, 41, 64, 75}


def scatter(attempt) -> None:
    """Answer and flag slots spread over the attempt (some both), out of insertion order."""
    for slot in sorted(ANSWERED | FLAGGED, reverse=True):
        AttemptItem.objects.filter(attempt=attempt, slot=slot).update(
            answered_at=timezone.now() if slot in ANSWERED else None,
            flagged=slot in FLAGGED,
        )


def test_the_navigator_read_with_the_item_matches_the_per_row_query(user, full_mock, bank):
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    scatter(attempt)

    item = selectors.exam_item(attempt_id=attempt.pk, user=user, slot=7, also="states")

    assert item.slot == 7 and item.attempt.pk == attempt.pk
    assert item.states == selectors.slot_states(attempt)
    assert [s.slot for s in item.states] == list(range(1, 76))
    assert {s.slot for s in item.states if s.answered} == ANSWERED
    assert {s.slot for s in item.states if s.flagged} == FLAGGED


def test_without_the_navigator_the_item_carries_the_answered_count(user, full_mock, bank):
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    scatter(attempt)

    item = selectors.exam_item(attempt_id=attempt.pk, user=user, slot=75)

    assert item.answered == len(ANSWERED)
    assert not hasattr(item, "states")


def test_a_flag_reads_the_item_with_neither_count_nor_navigator(user, full_mock, bank):
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    scatter(attempt)

    item = selectors.exam_item(attempt_id=attempt.pk, user=user, slot=10, also="nothing")

    assert (item.slot, item.flagged, item.attempt.pk) == (10, True, attempt.pk)
    assert not hasattr(item, "answered") and not hasattr(item, "states")


def test_someone_elses_attempt_reads_as_nothing(user, full_mock, bank):
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    stranger = UserFactory()

    for also in ("answered", "states", "nothing"):
        assert selectors.exam_item(attempt_id=attempt.pk, user=stranger, slot=1, also=also) is None
