"""Read-side of a finished attempt: the score report, review filters and the CSV."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from exams import scoring
from exams.models import Attempt, AttemptItem

FILTERS = {
    "all": "All questions",
    "incorrect": "Incorrect",
    "flagged": "Flagged",
    "unanswered": "Unanswered",
}


class BadFilter(ValueError):
    """A review filter that does not make sense; the message says why."""


@dataclass(frozen=True)
class ReviewFilter:
    show: str = "all"
    domain: int | None = None
    task: str | None = None

    @classmethod
    def parse(cls, params) -> ReviewFilter:
        show = params.get("show", "all")
        if show not in FILTERS:
            raise BadFilter(f"Unknown filter {show!r}; use one of: {', '.join(FILTERS)}.")
        domain = params.get("domain")
        if domain is not None:
            if not (domain.isascii() and domain.isdigit() and len(domain) <= 3):
                raise BadFilter("The domain must be a number, e.g. domain=3.")
            domain = int(domain)
        task = params.get("task")
        if task is not None and not (
            len(task) <= 10 and all(p.isascii() and p.isdigit() for p in task.split("."))
        ):
            raise BadFilter('The task statement must look like "1.4".')
        return cls(show=show, domain=domain, task=task)

    def query(self) -> str:
        params = {"show": self.show}
        if self.domain is not None:
            params["domain"] = self.domain
        if self.task is not None:
            params["task"] = self.task
        return urlencode(params)

    def describe(self) -> str:
        text = FILTERS[self.show].lower() if self.show != "all" else "all questions"
        if self.task:
            text += f" in task statement {self.task}"
        elif self.domain is not None:
            text += f" in domain {self.domain}"
        return text[0].upper() + text[1:]

    def matches(self, row: ItemState) -> bool:
        if self.domain is not None and row.domain != self.domain:
            return False
        if self.task is not None and row.task != self.task:
            return False
        if self.show == "incorrect":
            return not row.correct
        if self.show == "flagged":
            return row.flagged
        if self.show == "unanswered":
            return not row.answered
        return True


@dataclass(frozen=True)
class ItemState:
    slot: int
    correct: bool
    answered: bool
    flagged: bool
    domain: int
    task: str


def item_states(attempt: Attempt) -> list[ItemState]:
    """Light per-slot rows of a finished attempt (one query, no question text)."""
    rows = (
        AttemptItem.objects.filter(attempt=attempt)
        .order_by("slot")
        .values_list("slot", "is_correct", "answered_at", "flagged", "domain_number", "task_code")
    )
    return [
        ItemState(slot, bool(correct), answered is not None, flagged, domain, task)
        for slot, correct, answered, flagged, domain, task in rows
    ]


def matching_slots(attempt: Attempt, review: ReviewFilter) -> list[int]:
    """The slots a review filter selects, in exam order."""
    return [s.slot for s in item_states(attempt) if review.matches(s)]


def answer_detail(attempt: Attempt, review: ReviewFilter, slot: int) -> dict | None:
    """What the review of one question shows, with next/previous within the filter."""
    item = AttemptItem.objects.filter(attempt=attempt, slot=slot).first()
    if item is None:
        return None
    slots = matching_slots(attempt, review)
    position = slots.index(slot) if slot in slots else None
    neighbours = {}
    if position is not None:
        if position > 0:
            neighbours["previous"] = review_url(attempt, review, slots[position - 1])
        if position < len(slots) - 1:
            neighbours["next"] = review_url(attempt, review, slots[position + 1])
    selected = set(item.selected)
    return {
        "attempt": attempt,
        "item": item,
        "review": review,
        "position": None if position is None else position + 1,
        "matching": len(slots),
        "choices": [{**c, "chosen": c["key"] in selected} for c in item.choices],
        "seconds": (attempt.seconds_by_slot or {}).get(str(slot), 0),
        **neighbours,
    }


def review_url(attempt: Attempt, review: ReviewFilter, slot: int | None = None) -> str:
    if slot is None:
        return reverse("attempt_answers", args=[attempt.pk]) + "?" + review.query()
    return reverse("attempt_answer_detail", args=[attempt.pk, slot]) + "?" + review.query()


def report(attempt: Attempt) -> dict:
    """Everything the score report shows, from the stored breakdown and the light rows."""
    states = item_states(attempt)
    pass_mark = attempt.pass_mark
    tasks_by_domain: dict[int, list] = {}
    for task in attempt.breakdown.get("tasks", []):
        tasks_by_domain.setdefault(task["domain"], []).append(
            _area(
                task,
                pass_mark,
                review_url(attempt, ReviewFilter(task=task["code"])),
                review_url(attempt, ReviewFilter("incorrect", task=task["code"])),
            )
        )
    domains = [
        {
            **_area(
                d,
                pass_mark,
                review_url(attempt, ReviewFilter(domain=d["number"])),
                review_url(attempt, ReviewFilter("incorrect", domain=d["number"])),
            ),
            "tasks": tasks_by_domain.get(d["number"], []),
        }
        for d in attempt.breakdown.get("domains", [])
    ]
    counts = {
        "all": len(states),
        "incorrect": sum(not s.correct for s in states),
        "flagged": sum(s.flagged for s in states),
        "unanswered": sum(not s.answered for s in states),
    }
    links = [
        {
            "key": key,
            "label": label,
            "count": counts[key],
            "url": review_url(attempt, ReviewFilter(show=key)),
        }
        for key, label in FILTERS.items()
    ]
    return {
        "attempt": attempt,
        "domains": domains,
        "links": links,
        "percent": scoring.percent(attempt.correct_count or 0, attempt.question_count),
        "pass_percent": scoring.percent(*scoring.pass_fraction(pass_mark).as_integer_ratio()),
        "time_used": attempt.time_used,
        "limit_minutes": attempt.duration_minutes + attempt.extra_minutes,
    }


def _area(area: dict, pass_mark: int, all_url: str, incorrect_url: str) -> dict:
    return {
        **area,
        "percent": scoring.percent(area["correct"], area["total"]),
        "verdict": scoring.classify(area["correct"], area["total"], pass_mark),
        "meets": scoring.classify(area["correct"], area["total"], pass_mark) == scoring.MEETS,
        "review_url": all_url,
        "incorrect_url": incorrect_url,
    }


def csv_rows(attempt: Attempt) -> list[list]:
    """One row per question: what was chosen and what was right, by the letters shown."""
    header = [
        "slot",
        "domain",
        "task_statement",
        "question_id",
        "chosen",
        "correct",
        "result",
        "seconds",
        "flagged",
    ]
    rows = [header]
    seconds = attempt.seconds_by_slot or {}
    for item in AttemptItem.objects.filter(attempt=attempt).order_by("slot"):
        letters = {c["key"]: chr(ord("A") + i) for i, c in enumerate(item.choices)}
        chosen = "".join(sorted(letters[k] for k in item.selected if k in letters))
        correct = "".join(sorted(letters[c["key"]] for c in item.choices if c["correct"]))
        result = "right" if item.is_correct else ("unanswered" if not item.selected else "wrong")
        rows.append(
            [
                item.slot,
                item.domain_number,
                item.task_code,
                item.external_id,
                chosen,
                correct,
                result,
                seconds.get(str(item.slot), 0),
                "yes" if item.flagged else "no",
            ]
        )
    return rows
