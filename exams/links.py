"""The links an exam screen carries, worked out from one reverse() instead of one per link.

reverse() costs ~20 µs (pattern lookups under the active language) and the question page, the
page candidates request most, carries nine links. tests/exams/test_links.py pins every link to
reverse(), so a change in exams/urls.py cannot silently break one.
"""

from django.urls import reverse


def exam_links(attempt_id: int, slot: int | None = None, total: int = 0) -> dict[str, str]:
    """Links of an attempt's screens; with `slot`, also that question's and its neighbours'."""
    attempt = reverse("attempt_resume", args=[attempt_id])
    links = {
        "question_prefix": f"{attempt}q/",
        "review": f"{attempt}review/",
        "end": f"{attempt}end/",
        "time_up": f"{attempt}time-up/",
    }
    if slot is not None:
        question = f"{attempt}q/{slot}/"
        links["answer"] = f"{question}answer/"
        links["flag"] = f"{question}flag/"
        if slot > 1:
            links["previous"] = f"{attempt}q/{slot - 1}/"
        if slot < total:
            links["next"] = f"{attempt}q/{slot + 1}/"
    return links
