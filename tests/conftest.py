"""Fixtures shared by the whole suite."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache

from questions.models import ExamGuide
from tests.factories import PASSWORD, UserFactory

_seed = importlib.import_module("questions.migrations.0002_seed_dop_c02")
_seed_blueprints = importlib.import_module("exams.migrations.0002_seed_blueprints")


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as it starts with an empty database: the cache
    holds sessions, and a session cached by an earlier test or run must not leak in."""
    cache.clear()


@pytest.fixture
def guide(db) -> ExamGuide:
    """The DOP-C02 guide from the data migration (re-seeded if a transactional test flushed it)."""
    _seed.create_guide(django_apps, None)
    return ExamGuide.objects.get(code="DOP-C02")


@pytest.fixture
def blueprints(guide) -> dict:
    """The seeded blueprints by name (re-seeded if a transactional test flushed them)."""
    from exams.models import Blueprint

    _seed_blueprints.create_blueprints(django_apps, None)
    return {b.name: b for b in Blueprint.objects.all()}


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def candidate_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
