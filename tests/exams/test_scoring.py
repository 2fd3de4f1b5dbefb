"""Grading: the exact-set rule, unanswered is wrong, the scaled score around the pass mark."""

import pytest

from exams.scoring import ItemAnswer, grade_item, scaled_score, score_attempt


def test_exact_set_is_required():
    assert grade_item(["a"], ["a"])
    assert grade_item(["b", "a"], ["a", "b"])
    assert not grade_item(["a"], ["a", "b"]), "no partial credit"
    assert not grade_item(["a", "b", "c"], ["a", "b"])
    assert not grade_item([], ["a"]), "unanswered is wrong"


@pytest.mark.parametrize(
    ("correct", "total", "scaled"),
    [(0, 75, 100), (75, 75, 1000), (54, 75, 748), (55, 75, 760), (1, 3, 400), (1, 8, 213)],
)
def test_scaled_score_is_linear_and_rounded(correct, total, scaled):
    assert scaled_score(correct, total) == scaled


def test_scaled_score_rounds_half_up():
    assert scaled_score(1, 2) == 550
    assert scaled_score(1, 1800) == 101  # 100.5 → 101


def answer(selected, correct=("a",), domain=1, task="1.1") -> ItemAnswer:
    return ItemAnswer(selected, correct, domain, f"Domain {domain}", task, f"Task {task}")


def test_pass_mark_boundary():
    below = score_attempt([answer(["a"])] * 54 + [answer([])] * 21, pass_mark=750)
    above = score_attempt([answer(["a"])] * 55 + [answer([])] * 20, pass_mark=750)
    assert (below.scaled, below.passed) == (748, False)
    assert (above.scaled, above.passed) == (760, True)
    exact = score_attempt([answer(["a"])] * 3 + [answer(["b"])], pass_mark=775)
    assert (exact.scaled, exact.passed) == (775, True)


def test_score_gives_per_item_results_and_the_breakdown_by_domain_and_task():
    score = score_attempt(
        [
            answer(["a"], domain=2, task="2.1"),
            answer(["b", "a"], correct=("a", "b"), domain=1, task="1.2"),
            answer(["a"], correct=("a", "b"), domain=1, task="1.1"),
            answer([], domain=1, task="1.1"),
        ],
        pass_mark=750,
    )
    assert score.results == (True, True, False, False)
    assert (score.correct, score.total, score.scaled, score.passed) == (2, 4, 550, False)
    assert [(d["number"], d["correct"], d["total"]) for d in score.breakdown["domains"]] == [
        (1, 1, 3),
        (2, 1, 1),
    ]
    assert [(t["code"], t["correct"], t["total"]) for t in score.breakdown["tasks"]] == [
        ("1.1", 0, 2),
        ("1.2", 1, 1),
        ("2.1", 1, 1),
    ]


def test_bad_totals_are_refused():
    with pytest.raises(ValueError):
        scaled_score(1, 0)
    with pytest.raises(ValueError):
        scaled_score(5, 4)
