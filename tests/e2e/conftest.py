"""Browser tests drive Debian's Chromium through Playwright; they never download a browser."""

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop running; Django must allow ORM calls beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _require_chromium() -> None:
    """Skip browser tests without Chromium, unless REQUIRE_BROWSER=1 makes that a failure."""
    if CHROMIUM:
        return
    reason = "Chromium is not installed (Debian: apt-get install chromium)"
    if REQUIRE_BROWSER:
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}.")
    pytest.skip(f"{reason}; browser tests skipped.")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Checked here, before Playwright launches anything: an autouse function fixture would run
    # after the session-scoped browser, which then fails looking for a downloaded browser.
    _require_chromium()
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def page(page, live_server):
    """A Playwright page with short timeouts, so a broken page fails fast and clearly."""
    page.set_default_timeout(10_000)
    return page
