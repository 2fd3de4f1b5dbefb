"""Site-wide error views that speak to people, including over htmx."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CSRF_MESSAGE = (
    "This page is out of date (its security token expired or you signed in elsewhere). "
    "Reload the page to continue; answers saved before now are kept."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A failed CSRF check: a plain sentence for htmx, a page for everyone else."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(CSRF_MESSAGE, status=403, content_type="text/plain; charset=utf-8")
    return render(request, "403_csrf.html", {"message": CSRF_MESSAGE}, status=403)
