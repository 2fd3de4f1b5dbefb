"""A candidate's history across finished attempts: trend charts and weakest domains."""

from exams import charts, scoring
from exams.models import Attempt
from exams.reports import ReviewFilter, review_url


def history(finished: list[Attempt], limit: int = 12) -> dict:
    """Trend charts and weakest domains from finished attempts (newest first in `finished`)."""
    recent = list(reversed(finished[:limit]))
    if not recent:
        return {"score_chart": None, "domain_chart": None, "weakest": []}
    axis = [f"#{i}" for i in range(1, len(recent) + 1)]  # oldest first within the window
    labels = [f"#{i} ({a.started_at:%d %b})" for i, a in enumerate(recent, start=1)]
    score_chart = charts.line_chart(
        labels,
        {"Scaled score": [a.scaled_score for a in recent]},
        vmin=100,
        vmax=1000,
        grid=[100, 400, 750, 1000],
        axis=axis,
    )
    numbers = sorted({d["number"] for a in recent for d in a.breakdown.get("domains", [])})
    per_domain = {f"Domain {n}": [_domain_percent(a, n) for a in recent] for n in numbers}
    domain_chart = charts.line_chart(
        labels, per_domain, vmin=0, vmax=100, grid=[0, 50, 72, 100], axis=axis
    )
    return {
        "score_chart": score_chart,
        "domain_chart": domain_chart,
        "weakest": weakest_domains(finished[:3]),
    }


def _domain_percent(attempt: Attempt, number: int) -> int | None:
    for d in attempt.breakdown.get("domains", []):
        if d["number"] == number:
            return scoring.percent(d["correct"], d["total"])
    return None


def weakest_domains(latest: list[Attempt], count: int = 3) -> list[dict]:
    """Domains with the lowest share right over the latest attempts, with a review link."""
    totals: dict[int, dict] = {}
    for attempt in latest:
        for d in attempt.breakdown.get("domains", []):
            entry = totals.setdefault(
                d["number"],
                {
                    "number": d["number"],
                    "name": d["name"],
                    "correct": 0,
                    "total": 0,
                    "review_url": None,
                },
            )
            entry["correct"] += d["correct"]
            entry["total"] += d["total"]
            if entry["review_url"] is None and d["correct"] < d["total"]:
                entry["review_url"] = review_url(
                    attempt, ReviewFilter("incorrect", domain=d["number"])
                )
    ranked = sorted(
        (e for e in totals.values() if e["correct"] < e["total"]),
        key=lambda e: (e["correct"] / e["total"], e["number"]),
    )
    for entry in ranked:
        entry["percent"] = scoring.percent(entry["correct"], entry["total"])
    return ranked[:count]
