"""Fixtures for exam tests: a bank, blueprints, a started attempt."""

import pytest

from exams import services
from exams.models import Blueprint
from tests.factories import make_bank


@pytest.fixture
def full_mock(blueprints) -> Blueprint:
    return blueprints["DOP-C02 full mock"]


@pytest.fixture
def quick(blueprints) -> Blueprint:
    return blueprints["Quick practice"]


@pytest.fixture
def bank(guide):
    """6 questions per task statement (114): enough for a full mock of 75."""
    return make_bank(per_task=6)


@pytest.fixture
def attempt(user, quick, bank):
    """A quick-practice attempt in progress for `user`."""
    started, _ = services.attempt_start(user=user, blueprint=quick, seed=1234)
    return started
