"""Links built without reverse() are exactly what reverse() gives."""

import pytest
from django.urls import reverse

from exams.links import exam_links


@pytest.mark.parametrize(("attempt_id", "slot", "total"), [(1, 1, 75), (42, 38, 75), (7, 20, 20)])
def test_every_link_is_what_reverse_gives(attempt_id, slot, total):
    links = exam_links(attempt_id, slot, total)
    expected = {
        "answer": reverse("attempt_answer", args=[attempt_id, slot]),
        "flag": reverse("attempt_flag", args=[attempt_id, slot]),
        "review": reverse("attempt_review", args=[attempt_id]),
        "end": reverse("attempt_end", args=[attempt_id]),
        "time_up": reverse("attempt_time_up", args=[attempt_id]),
    }
    if slot > 1:
        expected["previous"] = reverse("attempt_question", args=[attempt_id, slot - 1])
    if slot < total:
        expected["next"] = reverse("attempt_question", args=[attempt_id, slot + 1])
    prefix = links.pop("question_prefix")
    assert links == expected
    assert f"{prefix}{slot}/" == reverse("attempt_question", args=[attempt_id, slot])


def test_without_a_slot_only_the_attempt_links():
    assert set(exam_links(3)) == {"question_prefix", "review", "end", "time_up"}
