"""In a real Chromium: finish a mock, read the report, review a domain, see the trend."""

import re

import pytest
from playwright.sync_api import expect

from exams import services
from exams.models import Attempt
from tests.e2e.test_exam import sign_in
from tests.factories import make_bank, positions

pytestmark = pytest.mark.browser


def finish_quick(user, quick, seed: int, wrong_domain: int) -> Attempt:
    attempt, _ = services.attempt_start(user=user, blueprint=quick, seed=seed)
    for item in attempt.items.all():
        pick = [
            c["key"] for c in item.choices if c["correct"] != (item.domain_number == wrong_domain)
        ]
        services.save_answer(
            attempt_id=attempt.pk,
            user=user,
            slot=item.slot,
            positions=positions(item, pick[: item.choose]),
            version=0,
        )
    return attempt


def test_report_review_and_trend(page, live_server, user, password, blueprints):
    make_bank(per_task=3)
    quick = blueprints["Quick practice"]
    attempt = finish_quick(user, quick, seed=1, wrong_domain=2)
    sign_in(page, live_server, user, password)
    page.goto(f"{live_server.url}/exams/attempt/{attempt.pk}/end/")
    page.get_by_role("button", name="End exam and see my score").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pass")
    expect(page.locator("#scaled-score")).to_have_text("865")  # 17 of 20
    domain2 = page.locator("#domain-2")
    expect(domain2.locator(".verdict-tag").first).to_have_text("Needs improvement")
    expect(page.locator("#domain-1 .verdict-tag").first).to_have_text("Meets competencies")
    domain2.locator("summary").click()
    expect(domain2.locator(".task-row").first).to_be_visible()

    domain2.get_by_role("link", name="Incorrect").first.click()
    expect(page.locator("#review-position")).to_have_text("Incorrect in domain 2, 1 of 3")
    expect(page.locator(".outcome")).to_have_text("Incorrect")
    expect(page.locator(".rationale").first).to_be_visible()
    expect(page.locator(".references a").first).to_have_attribute("target", "_blank")
    page.locator("#review-next").click()
    expect(page.locator("#review-position")).to_have_text("Incorrect in domain 2, 2 of 3")
    page.locator("#review-next").click()
    expect(page.locator("#review-position")).to_have_text("Incorrect in domain 2, 3 of 3")
    expect(page.locator("#review-next")).to_have_count(0)

    second = finish_quick(user, quick, seed=2, wrong_domain=4)
    services.submit(attempt_id=second.pk, user=user)
    page.goto(live_server.url + "/")
    chart = page.locator("#score-trend")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(2)
    expect(page.locator("#domain-trend polyline")).to_have_count(6)
    expect(page.locator("#weakest-domains li").first).to_contain_text(re.compile("Domain [24]"))
