"""Every URL × anonymous / owner / other candidate / staff: who gets what.

The test walks the URL resolver, so a new URL without a rule here fails it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from exams import services
from tests.factories import UserFactory

ROLES = ("anonymous", "owner", "other", "staff")
LOGIN = "login"  # a redirect to the sign-in page

# name → (method, data, kind of attempt or None, {role: expected status or LOGIN})
RUNNING, FINISHED = "running", "finished"
NOT_YOURS = {"anonymous": LOGIN, "other": 404, "staff": 404}
RULES = {
    "home": ("get", None, None, dict.fromkeys(ROLES, 200)),
    "healthz": ("get", None, None, dict.fromkeys(ROLES, 200)),
    "livez": ("get", None, None, dict.fromkeys(ROLES, 200)),
    "signup": ("get", None, None, {"anonymous": 200, "owner": 302, "other": 302, "staff": 302}),
    "account": ("get", None, None, {"anonymous": LOGIN, "owner": 200, "other": 200, "staff": 200}),
    "login": ("get", None, None, {"anonymous": 200, "owner": 302, "other": 302, "staff": 302}),
    "logout": ("get", None, None, dict.fromkeys(ROLES, 405)),
    "password_change": (
        "get",
        None,
        None,
        {"anonymous": LOGIN, "owner": 200, "other": 200, "staff": 200},
    ),
    "password_change_done": (
        "get",
        None,
        None,
        {"anonymous": LOGIN, "owner": 200, "other": 200, "staff": 200},
    ),
    "password_reset": ("get", None, None, dict.fromkeys(ROLES, 200)),
    "password_reset_done": ("get", None, None, dict.fromkeys(ROLES, 200)),
    "password_reset_confirm": ("get", None, None, dict.fromkeys(ROLES, 200)),
    "password_reset_complete": ("get", None, None, dict.fromkeys(ROLES, 200)),
    "exam_start": ("get", None, None, dict.fromkeys(ROLES, 405)),
    "attempt_resume": ("get", None, RUNNING, {**NOT_YOURS, "owner": 302}),
    "attempt_question": ("get", None, RUNNING, {**NOT_YOURS, "owner": 200}),
    "attempt_answer": ("post", {"version": 0, "choice": 1}, RUNNING, {**NOT_YOURS, "owner": 302}),
    "attempt_flag": ("post", {"flagged": 1}, RUNNING, {**NOT_YOURS, "owner": 302}),
    "attempt_review": ("get", None, RUNNING, {**NOT_YOURS, "owner": 200}),
    "attempt_end": ("get", None, RUNNING, {**NOT_YOURS, "owner": 200}),
    "attempt_time_up": ("post", {}, RUNNING, {**NOT_YOURS, "owner": 302}),
    "attempt_result": ("get", None, FINISHED, {**NOT_YOURS, "owner": 200}),
    "attempt_csv": ("get", None, FINISHED, {**NOT_YOURS, "owner": 200}),
    "attempt_answers": ("get", None, FINISHED, {**NOT_YOURS, "owner": 302}),
    "attempt_answer_detail": ("get", None, FINISHED, {**NOT_YOURS, "owner": 200}),
}
# The admin is for staff: a candidate is sent to the admin's sign-in like a visitor.
ADMIN_PAGES = ["admin:index", "admin:exams_attempt_changelist", "admin:accounts_user_changelist"]


def named_urls(patterns=None, namespace="") -> set[str]:
    """Every named URL the site serves, outside the admin."""
    names = set()
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            names |= named_urls(entry.url_patterns, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


def test_every_url_has_a_rule():
    assert named_urls() == set(RULES)


def url_for(name: str, attempt_kind, attempts) -> str:
    if name == "password_reset_confirm":
        return reverse(name, args=["MQ", "set-password"])
    if name == "exam_start":
        return reverse(name, args=[attempts[RUNNING].blueprint_id])
    if attempt_kind is None:
        return reverse(name)
    attempt = attempts[attempt_kind]
    slot_urls = {"attempt_question", "attempt_answer", "attempt_flag", "attempt_answer_detail"}
    args = [attempt.pk, 1] if name in slot_urls else [attempt.pk]
    return reverse(name, args=args)


@pytest.fixture
def people(user, staff):
    return {"anonymous": None, "owner": user, "other": UserFactory(), "staff": staff}


@pytest.fixture
def attempts(user, quick, full_mock, bank):
    running, _ = services.attempt_start(user=user, blueprint=quick)
    finished, _ = services.attempt_start(user=user, blueprint=full_mock)
    services.submit(attempt_id=finished.pk, user=user)
    return {RUNNING: running, FINISHED: finished}


@pytest.mark.parametrize("name", sorted(RULES))
def test_who_gets_what(name, people, attempts):
    method, data, kind, expected = RULES[name]
    url = url_for(name, kind, attempts)
    for role in ROLES:
        client = Client()
        if people[role] is not None:
            client.force_login(people[role])
        response = (
            getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        )
        want = expected[role]
        if want == LOGIN:
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith(reverse("login")), (role, url)
        else:
            assert response.status_code == want, (role, url, response.status_code)


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_admin_is_for_staff_only(name, people):
    url = reverse(name)
    for role in ROLES:
        client = Client()
        if people[role] is not None:
            client.force_login(people[role])
        response = client.get(url)
        if role == "staff":
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith(reverse("admin:login")), (role, url)
