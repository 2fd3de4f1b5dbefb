"""Sign-up and the home page: what the product is for visitors, the dashboard for candidates."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms import ExamSettingsForm, SignUpForm
from exams import selectors as exam_selectors
from exams import services as exam_services
from questions.selectors import published_question_count


def home(request: HttpRequest) -> HttpResponse:
    """Visitors see what the product is; signed-in candidates see their dashboard."""
    if request.user.is_authenticated:
        exam_services.expire_overdue(user=request.user)  # a dead attempt shows its result
        return render(request, "accounts/dashboard.html", exam_selectors.dashboard(request.user))
    return render(request, "accounts/landing.html", {"question_count": published_question_count()})


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and sign the new candidate straight in."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="accounts.backends.AccountBackend")
        messages.success(request, f"Welcome, {user.username}. Your account is ready.")
        return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The candidate's details, password link, and exam settings (the ESL accommodation)."""
    form = ExamSettingsForm(
        request.POST if request.method == "POST" else None, instance=request.user
    )
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(
                request, "Your exam settings are saved; they apply to exams you start from now on."
            )
            return redirect("account")
        return render(request, "accounts/account.html", {"form": form}, status=400)
    return render(request, "accounts/account.html", {"form": form})
