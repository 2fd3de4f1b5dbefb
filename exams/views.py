"""Exam screens: thin views that parse input, call one service and render.

Every control is a plain form or link; htmx makes it fast by swapping the question panel and
small fragments. Nothing rendered before submission reveals the key.
"""

import csv
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exams import reports, selectors, services
from exams.assembly import NotEnoughQuestions
from exams.links import exam_links
from exams.models import Attempt, AttemptItem, Blueprint

SECONDS_HEADER = "X-Exam-Seconds-Left"


def exam_login_required(view):
    """Like login_required, but an htmx request gets a clear 401 instead of a login page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        target = request.htmx.current_url_abs_path if request.htmx else request.get_full_path()
        login_url = f"{reverse('login')}?{urlencode({'next': target or '/'})}"
        if request.htmx:
            response = HttpResponse(
                "You were signed out. Answers saved before this point are kept — sign in to "
                "continue where you left off.",
                status=401,
                content_type="text/plain; charset=utf-8",
            )
            response["X-Login-Url"] = login_url
            return response
        return redirect_to_login(request.get_full_path())

    return wrapper


def _own_attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    attempt = get_object_or_404(Attempt, pk=attempt_id, user=request.user)
    return services.finalise_if_overdue(attempt)


def running_attempt_view(view):
    """Views of an attempt in progress: the owner's only (a stranger gets 404); once the
    attempt is over (or its time ran out just now) they show its result instead."""

    @wraps(view)
    def wrapper(request: HttpRequest, attempt_id: int, *args, **kwargs):
        attempt = _own_attempt(request, attempt_id)
        if not attempt.is_in_progress:
            return redirect("attempt_result", attempt.pk)
        return view(request, attempt, *args, **kwargs)

    return wrapper


def finished_attempt_view(view):
    """Views of a finished attempt: the owner's only (a stranger gets 404), and while the
    attempt still runs they send the candidate back to the exam instead."""

    @wraps(view)
    def wrapper(request: HttpRequest, attempt_id: int, *args, **kwargs):
        attempt = _own_attempt(request, attempt_id)
        if attempt.is_in_progress:
            return redirect("attempt_resume", attempt.pk)
        return view(request, attempt, *args, **kwargs)

    return wrapper


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Navigate: a full redirect for plain requests, HX-Redirect for htmx ones."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_clock(response: HttpResponse, attempt: Attempt) -> HttpResponse:
    """Every exam response carries the server's seconds left, so the countdown resyncs."""
    response[SECONDS_HEADER] = str(attempt.seconds_left())
    response["Cache-Control"] = "no-store"
    return response


def _error(
    request: HttpRequest, error: services.ExamError, attempt_id: int, back: str = ""
) -> HttpResponse:
    """Refusals: 404 not yours, 400 bad input, 409 stale or finished (htmx goes to result)."""
    if isinstance(error, services.AttemptFinished):
        url = reverse("attempt_result", args=[attempt_id])
        if request.htmx:
            response = HttpResponse(error.message, status=409, content_type="text/plain")
            response["HX-Redirect"] = url
            return response
        messages.warning(request, error.message)
        return HttpResponseRedirect(url)
    response = _refusal(request, error.message, error.status, back)
    if isinstance(error, services.StaleAnswer):
        response["X-Exam-Stale"] = "1"
    return response


@require_POST
@exam_login_required
def exam_start(request: HttpRequest, blueprint_id: int) -> HttpResponse:
    """Start a mock (or resume the one in progress) and open its first question."""
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id, is_active=True)
    try:
        attempt, created = services.attempt_start(user=request.user, blueprint=blueprint)
    except NotEnoughQuestions as exc:
        messages.error(request, f"“{blueprint.name}” cannot start yet. {exc}")
        return redirect("home")
    if not created:
        messages.info(request, "You already have this exam in progress; here it is.")
    return redirect("attempt_resume", attempt.pk)


@require_GET
@exam_login_required
@running_attempt_view
def attempt_resume(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Open an attempt at its first unanswered question (or the result once it is over)."""
    states = selectors.slot_states(attempt)
    slot = next((s.slot for s in states if not s.answered), 1)
    return redirect("attempt_question", attempt.pk, slot)


@require_GET
@exam_login_required
def attempt_question(request: HttpRequest, attempt_id: int, slot: int) -> HttpResponse:
    """One question per screen, with the navigator; htmx gets only the panel."""
    item = selectors.exam_item(attempt_id=attempt_id, user=request.user, slot=slot, also="states")
    if item is None:
        raise Http404("No such exam question.")
    attempt = services.finalise_if_overdue(item.attempt)
    if not attempt.is_in_progress:
        return _go(request, reverse("attempt_result", args=[attempt.pk]))
    services.record_view(attempt, slot)
    context = _panel_context(attempt, item, item.states)
    template = "exams/question.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#panel"
    return _with_clock(render(request, template, context), attempt)


def _panel_context(attempt: Attempt, item: AttemptItem, states) -> dict:
    return {
        "attempt": attempt,
        "item": item,
        "links": exam_links(attempt.pk, item.slot, len(states)),
        "choice_count": len(item.choices),
        "states": states,
        "answered": sum(s.answered for s in states),
        "total": len(states),
        "seconds_left": attempt.seconds_left(),
        # Said, not left out, because looking up a name missing from the context costs an
        # exception: the page's forms also work without JavaScript, so they carry the CSRF
        # token, and its flag form sends no out-of-band navigator cell (the flag's reply does).
        "csrf_by_header": False,
        "oob_state": False,
    }


def _parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@require_POST
@exam_login_required
def attempt_answer(request: HttpRequest, attempt_id: int, slot: int) -> HttpResponse:
    """Save the answer for one slot; htmx gets the save status, plain forms move on."""
    version = _parse_int(request.POST.get("version"))
    keys = request.POST.getlist("choice")
    links = exam_links(attempt_id)
    back = f"{links['question_prefix']}{slot}/"
    if version is None or version < 0:
        return _refusal(request, "The page is out of date; reload it to continue.", 400, back)
    if not all(key.isdigit() and len(key) <= 12 for key in keys):
        return _refusal(request, "That option does not belong to this question.", 400, back)
    try:
        result = services.save_answer(
            attempt_id=attempt_id, user=request.user, slot=slot, keys=keys, version=version
        )
    except services.ExamError as error:
        return _error(request, error, attempt_id, back)
    if not request.htmx:
        return _after_plain_save(request, result.attempt, slot)
    item = result.item
    context = {
        "attempt": result.attempt,
        "item": item,
        "links": links,
        "answered": result.answered_count,
        "total": result.attempt.question_count,
        "oob_state": True,
        "oob_states": [selectors.SlotState(item.slot, bool(item.selected), item.flagged)],
    }
    # The reply holds no form and nothing of the user: rendered without the request, so none
    # of the context processors (user, messages, CSP nonce, CSRF) run for the commonest POST.
    html = render_to_string("exams/question.html#saved", context)
    return _with_clock(HttpResponse(html), result.attempt)


def _after_plain_save(request: HttpRequest, attempt: Attempt, slot: int) -> HttpResponse:
    """Without JavaScript the save button also moves: previous, next, review or stay."""
    go = request.POST.get("go", "stay")
    if go == "review":
        return redirect("attempt_review", attempt.pk)
    target = {"next": slot + 1, "prev": slot - 1}.get(go, slot)
    target = min(max(target, 1), attempt.question_count)
    return redirect("attempt_question", attempt.pk, target)


@require_POST
@exam_login_required
def attempt_flag(request: HttpRequest, attempt_id: int, slot: int) -> HttpResponse:
    """Flag or unflag a question for review."""
    wanted = request.POST.get("flagged")
    if wanted not in {"0", "1"}:
        return _refusal(request, "Say whether to flag (flagged=1) or unflag (flagged=0).", 400)
    try:
        item = services.set_flag(
            attempt_id=attempt_id, user=request.user, slot=slot, flagged=wanted == "1"
        )
    except services.ExamError as error:
        return _error(request, error, attempt_id)
    if not request.htmx:
        return redirect("attempt_question", attempt_id, slot)
    context = {
        "attempt": item.attempt,
        "item": item,
        "links": exam_links(attempt_id, slot),
        "oob_state": True,
        "oob_states": [selectors.SlotState(item.slot, bool(item.selected), item.flagged)],
        "csrf_by_header": True,
    }
    # Like the save's reply, rendered without the request: it shows nothing of the user, and
    # its form is htmx's alone, which sends the CSRF token in a header (set on <body>), so it
    # needs no masked copy of its own (a third of this reply's cost).
    html = render_to_string("exams/question.html#flag", context)
    return _with_clock(HttpResponse(html), item.attempt)


@require_GET
@exam_login_required
@running_attempt_view
def attempt_review(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Before ending: every question's state, unanswered and flagged first, with jump links."""
    states = selectors.slot_states(attempt)
    context = {
        "attempt": attempt,
        "links": exam_links(attempt.pk),
        "states": states,
        "unanswered": [s for s in states if not s.answered],
        "flagged_states": [s for s in states if s.flagged],
        "answered": sum(s.answered for s in states),
        "total": len(states),
        "seconds_left": attempt.seconds_left(),
    }
    return _with_clock(render(request, "exams/review.html", context), attempt)


@require_http_methods(["GET", "POST"])
@exam_login_required
def attempt_end(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """GET asks for confirmation with the counts; POST ends the exam."""
    if request.method == "POST":
        try:
            attempt = services.submit(attempt_id=attempt_id, user=request.user)
        except services.NotFound:
            return _refusal(request, "No such exam.", 404)
        return _go(request, reverse("attempt_result", args=[attempt.pk]))
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_in_progress:
        return redirect("attempt_result", attempt.pk)
    states = selectors.slot_states(attempt)
    context = {
        "attempt": attempt,
        "links": exam_links(attempt.pk),
        "unanswered": sum(not s.answered for s in states),
        "flagged": sum(s.flagged for s in states),
        "total": len(states),
        "seconds_left": attempt.seconds_left(),
    }
    return _with_clock(render(request, "exams/end.html", context), attempt)


@require_POST
@exam_login_required
def attempt_time_up(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The page's countdown reached zero: end the exam if the server agrees, else resync."""
    try:
        attempt = services.time_up(attempt_id=attempt_id, user=request.user)
    except services.NotFound:
        return _refusal(request, "No such exam.", 404)
    if not attempt.is_in_progress:
        return _go(request, reverse("attempt_result", args=[attempt.pk]))
    if request.htmx:
        return _with_clock(HttpResponse(status=204), attempt)
    return redirect("attempt_question", attempt.pk, 1)


@require_GET
@exam_login_required
@finished_attempt_view
def attempt_result(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """The score report: pass/fail, scaled score, domains and task statements, review links."""
    return render(request, "exams/report.html", reports.report(attempt))


@require_GET
@exam_login_required
@finished_attempt_view
def attempt_csv(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """The attempt as CSV: one row per question."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"mock-exam-{attempt.pk}-{attempt.started_at:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv.writer(response).writerows(reports.csv_rows(attempt))
    return response


@require_GET
@exam_login_required
@finished_attempt_view
def attempt_answers(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Start reviewing a filter (e.g. incorrect in domain 3): go to its first question."""
    try:
        review = reports.ReviewFilter.parse(request.GET)
    except reports.BadFilter as exc:
        return _bad_request(request, str(exc))
    slots = [s.slot for s in reports.item_states(attempt) if review.matches(s)]
    if slots:
        return redirect(reports.review_url(attempt, review, slots[0]))
    context = {"attempt": attempt, "review": review}
    return render(request, "exams/answers_empty.html", context)


@require_GET
@exam_login_required
@finished_attempt_view
def attempt_answer_detail(request: HttpRequest, attempt: Attempt, slot: int) -> HttpResponse:
    """One reviewed question, exactly as frozen, with the filter kept for next/previous."""
    try:
        review = reports.ReviewFilter.parse(request.GET)
    except reports.BadFilter as exc:
        return _bad_request(request, str(exc))
    item = get_object_or_404(AttemptItem, attempt=attempt, slot=slot)
    slots = [s.slot for s in reports.item_states(attempt) if review.matches(s)]
    position = slots.index(slot) if slot in slots else None
    neighbours = {}
    if position is not None:
        if position > 0:
            neighbours["previous"] = reports.review_url(attempt, review, slots[position - 1])
        if position < len(slots) - 1:
            neighbours["next"] = reports.review_url(attempt, review, slots[position + 1])
    selected = set(item.selected)
    context = {
        "attempt": attempt,
        "item": item,
        "review": review,
        "position": None if position is None else position + 1,
        "matching": len(slots),
        "choices": [{**c, "chosen": c["key"] in selected} for c in item.choices],
        "seconds": (attempt.seconds_by_slot or {}).get(str(slot), 0),
        **neighbours,
    }
    return render(request, "exams/answer_detail.html", context)


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return _refusal(request, message, 400)


def _refusal(request: HttpRequest, message: str, status: int, back: str = "") -> HttpResponse:
    """A refusal a person can read: a sentence for htmx (the page shows it), else a page."""
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    context = {"message": message, "back": back}
    return render(request, "exams/problem.html", context, status=status)
