"""The hand-written per-request loads (session, user) behave exactly like Django's own."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

from django.apps import apps as django_apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.backends import AccountBackend
from accounts.models import User
from config.sessions import SessionStore
from tests.factories import UserFactory

_migration = importlib.import_module("accounts.migrations.0003_sessions_use_account_backend")


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


def signed_in_session(user, backend: str, expires_in=timedelta(days=1)) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return store.session_key


def test_session_load_skips_expired_and_unknown_sessions(db):
    user = UserFactory()
    live = signed_in_session(user, _migration.NEW)
    expired = signed_in_session(user, _migration.NEW, expires_in=timedelta(seconds=-1))
    assert SessionStore(live).load()[SESSION_KEY] == str(user.pk)
    for key in (expired, "x" * 32):
        store = SessionStore(key)
        assert store.load() == {}
        assert store.session_key is None  # a fresh key is made on save, as Django does


def test_sessions_from_before_account_backend_stay_signed_in(client, db):
    user = UserFactory()
    key = signed_in_session(user, _migration.OLD)
    client.cookies["sessionid"] = key
    assert user.username not in client.get(reverse("home")).content.decode()

    schema_editor = SimpleNamespace(connection=connection)
    _migration.forwards(django_apps, schema_editor)
    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == _migration.NEW
    assert user.username in client.get(reverse("home")).content.decode()

    _migration.backwards(django_apps, schema_editor)
    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == _migration.OLD
