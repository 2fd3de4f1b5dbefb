"""The exam screen's reads: a slot with its attempt and answered count, and the navigator."""

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


def test_the_navigator_has_every_slot_in_order_with_its_state(user, full_mock, bank):
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    scatter(attempt)

    states = selectors.slot_states(attempt.pk)

    assert [s.slot for s in states] == list(range(1, 76))
    assert {s.slot for s in states if s.answered} == ANSWERED
    assert {s.slot for s in states if s.flagged} == FLAGGED
    assert all(isinstance(s.answered, bool) and isinstance(s.flagged, bool) for s in states)


def test_the_item_comes_with_its_attempt_and_the_answered_count_in_one_query(
    user, full_mock, bank, django_assert_num_queries
):
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    scatter(attempt)

    with django_assert_num_queries(1):
        item = selectors.exam_item(attempt_id=attempt.pk, user=user, slot=10)
        assert (item.slot, item.flagged, item.attempt.title) == (10, True, attempt.title)
        assert item.answered_count == len(ANSWERED)


def test_an_attempt_with_nothing_answered_counts_zero(user, full_mock, bank):
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    assert selectors.exam_item(attempt_id=attempt.pk, user=user, slot=1).answered_count == 0


def test_someone_elses_attempt_reads_as_nothing(user, full_mock, bank):
    attempt, _ = services.attempt_start(user=user, blueprint=full_mock, seed=5)
    stranger = UserFactory()
    assert selectors.exam_item(attempt_id=attempt.pk, user=stranger, slot=1) is None
    assert selectors.exam_item(attempt_id=attempt.pk, user=user, slot=76) is None
