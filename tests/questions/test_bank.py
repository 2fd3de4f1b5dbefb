"""The shipped question bank: the counts the issues promise, and a lint that keeps it honest."""

import dataclasses
import itertools
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from questions import lint
from questions.apportionment import apportion
from questions.aws_services import CANONICAL_SERVICES
from questions.importing import parse_files

BANK = Path(__file__).resolve().parents[2] / "questions" / "bank"
DOP_WEIGHTS = {1: 22, 2: 17, 3: 15, 4: 15, 5: 14, 6: 17}
EXPECTED_PER_DOMAIN = {1: 51, 2: 39, 3: 33, 4: 33, 5: 30, 6: 39}  # three full mocks each
DOC_HOSTS = {"docs.aws.amazon.com", "aws.amazon.com"}
CHOOSE_WORDS = {2: "TWO", 3: "THREE"}


@pytest.fixture(scope="module")
def bank():
    result = parse_files([BANK])
    assert result.errors == [], "\n".join(map(str, result.errors))
    return result.questions


def domain_of(question) -> int:
    return int(question.task.split(".")[0])


def test_domain_counts_fill_three_full_mocks(bank):
    counts = Counter(domain_of(q) for q in bank)
    assert dict(sorted(counts.items())) == EXPECTED_PER_DOMAIN
    quotas = apportion(75, DOP_WEIGHTS)
    assert all(counts[d] == 3 * quotas[d] for d in quotas)


def test_every_task_statement_has_at_least_eight_questions(bank):
    counts = Counter(q.task for q in bank)
    expected_tasks = {
        f"{d}.{t}" for d, n in {1: 4, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3}.items() for t in range(1, n + 1)
    }
    assert set(counts) == expected_tasks
    thin = {task: n for task, n in counts.items() if n < 8}
    assert thin == {}


def test_a_fifth_to_a_quarter_of_each_domain_is_multiple_response(bank):
    for domain, questions in itertools.groupby(sorted(bank, key=domain_of), key=domain_of):
        questions = list(questions)
        share = sum(q.type == "multiple" for q in questions) / len(questions)
        assert 0.20 <= share <= 0.25, f"domain {domain}: {share:.0%} multiple response"


def test_every_question_is_published_and_complete(bank):
    for q in bank:
        assert q.status == "published", q.external_id
        assert q.explanation and len(q.explanation.split()) >= 20, q.external_id
        assert all(c.rationale for c in q.choices), q.external_id
        assert 1 <= len(q.references) <= 3, q.external_id
        assert q.services, q.external_id


def test_option_counts_follow_the_exam_format(bank):
    for q in bank:
        if q.type == "single":
            assert len(q.choices) == 4, q.external_id
        else:
            assert (q.choose, len(q.choices)) in {(2, 5), (3, 6)}, q.external_id
            assert f"(Choose {CHOOSE_WORDS[q.choose]}.)" in q.stem, q.external_id
            assert sum(c.correct for c in q.choices) == q.choose, q.external_id


def test_references_are_https_aws_documentation(bank):
    for q in bank:
        for reference in q.references:
            parts = urlsplit(reference.url)
            assert parts.scheme == "https", (q.external_id, reference.url)
            assert parts.netloc in DOC_HOSTS, (q.external_id, reference.url)
            assert "#" not in reference.url, f"{q.external_id}: no deep anchors"


def test_service_tags_are_canonical(bank):
    unknown = {s for q in bank for s in q.services} - set(CANONICAL_SERVICES)
    assert unknown == set()


def test_ids_are_unique_and_prefixed_by_domain(bank):
    ids = [q.external_id for q in bank]
    assert len(ids) == len(set(ids))
    for q in bank:
        assert q.external_id.startswith(f"d{domain_of(q)}-"), q.external_id


def test_the_lint_passes_on_the_published_bank(bank):
    """No answer-length cue, no key much longer than its distractors, no near-duplicate stems."""
    report = lint.lint(q for q in bank if q.status == "published")
    assert report.longest_option_score <= lint.LONGEST_OPTION_LIMIT, report.lines()
    assert report.long_keys == []
    assert report.near_duplicates == []
    assert report.passed


def test_the_near_duplicate_check_catches_a_reworded_copy(bank):
    """The lint above must be able to fail: a lightly edited copy of a stem is flagged."""
    original = bank[0]
    edited = original.stem.replace("A ", "One ", 1).replace("team", "group", 1)
    copy = dataclasses.replace(original, external_id="copy", stem=edited)
    assert [(a, b) for _, a, b in lint.near_duplicates([original, copy])] == [
        (original.external_id, "copy")
    ]


def test_the_length_cue_check_catches_a_bank_whose_key_is_the_longest(bank):
    """And the score check fails on a bank where the key is always the longest option."""
    padded = [
        dataclasses.replace(
            q,
            choices=tuple(
                dataclasses.replace(c, text=c.text + " in every case" * 20) if c.correct else c
                for c in q.choices
            ),
        )
        for q in bank
    ]
    report = lint.lint(padded)
    assert report.longest_option_score == 1.0
    assert len(report.long_keys) == len(bank)
    assert not report.passed


def assemble_distinct_mocks(bank, domains: set[int], mocks: int) -> list[list[str]]:
    """Draw `mocks` full-mock shares of `domains` with no question used twice.

    Within a domain, questions are taken round-robin across task statements, as the exam
    assembly spreads them, so every mock sees every task statement where it can.
    """
    quotas = apportion(75, DOP_WEIGHTS)
    pools: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for q in sorted(bank, key=lambda q: q.external_id):
        if domain_of(q) in domains:
            pools[domain_of(q)][q.task].append(q.external_id)
    drawn: list[list[str]] = []
    for _ in range(mocks):
        exam: list[str] = []
        for domain in sorted(domains):
            tasks = pools[domain]
            picked = 0
            while picked < quotas[domain]:
                progress = False
                for task in sorted(tasks, key=lambda t: -len(tasks[t])):
                    if picked < quotas[domain] and tasks[task]:
                        exam.append(tasks[task].pop())
                        picked += 1
                        progress = True
                assert progress, f"domain {domain} ran out of questions"
        drawn.append(exam)
    return drawn


def test_domains_1_to_3_fill_three_distinct_mocks(bank):
    drawn = assemble_distinct_mocks(bank, {1, 2, 3}, 3)
    assert [len(exam) for exam in drawn] == [17 + 13 + 11] * 3
    assert len({qid for exam in drawn for qid in exam}) == 3 * 41


def test_whole_bank_fills_three_distinct_full_mocks(bank):
    drawn = assemble_distinct_mocks(bank, {1, 2, 3, 4, 5, 6}, 3)
    assert [len(exam) for exam in drawn] == [75, 75, 75]
    assert len({qid for exam in drawn for qid in exam}) == 225
    by_id = {q.external_id: q for q in bank}
    for exam in drawn:
        split = Counter(domain_of(by_id[qid]) for qid in exam)
        assert dict(sorted(split.items())) == {1: 17, 2: 13, 3: 11, 4: 11, 5: 10, 6: 13}
        tasks = {by_id[qid].task for qid in exam}
        assert len(tasks) == 19, "every task statement appears in every mock"


@pytest.mark.django_db
def test_bank_report_shows_the_counts(guide, capsys):
    import json

    from django.core.management import call_command

    call_command("import_questions", str(BANK))
    capsys.readouterr()
    call_command("bank_report", "--json")
    (report,) = json.loads(capsys.readouterr().out)
    assert {d["number"]: d["published"] for d in report["domains"]} == EXPECTED_PER_DOMAIN
    assert report["full_mocks"] == 3
    assert report["lint"]["passed"] is True
    assert report["lint"]["longest_option_score"] <= 0.30
    assert sum(report["lint"]["difficulty"].values()) == 225
