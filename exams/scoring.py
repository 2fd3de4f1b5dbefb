"""Grading, as the real exam does it: exact sets, no partial credit, unanswered is wrong."""

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

MIN_SCALED, MAX_SCALED = 100, 1000


def grade_item(selected: Iterable[str], correct: Iterable[str]) -> bool:
    """Right only if exactly the correct set was chosen; an empty answer is wrong."""
    chosen = set(selected)
    return bool(chosen) and chosen == set(correct)


def scaled_score(correct: int, total: int) -> int:
    """100 + 900 × fraction correct, rounded half up, in exact arithmetic.

    An approximation of AWS's equated scale, which is not published.
    """
    if total <= 0:
        raise ValueError("An exam has at least one question.")
    if not 0 <= correct <= total:
        raise ValueError("Correct answers must be between 0 and the number of questions.")
    exact = MIN_SCALED + Fraction(900 * correct, total)
    return int(exact + Fraction(1, 2))  # floor(x + ½): round half up


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    scaled: int
    passed: bool


def score_attempt(answers: Iterable[tuple[Iterable[str], Iterable[str]]], pass_mark: int) -> Score:
    """Score (selected, correct) pairs: raw count, scaled score and pass/fail at pass_mark."""
    results = [grade_item(selected, correct) for selected, correct in answers]
    correct = sum(results)
    scaled = scaled_score(correct, len(results))
    return Score(correct=correct, total=len(results), scaled=scaled, passed=scaled >= pass_mark)
