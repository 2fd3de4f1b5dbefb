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


MEETS = "Meets competencies"
NEEDS = "Needs improvement"


def pass_fraction(pass_mark: int) -> Fraction:
    """The share of questions that reaches the pass mark on the linear scale (750 → 13/18)."""
    return Fraction(pass_mark - MIN_SCALED, MAX_SCALED - MIN_SCALED)


def percent(correct: int, total: int) -> int:
    """Whole percent, rounded half up; 0 for an empty area."""
    if total <= 0:
        return 0
    return int(Fraction(100 * correct, total) + Fraction(1, 2))


def classify(correct: int, total: int, pass_mark: int) -> str:
    """A domain's verdict, as the real report words it: at or above the pass share, or not."""
    meets = total > 0 and Fraction(correct, total) >= pass_fraction(pass_mark)
    return MEETS if meets else NEEDS


@dataclass(frozen=True)
class GradedItem:
    """One frozen item, graded: where it sits in the guide and whether it was right."""

    domain: int
    domain_name: str
    task: str
    task_title: str
    correct: bool


def breakdown(items: Iterable[GradedItem]) -> dict:
    """Correct and total per domain and per task statement, in guide order (JSON-ready)."""
    domains: dict[int, dict] = {}
    tasks: dict[str, dict] = {}
    for item in items:
        d = domains.setdefault(
            item.domain, {"number": item.domain, "name": item.domain_name, "correct": 0, "total": 0}
        )
        t = tasks.setdefault(
            item.task,
            {
                "code": item.task,
                "title": item.task_title,
                "domain": item.domain,
                "correct": 0,
                "total": 0,
            },
        )
        for area in (d, t):
            area["total"] += 1
            area["correct"] += int(item.correct)
    return {
        "domains": [domains[n] for n in sorted(domains)],
        "tasks": [tasks[c] for c in sorted(tasks, key=_task_sort_key)],
    }


@dataclass(frozen=True)
class ItemAnswer:
    """One frozen item as the scorer needs it: what was chosen, what counts, where it sits."""

    selected: Iterable[str]
    correct_keys: Iterable[str]
    domain: int
    domain_name: str
    task: str
    task_title: str


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    scaled: int
    passed: bool
    results: tuple[bool, ...]  # per item, in the order given
    breakdown: dict


def score_attempt(items: Iterable[ItemAnswer], pass_mark: int) -> Score:
    """Grade every item and score the whole: raw count, scaled score, pass/fail, breakdown."""
    items = list(items)
    results = tuple(grade_item(item.selected, item.correct_keys) for item in items)
    correct = sum(results)
    scaled = scaled_score(correct, len(results))
    graded = [
        GradedItem(item.domain, item.domain_name, item.task, item.task_title, result)
        for item, result in zip(items, results, strict=True)
    ]
    return Score(
        correct=correct,
        total=len(results),
        scaled=scaled,
        passed=scaled >= pass_mark,
        results=results,
        breakdown=breakdown(graded),
    )


def _task_sort_key(code: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in code.split("."))
