"""After the exam: the score report, the CSV, and the review of each question as it was frozen."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from exams import reports
from exams.models import Attempt
from exams.views.responses import attempt_view, exam_login_required, refusal


@require_GET
@exam_login_required
@attempt_view(running=False)
def attempt_result(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """The score report: pass/fail, scaled score, domains and task statements, review links."""
    return render(request, "exams/report.html", reports.report(attempt))


@require_GET
@exam_login_required
@attempt_view(running=False)
def attempt_csv(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """The attempt as CSV: one row per question."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"mock-exam-{attempt.pk}-{attempt.started_at:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv.writer(response).writerows(reports.csv_rows(attempt))
    return response


@require_GET
@exam_login_required
@attempt_view(running=False)
def attempt_answers(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Start reviewing a filter (e.g. incorrect in domain 3): go to its first question."""
    try:
        review = reports.ReviewFilter.parse(request.GET)
    except reports.BadFilter as exc:
        return refusal(request, str(exc), 400)
    slots = reports.matching_slots(attempt, review)
    if slots:
        return redirect(reports.review_url(attempt, review, slots[0]))
    return render(request, "exams/answers_empty.html", {"attempt": attempt, "review": review})


@require_GET
@exam_login_required
@attempt_view(running=False)
def attempt_answer_detail(request: HttpRequest, attempt: Attempt, slot: int) -> HttpResponse:
    """One reviewed question, exactly as frozen, with the filter kept for next/previous."""
    try:
        review = reports.ReviewFilter.parse(request.GET)
    except reports.BadFilter as exc:
        return refusal(request, str(exc), 400)
    context = reports.answer_detail(attempt, review, slot)
    if context is None:
        raise Http404("No such question in this exam.")
    return render(request, "exams/answer_detail.html", context)
