"""The per-request loads (the session with its user, in one query) behave like Django's own."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import backends
from accounts.backends import AccountBackend
from accounts.models import Session, User
from config.sessions import SessionStore
from tests.factories import PASSWORD, UserFactory

_rename = importlib.import_module("accounts.migrations.0003_sessions_use_account_backend")
_move = importlib.import_module("accounts.migrations.0004_session_with_user")
NEW_BACKEND = "accounts.backends.AccountBackend"


def signed_in_session(user, backend=NEW_BACKEND, expires_in=timedelta(days=1), store=SessionStore):
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    session.model.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return session.session_key


def test_get_user_reads_every_field_like_the_orm(db):
    user = UserFactory(esl_extra_time=True, first_name="Ada")
    loaded = AccountBackend().get_user(user.pk)
    expected = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded.date_joined.tzinfo is not None
    assert loaded.esl_extra_time is True


def test_get_user_refuses_missing_and_inactive_users(db):
    inactive = UserFactory(is_active=False)
    assert AccountBackend().get_user(inactive.pk) is None
    assert AccountBackend().get_user(inactive.pk + 1000) is None


def test_the_session_row_knows_its_user_and_forgets_it_on_sign_out(client, db, password):
    user = UserFactory()
    client.post(reverse("login"), {"username": user.username, "password": password})
    key = client.cookies["sessionid"].value
    assert Session.objects.get(session_key=key).user_id == user.pk
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_the_session_and_its_user_are_one_query(client, db, django_assert_num_queries):
    user = UserFactory()
    client.cookies["sessionid"] = signed_in_session(user)
    with django_assert_num_queries(1):  # the account page needs nothing else
        response = client.get(reverse("account"))
    assert response.status_code == 200
    assert user.username in response.content.decode()


def test_a_handed_over_user_is_used_once_and_only_for_its_own_id(db, django_assert_num_queries):
    user, other = UserFactory(), UserFactory()
    backends.hand_over(user)
    with django_assert_num_queries(1):  # not this user: read as usual
        assert AccountBackend().get_user(other.pk) == other
    backends.hand_over(user)
    with django_assert_num_queries(0):
        assert AccountBackend().get_user(user.pk) is user
    with django_assert_num_queries(1):  # used up
        assert AccountBackend().get_user(user.pk) == user


def test_a_user_deactivated_since_sign_in_is_signed_out(client, db):
    user = UserFactory()
    client.cookies["sessionid"] = signed_in_session(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert user.username not in client.get(reverse("home")).content.decode()


def test_a_password_change_elsewhere_signs_this_session_out(client, db):
    user = UserFactory()
    client.cookies["sessionid"] = signed_in_session(user)
    assert user.username in client.get(reverse("home")).content.decode()
    user.set_password(PASSWORD + "-changed")
    user.save()
    assert user.username not in client.get(reverse("home")).content.decode()


def test_session_load_skips_expired_and_unknown_sessions(db):
    user = UserFactory()
    live = signed_in_session(user)
    expired = signed_in_session(user, expires_in=timedelta(seconds=-1))
    assert SessionStore(live).load()[SESSION_KEY] == str(user.pk)
    for key in (expired, "x" * 32):
        store = SessionStore(key)
        assert store.load() == {}
        assert store.session_key is None  # a fresh key is made on save, as Django does


@pytest.mark.django_db(transaction=True)
def test_sessions_from_before_the_upgrade_stay_signed_in(client):
    """0003 renames ModelBackend in Django's session table; 0004 moves the sessions across."""
    user = UserFactory()
    key = signed_in_session(user, _rename.OLD, store=DjangoSessionStore)

    schema_editor = SimpleNamespace(connection=connection)
    _rename.forwards(django_apps, schema_editor)
    _move.move_sessions_in(django_apps, schema_editor)
    assert not DjangoSession.objects.exists()
    assert Session.objects.get(session_key=key).user_id == user.pk
    client.cookies["sessionid"] = key
    assert user.username in client.get(reverse("home")).content.decode()

    _move.move_sessions_out(django_apps, schema_editor)
    _rename.backwards(django_apps, schema_editor)
    assert DjangoSessionStore(key).load()[BACKEND_SESSION_KEY] == _rename.OLD
