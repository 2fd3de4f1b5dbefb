"""The authoring rules shared by the admin and the importer."""

import pytest

from questions import rules


@pytest.mark.parametrize(
    ("question_type", "choose", "flags", "fragment"),
    [
        ("single", None, [True, False, False], "at least 4 choices"),
        ("single", None, [True, True, False, False], "exactly 1 correct"),
        ("single", None, [False, False, False, False], "exactly 1 correct"),
        ("single", 2, [True, False, False, False], "chooses 1"),
        ("multiple", 2, [True, True, False, False], "at least 5 choices"),
        ("multiple", 1, [True, False, False, False, False], "at least 2 correct"),
        ("multiple", 3, [True, True, False, False, False], "must equal the number of correct"),
        ("multiple", 5, [True] * 5, "at least one incorrect"),
        ("essay", None, [True, False, False, False], "Unknown question type"),
    ],
)
def test_invalid_choice_sets_are_explained(question_type, choose, flags, fragment):
    errors = rules.choice_errors(question_type, choose, flags)
    assert any(fragment in error for error in errors), errors


@pytest.mark.parametrize(
    ("question_type", "choose", "flags"),
    [
        ("single", None, [False, True, False, False]),
        ("single", 1, [False, False, False, False, True]),
        ("multiple", 2, [True, False, True, False, False]),
        ("multiple", 3, [True, True, True, False, False, False]),
        ("multiple", None, [True, True, False, False, False]),
    ],
)
def test_valid_choice_sets_pass(question_type, choose, flags):
    assert rules.choice_errors(question_type, choose, flags) == []


@pytest.mark.parametrize(
    "url",
    ["http://docs.aws.amazon.com/x", "javascript:alert(1)", "docs.aws.amazon.com", "https://"],
)
def test_reference_urls_must_be_absolute_https(url):
    assert "https" in rules.reference_url_error(url)


def test_https_reference_url_is_accepted():
    assert rules.reference_url_error("https://docs.aws.amazon.com/codedeploy/latest/") is None


def test_domain_weights_must_sum_to_100():
    assert rules.domain_weight_error([22, 17, 15, 15, 14, 17]) is None
    assert "add up to 99" in rules.domain_weight_error([22, 17, 15, 15, 14, 16])
