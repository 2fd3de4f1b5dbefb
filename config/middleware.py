"""Operational middleware: private pages kept out of caches, one log line per request, and an
SQL counter for benchmarks."""

import logging
import re
import time

from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

logger = logging.getLogger("requests")

# Path segments that carry secrets (password-reset links) are never logged.
_SECRET_PATH = re.compile(r"(/accounts/password/reset/)[^/]+/[^/]+/")
_QUIET_PREFIXES = ("/static/", "/healthz", "/livez", "/favicon")


def loggable_path(path: str) -> str:
    """The request path as it may appear in a log: reset tokens replaced, no query string."""
    return _SECRET_PATH.sub(r"\1<redacted>/", path)


class RequestLogMiddleware:
    """method path status duration user — one line per request that is worth keeping.

    Static files and health checks are left out; query strings and reset tokens never appear.
    Errors are logged with their traceback by Django's own django.request logger.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        if not request.path.startswith(_QUIET_PREFIXES):
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else "-"
            logger.info(
                "%s %s %s %.1fms user=%s%s",
                request.method,
                loggable_path(request.path),
                response.status_code,
                (time.perf_counter() - started) * 1000,
                user_id,
                " htmx" if request.headers.get("HX-Request") else "",
            )
        return response


class SqlCountMiddleware:
    """Counts the SQL statements each request runs and reports them in X-SQL-Count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-SQL-Count"] = str(count)
        return response


# The browser features the app never uses, turned off for its pages and anything they embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PrivatePagesMiddleware:
    """A signed-in person's pages are never stored by the browser or a proxy (on a shared
    computer the back button must not show the previous candidate's results), and no page may
    use the camera, microphone and the like."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
