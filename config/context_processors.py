"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def csp_nonce(request: HttpRequest) -> dict:
    """Expose django-csp's per-request nonce under the name django-htmx's tags read."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


def site(request: HttpRequest) -> dict:
    """The product name, so templates never hard-code it."""
    return {"site_name": settings.SITE_NAME}
