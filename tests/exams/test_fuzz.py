"""Generated hostile input to every POST endpoint and the filtered pages: never a 5xx, and
nothing of another candidate's changes (property-based, with hypothesis)."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from exams import services
from exams.models import Attempt, AttemptItem
from tests.factories import UserFactory

HOSTILE_TEXT = st.one_of(
    st.sampled_from(["", "0", "-1", "²", "⑦", "1e3", " 1", "9" * 30, "\x00", "<script>", "1.4"]),
    st.text(max_size=40),
    st.text(min_size=300, max_size=2000),
)
# Real attempts most of the time, so requests get past the URL and the ownership check.
IDS = st.one_of(
    st.sampled_from(["own", "own", "own-finished", "own-finished", "other"]),
    st.sampled_from([str(2**63), str(2**64), "0", "9" * 19, "1" * 18]),
    st.integers(min_value=0, max_value=10**18).map(str),
)
VALUES = st.lists(HOSTILE_TEXT, min_size=1, max_size=4)
FORM = st.fixed_dictionaries(
    {"version": st.one_of(st.just(["0"]), VALUES)},
    optional={
        name: st.one_of(st.sampled_from([["1"], ["0"], ["1", "2"]]), VALUES)
        for name in ("choice", "flagged", "go", "username", "password", "email")
    },
)
POSTS = [
    "/exams/attempt/{a}/q/{s}/answer/",
    "/exams/attempt/{a}/q/{s}/flag/",
    "/exams/attempt/{a}/end/",
    "/exams/attempt/{a}/time-up/",
    "/exams/start/{a}/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/account/",
]
GETS = ["/exams/attempt/{a}/answers/", "/exams/attempt/{a}/answers/{s}/"]
FILTER = st.dictionaries(st.sampled_from(["show", "domain", "task"]), HOSTILE_TEXT, max_size=3)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def snapshot(user) -> list:
    """Everything of `user`'s that another candidate must never be able to change."""
    attempts = list(Attempt.objects.filter(user=user).order_by("pk").values())
    items = list(AttemptItem.objects.filter(attempt__user=user).order_by("pk").values())
    return [type(user).objects.filter(pk=user.pk).values().get(), attempts, items]


@pytest.fixture
def world(client, user, quick, full_mock, bank):
    """A signed-in candidate with a running and a finished attempt, and a stranger with one."""
    own, _ = services.attempt_start(user=user, blueprint=quick)
    finished, _ = services.attempt_start(user=user, blueprint=full_mock)
    services.submit(attempt_id=finished.pk, user=user)
    stranger = UserFactory()
    other, _ = services.attempt_start(user=stranger, blueprint=quick)
    client.force_login(user)
    ids = {"own": str(own.pk), "other": str(other.pk), "own-finished": str(finished.pk)}
    return client, ids, stranger


def path(template: str, ids: dict, attempt: str, slot: str) -> str:
    return template.format(a=ids.get(attempt, attempt), s=ids.get(slot, slot))


@FUZZ
@example(POSTS[0], str(2**63), "1", {"version": ["0"]}, True, False)  # the audit's 500s
@example(POSTS[1], "own", str(2**63), {"version": ["0"], "flagged": ["1"]}, True, False)
@given(
    template=st.sampled_from(POSTS),
    attempt=IDS,
    slot=st.one_of(IDS, st.sampled_from(["1", "3"])),
    form=FORM,
    htmx=st.booleans(),
    as_json=st.booleans(),
)
def test_hostile_posts_never_fail_the_server_or_touch_another_candidate(
    world, template, attempt, slot, form, htmx, as_json
):
    client, ids, stranger = world
    before = snapshot(stranger)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = path(template, ids, attempt, slot)
    if as_json:
        response = client.post(url, data=form, content_type="application/json", **headers)
    else:
        response = client.post(url, form, **headers)
    assert response.status_code < 500, (url, form, response.status_code)
    assert snapshot(stranger) == before


@FUZZ
@example(GETS[0], "own-finished", "1", {"domain": "²"})  # the audit's 500s
@example(GETS[1], "own-finished", "1", {"domain": "⑦"})
@example(GETS[1], "own-finished", "2", {"domain": "9" * 5000})
@given(
    template=st.sampled_from(GETS),
    attempt=IDS,
    slot=st.one_of(IDS, st.sampled_from(["1", "2"])),
    query=FILTER,
)
def test_hostile_filters_never_fail_the_server(world, template, attempt, slot, query):
    client, ids, stranger = world
    before = snapshot(stranger)
    response = client.get(path(template, ids, attempt, slot), query)
    assert response.status_code < 500, (template, attempt, slot, query)
    assert snapshot(stranger) == before


def test_a_stranger_guessing_every_attempt_url_changes_nothing(world):
    """The fuzz above sends the signed-in candidate's requests; here the stranger's own
    client aims every POST at the candidate's running attempt."""
    client, ids, stranger = world
    owner = Attempt.objects.get(pk=ids["own"]).user
    before = snapshot(owner)
    intruder = Client()
    intruder.force_login(stranger)
    data = {"version": 0, "choice": 1, "flagged": 1}  # well-formed for every one of them
    for template in POSTS[:4]:
        response = intruder.post(path(template, ids, "own", "1"), data)
        assert response.status_code == 404, template
    assert snapshot(owner) == before
