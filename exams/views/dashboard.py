"""The home page: what the product is for visitors, the dashboard for candidates."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from exams import selectors, services
from questions.selectors import published_question_count


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Visitors see what the product is; signed-in candidates see their dashboard."""
    if not request.user.is_authenticated:
        context = {"question_count": published_question_count()}
        return render(request, "exams/landing.html", context)
    services.expire_overdue(user=request.user)  # an attempt whose time ran out shows its result
    return render(request, "exams/dashboard.html", selectors.dashboard(request.user))
