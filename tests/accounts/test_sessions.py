"""Sessions and sign-in are Django's own; people signed in before the move stay signed in."""

from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory

BEFORE = [("accounts", "0004_session_with_user")]
AFTER = [("accounts", "0005_sessions_back_to_django")]
RETIRED_BACKEND = "accounts.backends.AccountBackend"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in_data(user, backend: str) -> dict:
    return {
        SESSION_KEY: str(user.pk),
        BACKEND_SESSION_KEY: backend,
        HASH_SESSION_KEY: user.get_session_auth_hash(),
    }


def test_a_signed_in_request_reads_the_session_from_the_cache(
    client, db, password, django_assert_num_queries
):
    user = UserFactory()
    client.post(reverse("login"), {"username": user.username, "password": password})
    assert Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()
    with django_assert_num_queries(1):  # the user; the session comes from the cache
        response = client.get(reverse("account"))
    assert user.username in response.content.decode()


def test_sign_out_ends_the_session_in_the_database_and_the_cache(client, db, password):
    user = UserFactory()
    client.post(reverse("login"), {"username": user.username, "password": password})
    key = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert SessionStore(key).load() == {}
    client.cookies["sessionid"] = key  # a copied cookie is worth nothing now
    assert user.username not in client.get(reverse("home")).content.decode()


def test_a_password_change_elsewhere_signs_this_session_out(client, db):
    user = UserFactory()
    client.force_login(user)
    assert user.username in client.get(reverse("home")).content.decode()
    user.set_password(PASSWORD + "-changed")
    user.save()
    assert user.username not in client.get(reverse("home")).content.decode()


def test_a_user_deactivated_since_sign_in_is_signed_out(client, db):
    user = UserFactory()
    client.force_login(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert user.username not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_sessions_from_before_the_move_stay_signed_in_and_move_back(client):
    """0005 moves live sessions from accounts_session to django_session, backend renamed."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldSession = executor.loader.project_state(BEFORE).apps.get_model("accounts", "Session")
    user = UserFactory()
    store = SessionStore()
    OldSession.objects.create(
        session_key="live" * 8,
        session_data=store.encode(signed_in_data(user, RETIRED_BACKEND)),
        expire_date=timezone.now() + timedelta(days=1),
        user_id=user.pk,
    )
    OldSession.objects.create(
        session_key="dead" * 8,
        session_data=store.encode(signed_in_data(user, RETIRED_BACKEND)),
        expire_date=timezone.now() - timedelta(seconds=1),
        user_id=user.pk,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live" * 8]
    assert SessionStore("live" * 8).load()[BACKEND_SESSION_KEY] == MODEL_BACKEND
    client.cookies["sessionid"] = "live" * 8
    assert user.username in client.get(reverse("home")).content.decode()

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldSession = executor.loader.project_state(BEFORE).apps.get_model("accounts", "Session")
    moved_back = OldSession.objects.get(session_key="live" * 8)
    assert store.decode(moved_back.session_data)[BACKEND_SESSION_KEY] == RETIRED_BACKEND
    MigrationExecutor(connection).migrate(AFTER)
