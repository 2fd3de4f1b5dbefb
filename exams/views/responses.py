"""What every exam view answers with: refusals a person can read, htmx navigation, the clock."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from exams import services
from exams.models import Attempt

SIGNED_OUT = (
    "You were signed out. Answers saved before this point are kept — sign in to continue "
    "where you left off."
)


def exam_login_required(view):
    """Like login_required, but an htmx request gets a clear 401 and an event, not a page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if not request.htmx:
            return redirect_to_login(request.get_full_path())
        target = request.htmx.current_url_abs_path or "/"
        login_url = f"{reverse('login')}?{urlencode({'next': target})}"
        response = refusal(request, SIGNED_OUT, 401)
        detail = {"loginUrl": login_url, "message": SIGNED_OUT}
        return trigger_client_event(response, "exam:signed-out", detail)

    return wrapper


def attempt_view(*, running: bool):
    """Views of one attempt: the owner's only (a stranger gets 404), settled first (finished
    if its time ran out). running=True views show an attempt in progress and send a finished
    one to its result; running=False views show a finished one and send a running one back."""

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, attempt_id: int, *args, **kwargs):
            try:
                attempt = services.open_attempt(attempt_id=attempt_id, user=request.user)
            except services.NotFound as error:
                raise Http404(error.message) from error
            if attempt.is_in_progress != running:
                target = "attempt_resume" if attempt.is_in_progress else "attempt_result"
                return redirect(target, attempt.pk)
            return view(request, attempt, *args, **kwargs)

        return wrapper

    return decorate


def go(request: HttpRequest, url: str, status: int = 200) -> HttpResponse:
    """Navigate: a redirect for plain requests, htmx's client redirect for htmx ones."""
    if request.htmx:
        response = HttpResponseClientRedirect(url)
        response.status_code = status
        return response
    return HttpResponseRedirect(url)


def with_clock(request: HttpRequest, response: HttpResponse, attempt: Attempt) -> HttpResponse:
    """Every exam response is uncached, and htmx ones resync the countdown (exam:clock)."""
    response["Cache-Control"] = "no-store"
    if request.htmx:
        trigger_client_event(response, "exam:clock", {"secondsLeft": attempt.seconds_left()})
    return response


def refusal(request: HttpRequest, message: str, status: int, back: str = "") -> HttpResponse:
    """A refusal a person can read: a sentence for htmx (the page shows it), else a page."""
    if request.htmx:
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    return render(request, "exams/problem.html", {"message": message, "back": back}, status=status)


def exam_error(
    request: HttpRequest, error: services.ExamError, attempt_id: int, back: str = ""
) -> HttpResponse:
    """404 not yours, 400 bad input, 409 stale (exam:stale) or finished (off to the result)."""
    if isinstance(error, services.AttemptFinished):
        if not request.htmx:
            messages.warning(request, error.message)
        return go(request, reverse("attempt_result", args=[attempt_id]), status=409)
    response = refusal(request, error.message, error.status, back)
    if isinstance(error, services.StaleAnswer):
        trigger_client_event(response, "exam:stale", {"message": error.message})
    return response
