"""Sign-in throttling behind a proxy and against guessing from many addresses; reset mail."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, username, password, address="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302


def test_guesses_at_one_account_from_many_addresses_lock_it_and_a_reset_unlocks_it(client):
    owner = UserFactory()
    for n in range(200):
        sign_in(client, owner.username, f"guess-{n}", address=f"10.1.{n % 50}.1")
    refused = sign_in(client, owner.username, PASSWORD, address="192.0.2.7")
    assert not signed_in(refused)
    assert "Reset your password to sign in now" in refused.content.decode()

    client.post(reverse("password_reset"), {"email": owner.email}, REMOTE_ADDR="192.0.2.7")
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/reset/" in line)
    form = client.get(link.strip(), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-passphrase-42", "new_password2": "a-new-passphrase-42"},
    )
    assert signed_in(sign_in(client, owner.username, "a-new-passphrase-42", "192.0.2.7"))


def test_one_guess_at_each_of_many_accounts_from_one_address_is_capped(client):
    victims = UserFactory.create_batch(60)
    for victim in victims:
        sign_in(client, victim.username, "Winter2026!", address="203.0.113.9")
    last = sign_in(client, victims[-1].username, PASSWORD, address="203.0.113.9")
    assert not signed_in(last)
    assert "from your network" in last.content.decode()
    assert signed_in(sign_in(client, victims[-1].username, PASSWORD, address="198.51.100.4"))


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_strangers_typos_do_not_lock_the_owner_out(client):
    owner = UserFactory()
    proxy = "127.0.0.1"
    for _ in range(6):
        sign_in(client, owner.username, "wrong", address=proxy, forwarded="198.51.100.66")
    locked = sign_in(client, owner.username, PASSWORD, address=proxy, forwarded="198.51.100.66")
    assert not signed_in(locked)
    assert signed_in(sign_in(client, owner.username, PASSWORD, proxy, forwarded="192.0.2.10"))


def test_without_a_configured_proxy_the_forwarded_header_is_not_believed(client):
    owner = UserFactory()
    for n in range(6):  # the attacker varies the header; the address stays the same
        sign_in(client, owner.username, "wrong", address="10.9.9.9", forwarded=f"1.2.3.{n}")
    stuck = sign_in(client, owner.username, PASSWORD, address="10.9.9.9", forwarded="5.6.7.8")
    assert not signed_in(stuck)


def test_reset_mail_goes_out_once_per_address_with_the_same_reply_each_time(client):
    owner = UserFactory()
    replies = [
        client.post(reverse("password_reset"), {"email": owner.email}, REMOTE_ADDR="10.2.2.2")
        for _ in range(25)
    ]
    assert len(mail.outbox) == 1
    assert {(r.status_code, r["Location"]) for r in replies} == {
        (302, reverse("password_reset_done"))
    }


def test_reset_requests_from_one_client_for_many_addresses_are_capped(client):
    users = UserFactory.create_batch(15)
    for user in users:
        client.post(reverse("password_reset"), {"email": user.email}, REMOTE_ADDR="10.3.3.3")
    assert len(mail.outbox) == 10
