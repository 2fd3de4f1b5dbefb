"""In a real Chromium: sign up and land on the dashboard."""

import pytest
from playwright.sync_api import expect

from accounts.models import User

pytestmark = pytest.mark.browser


def test_sign_up_and_land_on_the_dashboard(page, live_server):
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rehearse the real exam")
    page.get_by_role("link", name="Create a free account").click()

    page.get_by_label("Username").fill("browser-candidate")
    page.get_by_label("Email").fill("browser@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase-42")
    page.get_by_label("Password confirmation").fill("a-long-unusual-passphrase-42")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, browser-candidate")
    expect(page.get_by_role("heading", name="Your mock exams")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your account is ready")
    assert User.objects.filter(username="browser-candidate").exists()

    # htmx loaded under the strict CSP, and the page raised no CSP or script errors.
    assert page.evaluate("typeof window.htmx") == "object"
    assert console_errors == []


def test_bad_sign_up_shows_the_problem_and_keeps_the_input(page, live_server):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Username").fill("someone")
    page.get_by_label("Email").fill("someone@example.com")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase-42")
    page.get_by_label("Password confirmation").fill("a-different-passphrase-43")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("The two password fields didn’t match.")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("someone")
    assert not User.objects.exists()
