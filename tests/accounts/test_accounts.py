"""Sign-up, sign-in and out, password change and reset, login throttling, the home page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

User = get_user_model()


def signup_data(**overrides):
    data = {
        "username": "newcandidate",
        "email": "new@example.com",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
    }
    data.update(overrides)
    return data


def test_signup_creates_the_account_and_signs_in(client, db):
    response = client.post(reverse("signup"), signup_data(), follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    user = User.objects.get(username="newcandidate")
    assert user.email == "new@example.com"
    assert not user.is_staff
    page = response.content.decode()
    assert "Welcome, newcandidate" in page
    assert "Your mock exams" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password2": "something-else-entirely-9"}, "The two password fields didn"),
        ({"password1": "123", "password2": "123"}, "This password is too short"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"username": ""}, "This field is required."),
    ],
)
def test_signup_rejects_bad_input_with_400_and_a_message(client, db, overrides, message):
    response = client.post(reverse("signup"), signup_data(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_signup_refuses_an_email_already_in_use(client, db):
    UserFactory(email="Taken@Example.com")
    response = client.post(reverse("signup"), signup_data(email="taken@example.com"))
    assert response.status_code == 400
    assert "An account with this email already exists." in response.content.decode()


def test_signed_in_user_visiting_signup_goes_home(candidate_client):
    assert candidate_client.get(reverse("signup"))["Location"] == reverse("home")


def test_sign_in_and_out(client, user, password):
    response = client.post(
        reverse("login"), {"username": user.username, "password": password}, follow=True
    )
    assert response.context["user"] == user
    response = client.post(reverse("logout"), follow=True)
    assert not response.context["user"].is_authenticated
    assert "Rehearse the real exam" in response.content.decode()


def test_wrong_password_is_explained(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_repeated_failures_lock_only_that_username_from_that_address(client, user, password):
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    locked = client.post(reverse("login"), {"username": user.username, "password": password})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()

    neighbour = UserFactory()  # same classroom NAT, different person
    response = client.post(reverse("login"), {"username": neighbour.username, "password": password})
    assert response.status_code == 302

    elsewhere = client.post(
        reverse("login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR="192.0.2.44",
    )
    assert elsewhere.status_code == 302


def test_password_change(candidate_client, user, password):
    response = candidate_client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "another-long-passphrase-77",
            "new_password2": "another-long-passphrase-77",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase-77")


def test_password_reset_by_email_link(client, user):
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response["Location"] == reverse("password_reset_done")
    (email,) = mail.outbox
    assert email.to == [user.email]
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", email.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a-fresh-passphrase-31", "new_password2": "a-fresh-passphrase-31"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a-fresh-passphrase-31")


def test_password_reset_for_unknown_email_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_home_shows_visitors_the_product(client, db):
    page = client.get(reverse("home")).content.decode()
    assert "Create a free account" in page
    assert "75 questions in 180 minutes" in page


def test_account_page_needs_sign_in(client, db):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_account_page_shows_details(candidate_client, user):
    page = candidate_client.get(reverse("account")).content.decode()
    assert user.email in page


def test_esl_accommodation_is_a_profile_setting(candidate_client, user):
    page = candidate_client.get(reverse("account")).content.decode()
    assert "ESL accommodation (+30 minutes)" in page
    response = candidate_client.post(reverse("account"), {"esl_extra_time": "on"})
    assert response["Location"] == reverse("account")
    user.refresh_from_db()
    assert user.esl_extra_time
    candidate_client.post(reverse("account"), {})
    user.refresh_from_db()
    assert not user.esl_extra_time


def test_an_empty_signup_post_lists_what_is_missing(client, db):
    response = client.post(reverse("signup"), {})
    assert response.status_code == 400
    assert response.content.decode().count("This field is required.") >= 3


def test_a_username_longer_than_any_account_is_refused_without_an_error(client, db):
    """It used to reach the throttling's 255-character column: a 500 on PostgreSQL."""
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "u" * 300, "password": "x"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert not AccessAttempt.objects.filter(username__startswith="uuu").exists()
