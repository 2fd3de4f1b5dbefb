"""The exam screens over HTTP: pages, fragments, refusals, leakage and SQL counts."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from exams.models import Attempt, AttemptItem, Blueprint
from tests.factories import UserFactory, positions

HTMX = {"HTTP_HX_REQUEST": "true"}


def q_url(attempt, slot):
    return reverse("attempt_question", args=[attempt.pk, slot])


def answer_url(attempt, slot):
    return reverse("attempt_answer", args=[attempt.pk, slot])


@pytest.fixture
def client_in(client, attempt):
    client.force_login(attempt.user)
    return client


def events(response) -> dict:
    """The named client events a reply triggers (django-htmx's HX-Trigger header)."""
    return json.loads(response["HX-Trigger"])


def post_answer(client, attempt, slot, keys, version=None, htmx=True, **extra):
    """Answer as the page does: the chosen options' shown positions, not their keys."""
    item = attempt.items.get(slot=slot)
    version = item.version if version is None else version
    data = {"version": version, "choice": positions(item, keys), **extra}
    return client.post(answer_url(attempt, slot), data, **(HTMX if htmx else {}))


def test_dashboard_offers_blueprints_and_starts_an_exam(client, user, quick, bank):
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert "DOP-C02 full mock" in page and "Quick practice" in page
    response = client.post(reverse("exam_start", args=[quick.pk]), follow=True)
    attempt = Attempt.objects.get(user=user)
    assert response.redirect_chain[-1][0] == q_url(attempt, 1)
    page = response.content.decode()
    assert "Question 1" in page and "of 20" in page
    assert 'data-seconds-left="' in page
    resumed = client.get(reverse("home")).content.decode()
    assert "In progress" in resumed and reverse("attempt_resume", args=[attempt.pk]) in resumed


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_a_blueprint_not_listed_cannot_be_started_by_a_candidate(
    client, user, staff, quick, bank, status
):
    Blueprint.objects.filter(pk=quick.pk).update(status=status)
    client.force_login(user)
    assert "Quick practice" not in client.get(reverse("home")).content.decode()
    assert client.post(reverse("exam_start", args=[quick.pk])).status_code == 404
    assert not Attempt.objects.exists()
    client.force_login(staff)
    staff_page = client.get(reverse("home")).content.decode()
    assert ("Quick practice" in staff_page) is (status == "draft")
    assert client.post(reverse("exam_start", args=[quick.pk])).status_code == (
        302 if status == "draft" else 404
    )


def test_start_with_a_thin_bank_shows_the_shortfall(client, user, quick, guide):
    client.force_login(user)
    response = client.post(reverse("exam_start", args=[quick.pk]), follow=True)
    assert "cannot start yet" in response.content.decode()
    assert "Domain 1 (SDLC Automation) needs 5 published questions" in response.content.decode()
    assert not Attempt.objects.exists()


def test_question_page_shows_the_question_and_the_navigator(client_in, attempt):
    response = client_in.get(q_url(attempt, 3))
    page = response.content.decode()
    item = attempt.items.get(slot=3)
    assert response.status_code == 200
    assert item.stem_html in page
    assert page.count('class="nav-cell') == 20
    assert 'aria-current="page"' in page
    assert "HX-Trigger" not in response  # a full page carries its clock in the exam bar
    assert 29 * 60 < int(re.search(r'data-seconds-left="(\d+)"', page).group(1)) <= 30 * 60
    assert {"no-store", "private"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def test_htmx_navigation_gets_only_the_panel(client_in, attempt):
    response = client_in.get(q_url(attempt, 2), **HTMX)
    page = response.content.decode()
    assert "<html" not in page and 'id="answer-form"' in page and "nav-grid" in page
    assert 29 * 60 < events(response)["exam:clock"]["secondsLeft"] <= 30 * 60


def test_saving_by_htmx_returns_status_version_and_navigator_cell(client_in, attempt):
    item = attempt.items.get(slot=1)
    response = post_answer(client_in, attempt, 1, [item.choices[0]["key"]])
    page = response.content.decode()
    assert response.status_code == 200
    assertInHTML(
        '<span id="save-status" class="save-status is-saved" role="status" aria-live="polite">'
        "Saved</span>",
        page,
    )
    assertInHTML(
        '<input type="hidden" name="version" value="1" id="answer-version" hx-swap-oob="true">',
        page,
    )
    assertInHTML(
        f'<a id="nav-1" href="{q_url(attempt, 1)}" class="nav-cell is-answered is-current" '
        'aria-current="page" aria-label="Question 1, answered" hx-swap-oob="true">1</a>',
        page,
    )
    assert "1 of 20 answered" in page
    assert "secondsLeft" in events(response)["exam:clock"]


def test_saving_without_javascript_moves_to_the_next_question(client_in, attempt):
    item = attempt.items.get(slot=1)
    response = post_answer(client_in, attempt, 1, [item.choices[0]["key"]], htmx=False, go="next")
    assert response["Location"] == q_url(attempt, 2)
    item.refresh_from_db()
    assert item.version == 1


def test_stale_save_is_409_and_says_so(client_in, attempt):
    item = attempt.items.get(slot=1)
    post_answer(client_in, attempt, 1, [item.choices[0]["key"]], version=0)
    response = post_answer(client_in, attempt, 1, [item.choices[1]["key"]], version=0)
    assert response.status_code == 409
    assert "changed elsewhere" in events(response)["exam:stale"]["message"]
    assert "changed elsewhere" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": "abc", "choice": []}, "out of date"),
        ({"choice": []}, "out of date"),
        ({"version": "0", "choice": ["<script>"]}, "does not belong"),
        ({"version": "0", "choice": ["123456789"]}, "does not belong"),
    ],
)
def test_junk_input_is_a_400_with_a_message(client_in, attempt, data, message):
    response = client_in.post(answer_url(attempt, 1), data, **HTMX)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert attempt.items.get(slot=1).version == 0


def test_unknown_slot_is_404(client_in, attempt):
    assert client_in.get(q_url(attempt, 21)).status_code == 404
    assert client_in.post(answer_url(attempt, 99), {"version": 0}, **HTMX).status_code == 404


def test_a_stranger_gets_404_everywhere(client, attempt):
    client.force_login(UserFactory())
    pk = attempt.pk
    for method, url in [
        ("get", q_url(attempt, 1)),
        ("get", reverse("attempt_resume", args=[pk])),
        ("get", reverse("attempt_review", args=[pk])),
        ("get", reverse("attempt_end", args=[pk])),
        ("get", reverse("attempt_result", args=[pk])),
        ("post", answer_url(attempt, 1)),
        ("post", reverse("attempt_flag", args=[pk, 1])),
        ("post", reverse("attempt_end", args=[pk])),
        ("post", reverse("attempt_time_up", args=[pk])),
    ]:
        data = {"version": 0, "flagged": "1"} if method == "post" else None
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.IN_PROGRESS


def test_signed_out_htmx_request_gets_a_clear_401(client, attempt):
    response = client.post(
        answer_url(attempt, 4),
        {"version": 0},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver" + q_url(attempt, 4),
    )
    assert response.status_code == 401
    assert "signed out" in response.content.decode()
    expected_next = f"%2Fexams%2Fattempt%2F{attempt.pk}%2Fq%2F4%2F"
    signed_out = events(response)["exam:signed-out"]
    assert signed_out["loginUrl"] == f"/accounts/login/?next={expected_next}"
    assert "signed out" in signed_out["message"]


def test_signed_out_page_request_goes_to_login_and_back(client, attempt, password):
    response = client.get(q_url(attempt, 4))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    back = client.post(
        response["Location"], {"username": attempt.user.username, "password": password}
    )
    assert back["Location"] == q_url(attempt, 4)


def test_flag_toggle_by_htmx_and_plain_form(client_in, attempt):
    url = reverse("attempt_flag", args=[attempt.pk, 5])
    page = client_in.post(url, {"flagged": "1"}, **HTMX).content.decode()
    assert 'aria-pressed="true"' in page and 'id="nav-5"' in page and "is-flagged" in page
    assert attempt.items.get(slot=5).flagged
    response = client_in.post(url, {"flagged": "0"})
    assert response["Location"] == q_url(attempt, 5)
    assert not attempt.items.get(slot=5).flagged
    assert client_in.post(url, {"flagged": "maybe"}, **HTMX).status_code == 400


def test_flagging_again_through_the_swapped_in_form_passes_the_csrf_check(attempt):
    """htmx sends the token in the header set on <body>; the swapped-in flag form also
    carries its own, so it works whichever way it is posted."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(attempt.user)
    page = client.get(q_url(attempt, 5)).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    url = reverse("attempt_flag", args=[attempt.pk, 5])

    assert client.post(url, {"flagged": "1"}, **HTMX).status_code == 403  # no token, no flag
    reply = client.post(url, {"flagged": "1"}, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert reply.status_code == 200 and 'aria-pressed="true"' in reply.content.decode()
    again = client.post(url, {"flagged": "0"}, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert again.status_code == 200 and not attempt.items.get(slot=5).flagged
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', reply.content.decode())
    by_form = client.post(url, {"flagged": "1", "csrfmiddlewaretoken": form_token.group(1)})
    assert by_form.status_code == 302 and attempt.items.get(slot=5).flagged


def test_review_and_end_pages_count_unanswered_and_flagged(client_in, attempt):
    item = attempt.items.get(slot=2)
    post_answer(client_in, attempt, 2, [item.choices[0]["key"]])
    client_in.post(reverse("attempt_flag", args=[attempt.pk, 7]), {"flagged": "1"}, **HTMX)
    review = client_in.get(reverse("attempt_review", args=[attempt.pk])).content.decode()
    assert "Unanswered (19)" in review and "Flagged for review (1)" in review
    end = client_in.get(reverse("attempt_end", args=[attempt.pk])).content.decode()
    assert "19 unanswered" in end and "1 flagged" in end


def test_ending_the_exam_shows_the_result_and_locks_answers(client_in, attempt):
    response = client_in.post(reverse("attempt_end", args=[attempt.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("attempt_result", args=[attempt.pk])
    page = response.content.decode()
    assert ">Fail<" in page and 'id="scaled-score">100<' in page
    late = post_answer(client_in, attempt, 1, [attempt.items.get(slot=1).choices[0]["key"]])
    assert late.status_code == 409
    assert late["HX-Redirect"] == reverse("attempt_result", args=[attempt.pk])
    assert client_in.get(q_url(attempt, 1))["Location"] == reverse(
        "attempt_result", args=[attempt.pk]
    )


def test_forged_time_up_is_ignored_and_real_one_ends_the_exam(client_in, attempt):
    url = reverse("attempt_time_up", args=[attempt.pk])
    early = client_in.post(url, **HTMX)
    assert early.status_code == 204
    assert events(early)["exam:clock"]["secondsLeft"] > 60
    attempt.refresh_from_db()
    assert attempt.is_in_progress
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now())
    done = client_in.post(url, **HTMX)
    assert done["HX-Redirect"] == reverse("attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED


def test_visiting_an_overdue_attempt_finalises_it(client_in, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    response = client_in.get(q_url(attempt, 1))
    assert response["Location"] == reverse("attempt_result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED


def test_result_of_an_attempt_in_progress_goes_back_to_the_exam(client_in, attempt):
    response = client_in.get(reverse("attempt_result", args=[attempt.pk]))
    assert response["Location"] == reverse("attempt_resume", args=[attempt.pk])


def test_nothing_before_submission_reveals_the_key(client_in, attempt):
    """Every page and fragment of an in-progress attempt, grepped for the key."""
    items = list(attempt.items.all())
    secrets = set()
    for item in items:
        secrets.update(c["rationale"] for c in item.choices)
        secrets.add(item.explanation_html)
        secrets.update(r["url"] for r in item.references)
    pages = []
    for item in items:
        pages.append(client_in.get(q_url(attempt, item.slot)))
        pages.append(client_in.get(q_url(attempt, item.slot), **HTMX))
    first = items[0]
    pages.append(post_answer(client_in, attempt, 1, [first.choices[0]["key"]]))
    pages.append(
        client_in.post(reverse("attempt_flag", args=[attempt.pk, 1]), {"flagged": "1"}, **HTMX)
    )
    pages.append(post_answer(client_in, attempt, 1, [first.choices[1]["key"]], version=0))
    for name in ("attempt_review", "attempt_end"):
        pages.append(client_in.get(reverse(name, args=[attempt.pk])))
    pages.append(client_in.get(reverse("home")))
    for response in pages:
        body = response.content.decode()
        for secret in secrets:
            assert secret not in body
        assert not re.search(r"\bcorrect\b", body, re.IGNORECASE), response.request["PATH_INFO"]
        assert "rationale" not in body.lower()


@pytest.fixture
def full_attempt(client, user, full_mock, bank):
    """A 75-question full mock in progress, its owner signed in."""
    from exams import services

    started, _ = services.attempt_start(user=user, blueprint=full_mock, seed=77)
    client.force_login(user)
    return started


def answer_all_but_last(attempt, answered: int) -> None:
    for item in attempt.items.order_by("slot")[:answered]:
        AttemptItem.objects.filter(pk=item.pk).update(
            selected=[item.choices[0]["key"]], answered_at=timezone.now(), version=1
        )


@pytest.mark.parametrize("answered", [0, 74])
def test_question_page_sql_is_flat(client, full_attempt, answered, django_assert_num_queries):
    answer_all_but_last(full_attempt, answered)
    # the user (the session is cached), the item with its attempt and answered count, the
    # navigator, the time-on-screen UPDATE
    with django_assert_num_queries(4):
        response = client.get(q_url(full_attempt, 75))
    assert f"{answered} of 75 answered" in response.content.decode()


@pytest.mark.parametrize("answered", [0, 74])
def test_save_sql_is_flat(client, full_attempt, answered, django_assert_num_queries):
    answer_all_but_last(full_attempt, answered)
    data = {"version": 0, "choice": [1]}
    # the user (the session is cached), the item with its attempt and answered count, one
    # UPDATE guarded on the version and on the attempt still running (one statement)
    with django_assert_num_queries(3):
        response = client.post(answer_url(full_attempt, 75), data, **HTMX)
    assert f"{answered + 1} of 75 answered" in response.content.decode()


def test_dashboard_finishes_an_overdue_attempt_and_lists_its_score(client_in, attempt):
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    page = client_in.get(reverse("home")).content.decode()
    assert "In progress" not in page
    assert reverse("attempt_result", args=[attempt.pk]) in page
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED


def test_flag_sql_is_pinned(client, full_attempt, django_assert_num_queries):
    url = reverse("attempt_flag", args=[full_attempt.pk, 30])
    # the user (the session is cached), the item with its attempt, one UPDATE guarded on the
    # attempt still running
    with django_assert_num_queries(3):
        response = client.post(url, {"flagged": "1"}, **HTMX)
    assert response.status_code == 200


def test_without_javascript_a_refused_answer_gets_a_page_with_a_way_back(client_in, attempt):
    item = attempt.items.filter(type="single").first()
    response = client_in.post(answer_url(attempt, item.slot), {"version": 0, "choice": [1, 2]})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Choose only one option for this question." in page
    assert f'href="{q_url(attempt, item.slot)}"' in page
    item.refresh_from_db()
    assert item.selected == []
