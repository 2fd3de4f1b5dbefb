"""Taking an exam: start, one question per screen, save, flag, review, end, time up.

Every control is a plain form or link; htmx makes it fast by swapping the question panel and
small fragments. Nothing rendered before submission reveals the key.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from exams import selectors, services
from exams.assembly import NotEnoughQuestions
from exams.models import Attempt
from exams.views.responses import (
    attempt_view,
    exam_error,
    exam_login_required,
    go,
    refusal,
    with_clock,
)

OUT_OF_DATE = "The page is out of date; reload it to continue."
NOT_AN_OPTION = "That option does not belong to this question."


@require_POST
@exam_login_required
def exam_start(request: HttpRequest, blueprint_id: int) -> HttpResponse:
    """Start a mock (or resume the one in progress) and open its first question."""
    blueprint = get_object_or_404(selectors.offered_blueprints(request.user), pk=blueprint_id)
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
@attempt_view(running=True)
def attempt_resume(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Open an attempt at its first unanswered question (or the result once it is over)."""
    states = selectors.slot_states(attempt.pk)
    slot = next((s.slot for s in states if not s.answered), 1)
    return redirect("attempt_question", attempt.pk, slot)


@require_GET
@exam_login_required
def attempt_question(request: HttpRequest, attempt_id: int, slot: int) -> HttpResponse:
    """One question per screen, with the navigator; htmx gets only the panel."""
    try:
        screen = services.open_question(attempt_id=attempt_id, user=request.user, slot=slot)
    except services.NotFound as error:
        raise Http404(error.message) from error
    except services.AttemptFinished:
        return go(request, reverse("attempt_result", args=[attempt_id]))
    context = {
        "attempt": screen.attempt,
        "item": screen.item,
        "states": screen.states,
        "total": len(screen.states),
        "answered": sum(s.answered for s in screen.states),
        "seconds_left": screen.attempt.seconds_left(),
    }
    template = "exams/question.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#panel"
    return with_clock(request, render(request, template, context), screen.attempt)


@require_POST
@exam_login_required
def attempt_answer(request: HttpRequest, attempt_id: int, slot: int) -> HttpResponse:
    """Save the answer for one slot; htmx gets the save status, plain forms move on."""
    back = reverse("attempt_question", args=[attempt_id, slot])
    version = _parse_int(request.POST.get("version"))
    positions = [_parse_int(value) for value in request.POST.getlist("choice")]
    if version is None:
        return refusal(request, OUT_OF_DATE, 400, back)
    if None in positions:
        return refusal(request, NOT_AN_OPTION, 400, back)
    try:
        item = services.save_answer(
            attempt_id=attempt_id,
            user=request.user,
            slot=slot,
            positions=positions,
            version=version,
        )
    except services.ExamError as error:
        return exam_error(request, error, attempt_id, back)
    if not request.htmx:
        return _after_plain_save(request, item.attempt, slot)
    context = {
        "attempt": item.attempt,
        "item": item,
        "state": selectors.SlotState(item.slot, bool(item.selected), item.flagged),
    }
    return with_clock(request, render(request, "exams/question.html#saved", context), item.attempt)


@require_POST
@exam_login_required
def attempt_flag(request: HttpRequest, attempt_id: int, slot: int) -> HttpResponse:
    """Flag or unflag a question for review."""
    wanted = request.POST.get("flagged")
    if wanted not in {"0", "1"}:
        return refusal(request, "Say whether to flag (flagged=1) or unflag (flagged=0).", 400)
    try:
        item = services.set_flag(
            attempt_id=attempt_id, user=request.user, slot=slot, flagged=wanted == "1"
        )
    except services.ExamError as error:
        return exam_error(request, error, attempt_id)
    if not request.htmx:
        return redirect("attempt_question", attempt_id, slot)
    context = {
        "attempt": item.attempt,
        "item": item,
        "state": selectors.SlotState(item.slot, bool(item.selected), item.flagged),
    }
    response = render(request, "exams/question.html#flag_reply", context)
    return with_clock(request, response, item.attempt)


@require_GET
@exam_login_required
@attempt_view(running=True)
def attempt_review(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Before ending: every question's state, unanswered and flagged first, with jump links."""
    states = selectors.slot_states(attempt.pk)
    context = {
        "attempt": attempt,
        "states": states,
        "unanswered": [s for s in states if not s.answered],
        "flagged_states": [s for s in states if s.flagged],
        "answered": sum(s.answered for s in states),
        "total": len(states),
        "seconds_left": attempt.seconds_left(),
    }
    return with_clock(request, render(request, "exams/review.html", context), attempt)


@require_http_methods(["GET", "POST"])
@exam_login_required
def attempt_end(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """GET asks for confirmation with the counts; POST ends the exam."""
    if request.method == "POST":
        try:
            attempt = services.submit(attempt_id=attempt_id, user=request.user)
        except services.NotFound as error:
            return refusal(request, error.message, 404)
        return go(request, reverse("attempt_result", args=[attempt.pk]))
    return _end_confirmation(request, attempt_id)


@attempt_view(running=True)
def _end_confirmation(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """How many are unanswered and flagged, before the candidate ends the exam."""
    states = selectors.slot_states(attempt.pk)
    context = {
        "attempt": attempt,
        "unanswered": sum(not s.answered for s in states),
        "flagged": sum(s.flagged for s in states),
        "total": len(states),
        "seconds_left": attempt.seconds_left(),
    }
    return with_clock(request, render(request, "exams/end.html", context), attempt)


@require_POST
@exam_login_required
def attempt_time_up(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The page's countdown reached zero: end the exam if the server agrees, else resync."""
    try:
        attempt = services.time_up(attempt_id=attempt_id, user=request.user)
    except services.NotFound as error:
        return refusal(request, error.message, 404)
    if not attempt.is_in_progress:
        return go(request, reverse("attempt_result", args=[attempt.pk]))
    if request.htmx:
        return with_clock(request, HttpResponse(status=204), attempt)
    return redirect("attempt_resume", attempt.pk)


def _parse_int(value: str | None) -> int | None:
    """A whole number sent by a form, or None; never an exception (ASCII digits only)."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


def _after_plain_save(request: HttpRequest, attempt, slot: int) -> HttpResponse:
    """Without JavaScript the save button also moves: previous, next, review or stay."""
    go_to = request.POST.get("go", "stay")
    if go_to == "review":
        return redirect("attempt_review", attempt.pk)
    target = {"next": slot + 1, "prev": slot - 1}.get(go_to, slot)
    target = min(max(target, 1), attempt.question_count)
    return redirect("attempt_question", attempt.pk, target)
