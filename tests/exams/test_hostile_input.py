"""Findings of the outside audit, each pinned: hostile ids and filters get a 4xx, never a 500."""

import re

import pytest
from django.urls import reverse

from exams import services

HTMX = {"HTTP_HX_REQUEST": "true"}
HUGE = str(2**63)  # one more than the largest id a database column holds


@pytest.fixture
def client_in(client, attempt):
    client.force_login(attempt.user)
    return client


@pytest.mark.parametrize(
    "path",
    [
        f"/exams/attempt/{HUGE}/q/1/",
        f"/exams/attempt/{HUGE}/",
        f"/exams/attempt/{HUGE}/result/",
        "/exams/attempt/1/q/" + "9" * 30 + "/",
        f"/exams/start/{HUGE}/",
    ],
)
def test_ids_no_column_can_hold_are_404(client_in, path):
    assert client_in.get(path).status_code == 404


@pytest.mark.parametrize("action", ["answer", "flag"])
def test_posting_to_a_huge_attempt_or_slot_is_404(client_in, attempt, action):
    data = {"version": "0", "flagged": "1"}
    assert client_in.post(f"/exams/attempt/{HUGE}/q/1/{action}/", data, **HTMX).status_code == 404
    big_slot = f"/exams/attempt/{attempt.pk}/q/{HUGE}/{action}/"
    assert client_in.post(big_slot, data, **HTMX).status_code == 404


@pytest.mark.parametrize(
    "query", ["domain=²", "domain=⑦", "domain=" + "9" * 5000, "task=1.²", "task=" + "1." * 3000]
)
def test_review_filters_accept_ascii_numbers_only(client_in, attempt, query):
    services.submit(attempt_id=attempt.pk, user=attempt.user)
    for url in (
        reverse("attempt_answers", args=[attempt.pk]),
        reverse("attempt_answer_detail", args=[attempt.pk, 1]),
    ):
        response = client_in.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert "must" in response.content.decode()


@pytest.mark.parametrize("version", ["²", "-1", "9" * 40, "1e3"])
def test_a_save_with_a_hostile_version_is_400(client_in, attempt, version):
    url = reverse("attempt_answer", args=[attempt.pk, 1])
    response = client_in.post(url, {"version": version, "choice": []}, **HTMX)
    assert response.status_code == 400
    assert "out of date" in response.content.decode()


def test_signed_in_pages_and_the_export_are_never_stored(client_in, attempt):
    question = client_in.get(reverse("attempt_question", args=[attempt.pk, 1]))
    account = client_in.get(reverse("account"))
    home = client_in.get(reverse("home"))
    services.submit(attempt_id=attempt.pk, user=attempt.user)
    pages = [
        question,
        account,
        home,
        client_in.get(reverse("attempt_result", args=[attempt.pk])),
        client_in.get(reverse("attempt_answer_detail", args=[attempt.pk, 1])),
        client_in.get(reverse("attempt_csv", args=[attempt.pk])),
    ]
    for response in pages:
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, response.request["PATH_INFO"]


def test_every_page_turns_off_browser_features_it_never_uses(client, db):
    response = client.get(reverse("home"))
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "Cache-Control" not in response  # the public landing page may be cached


def test_option_values_are_shown_positions_not_ids(client_in, attempt):
    """Sorting database ids recovered the order the author wrote the options in."""
    for item in attempt.items.all():
        page = client_in.get(reverse("attempt_question", args=[attempt.pk, item.slot]))
        values = re.findall(r'name="choice" value="([^"]+)"', page.content.decode())
        assert values == [str(n) for n in range(1, len(item.choices) + 1)]


def test_a_posted_position_is_stored_as_the_option_shown_there(client_in, attempt):
    item = attempt.items.filter(type="single").first()
    url = reverse("attempt_answer", args=[attempt.pk, item.slot])
    assert client_in.post(url, {"version": 0, "choice": ["3"]}, **HTMX).status_code == 200
    item.refresh_from_db()
    assert item.selected == [item.choices[2]["key"]]
    page = client_in.get(reverse("attempt_question", args=[attempt.pk, item.slot])).content
    assert re.search(rb'value="3" checked', page)
    for position in ("0", "9", "²"):
        refused = client_in.post(url, {"version": 1, "choice": [position]}, **HTMX)
        assert refused.status_code == 400
