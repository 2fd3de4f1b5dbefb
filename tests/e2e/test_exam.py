"""In a real Chromium: take a mock exam the way a candidate does."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from exams import services
from exams.models import Attempt, AttemptItem, Blueprint
from tests.factories import make_bank

pytestmark = pytest.mark.browser


@pytest.fixture
def quick(blueprints):
    make_bank(per_task=2)
    return blueprints["Quick practice"]


def sign_in(page, live_server, user, password):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def start_quick(page, live_server, user, password) -> Attempt:
    sign_in(page, live_server, user, password)
    row = page.locator(".blueprint-row", has_text="Quick practice")
    row.get_by_role("button", name="Start").click()
    expect(page.locator("#q-heading")).to_contain_text("Question 1")
    script_ready(page)
    return Attempt.objects.get(user=user)


def script_ready(page):
    """The exam script has run (it marks <html class="js">) and its listeners are in place."""
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))


def goto_slot(page, slot: int):
    page.locator(f"#nav-{slot}").click()
    expect(page.locator("#q-heading")).to_contain_text(f"Question {slot} ")


def option(page, n: int):
    return page.locator("#answer-form .choice").nth(n)


def saved(page, slot: int, answered: int | None = None):
    """Wait for the server's reply to a save: the slot's navigator cell turns answered."""
    expect(page.locator(f"#nav-{slot}")).to_have_class(re.compile("is-answered"))
    if answered is not None:
        expect(page.locator("#answered-count")).to_have_text(f"{answered} of 20 answered")
    expect(page.locator("#save-status")).to_have_text(re.compile("^Saved"))


def test_answer_flag_jump_and_reload_keeps_everything(page, live_server, user, password, quick):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    attempt = start_quick(page, live_server, user, password)
    single = attempt.items.filter(type="single").order_by("slot").first()
    multiple = attempt.items.filter(type="multiple").order_by("slot").first()

    goto_slot(page, single.slot)
    option(page, 2).click()
    saved(page, single.slot, answered=1)
    expect(page.locator(f"#nav-{single.slot}")).to_have_class(re.compile("is-answered"))

    goto_slot(page, multiple.slot)
    expect(
        page.get_by_text(f"Choose {['', '', 'TWO', 'THREE'][multiple.choose]}.", exact=True)
    ).to_be_visible()
    for n in range(multiple.choose):
        option(page, n).click()
        expect(page.locator("#answer-version")).to_have_value(str(n + 1))
    saved(page, multiple.slot, answered=2)
    extra = page.locator("#answer-form input[name=choice]").nth(multiple.choose)
    expect(extra).to_be_disabled()
    expect(page.locator("#limit-hint")).to_be_visible()
    # Flag, unflag and flag again: the second and third go through the form the first swapped
    # in, which leaves the CSRF token to htmx's header.
    for pressed in ("true", "false", "true"):
        page.locator("#flag-button").click()
        expect(page.locator("#flag-button")).to_have_attribute("aria-pressed", pressed)
    expect(page.locator(f"#nav-{multiple.slot}")).to_have_class(re.compile("is-flagged"))

    page.reload()
    expect(page.locator("#q-heading")).to_contain_text(f"Question {multiple.slot} ")
    script_ready(page)
    checked = page.locator("#answer-form input[name=choice]:checked")
    expect(checked).to_have_count(multiple.choose)
    expect(page.locator("#flag-button")).to_have_attribute("aria-pressed", "true")
    goto_slot(page, single.slot)
    expect(page.locator("#answer-form input[name=choice]").nth(2)).to_be_checked()
    expect(page.locator("#answered-count")).to_have_text("2 of 20 answered")

    page.get_by_role("link", name="Review unanswered and flagged").click()
    expect(page.get_by_role("heading", name="Unanswered (18)")).to_be_visible()
    expect(page.get_by_role("heading", name="Flagged for review (1)")).to_be_visible()

    stored = {i.slot: i for i in AttemptItem.objects.filter(attempt=attempt)}
    assert stored[single.slot].selected == [single.choices[2]["key"]]
    assert len(stored[multiple.slot].selected) == multiple.choose
    assert stored[multiple.slot].flagged
    assert errors == []


def test_network_cut_shows_not_saved_then_recovers(page, live_server, user, password, quick):
    attempt = start_quick(page, live_server, user, password)
    blocked = {"on": True}

    def maybe_abort(route):
        if blocked["on"]:
            route.abort()
        else:
            route.continue_()

    page.route("**/answer/", maybe_abort)
    option(page, 0).click()
    expect(page.locator("#save-status")).to_contain_text("Not saved — retrying")
    assert AttemptItem.objects.get(attempt=attempt, slot=1).selected == []
    blocked["on"] = False
    expect(page.locator("#save-status")).to_have_text("Saved — connection restored", timeout=8000)
    assert AttemptItem.objects.get(attempt=attempt, slot=1).selected != []


def test_keyboard_only_answering(page, live_server, user, password, quick):
    attempt = start_quick(page, live_server, user, password)
    page.keyboard.press("1")
    saved(page, 1, answered=1)
    page.keyboard.press("f")
    expect(page.locator("#flag-button")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("n")
    expect(page.locator("#q-heading")).to_contain_text("Question 2 ")
    page.keyboard.press("2")
    saved(page, 2, answered=2)
    page.keyboard.press("p")
    expect(page.locator("#q-heading")).to_contain_text("Question 1 ")
    items = {i.slot: i for i in attempt.items.filter(slot__in=[1, 2])}
    assert items[1].selected == [items[1].choices[0]["key"]] and items[1].flagged
    assert items[2].selected == [items[2].choices[1]["key"]]


def test_a_stale_tab_is_told_and_shows_the_newer_answer(page, live_server, user, password, quick):
    attempt = start_quick(page, live_server, user, password)
    other = page.context.new_page()
    other.goto(page.url)
    script_ready(other)
    option(page, 0).click()
    saved(page, 1)
    option(other, 1).click()
    expect(other.locator("#exam-alert")).to_contain_text("changed elsewhere")
    expect(other.locator("#answer-form input[name=choice]").nth(0)).to_be_checked()
    item = attempt.items.get(slot=1)
    assert item.selected == [item.choices[0]["key"]]


def test_signed_out_mid_exam_signs_back_in_to_the_same_question(
    page, live_server, user, password, quick
):
    start_quick(page, live_server, user, password)
    goto_slot(page, 4)
    session = [c for c in page.context.cookies() if c["name"] == "sessionid"]
    page.context.clear_cookies(name="sessionid")  # the session expired; the CSRF cookie stays
    assert session
    option(page, 0).click()
    alert = page.locator("#exam-alert")
    expect(alert).to_contain_text("You were signed out")
    alert.get_by_role("link", name="Sign in to continue").click()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#q-heading")).to_contain_text("Question 4 ")


def test_end_exam_states_what_is_left_and_shows_the_result(
    page, live_server, user, password, quick
):
    attempt = start_quick(page, live_server, user, password)
    option(page, 0).click()
    saved(page, 1)
    page.get_by_role("link", name="End exam").click()
    expect(page.locator("#end-summary")).to_contain_text("19 unanswered")
    page.get_by_role("button", name="End exam and see my score").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fail")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED


def test_time_running_out_submits_the_exam(page, live_server, user, password, quick):
    sign_in(page, live_server, user, password)
    attempt, _ = services.attempt_start(user=user, blueprint=quick)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page.goto(f"{live_server.url}/exams/attempt/{attempt.pk}/q/1/")
    script_ready(page)
    option(page, 0).click()
    saved(page, 1)
    expect(page).to_have_url(re.compile(r"/result/$"), timeout=15000)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert attempt.items.get(slot=1).selected != []


def clear_of_the_exam_bar(page, selector: str) -> None:
    """`selector` is on screen, wholly below the sticky exam bar."""
    bar = page.locator("#exam-bar").bounding_box()
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    assert box["y"] >= bar["y"] + bar["height"] - 1, (selector, box, bar)
    assert box["y"] + box["height"] <= viewport["height"], (selector, box, viewport)


def test_after_a_jump_or_next_the_question_starts_below_the_exam_bar(
    page, live_server, user, password, quick
):
    long_stem = "<p>" + "A long scenario sentence about pipelines and accounts. " * 60 + "</p>"
    attempt = start_quick(page, live_server, user, password)
    AttemptItem.objects.filter(attempt=attempt).update(stem_html=long_stem)
    page.set_viewport_size({"width": 900, "height": 600})
    page.reload()
    script_ready(page)
    for slot in (7, 12, 3):  # jumps from the navigator, each after scrolling to the bottom
        page.mouse.wheel(0, 5000)
        goto_slot(page, slot)
        for selector in ("#q-heading", "#answered-count", "#flag-button"):
            clear_of_the_exam_bar(page, selector)
    page.mouse.wheel(0, 5000)
    page.locator("#next-link").click()
    expect(page.locator("#q-heading")).to_contain_text("Question 4 ")
    for selector in ("#q-heading", "#answered-count", "#flag-button"):
        clear_of_the_exam_bar(page, selector)


def test_a_draft_blueprint_is_offered_to_staff_only(
    page, live_server, user, staff, password, quick
):
    draft = Blueprint.objects.create(
        guide=quick.guide, name="Networking drill", question_count=5, duration_minutes=1
    )
    assert draft.status == Blueprint.Status.DRAFT
    sign_in(page, live_server, user, password)
    expect(page.locator(".blueprint-row", has_text="Quick practice")).to_be_visible()
    expect(page.locator(".blueprint-row", has_text="Networking drill")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, live_server, staff, password)
    row = page.locator(".blueprint-row", has_text="Networking drill")
    expect(row).to_contain_text("Draft: staff only")
    expect(row).to_contain_text("5 questions · 1 minute · pass at 750")
    row.get_by_role("button", name="Start").click()
    expect(page.locator("#q-heading")).to_contain_text("Question 1 of 5")
