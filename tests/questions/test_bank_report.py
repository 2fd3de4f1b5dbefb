"""manage.py bank_report prints the coverage table, or JSON."""

import json

from django.core.management import call_command

from tests.factories import QuestionFactory


def test_bank_report_table(guide, capsys):
    QuestionFactory.create_batch(3, task="3.3")
    call_command("bank_report")
    out = capsys.readouterr().out
    assert "DOP-C02" in out
    line = next(row for row in out.splitlines() if "Resilient Cloud Solutions" in row)
    assert line.split()[-4:] == ["3", "11", "0", "0"]
    assert "mocks the bank can fill: 0" in out


def test_bank_report_json(guide, capsys):
    QuestionFactory.create_batch(2, task="6.1", type="multiple")
    call_command("bank_report", "--json")
    (report,) = json.loads(capsys.readouterr().out)
    assert report["guide"] == "DOP-C02"
    domain6 = report["domains"][5]
    assert (domain6["published"], domain6["multiple_response"], domain6["quota"]) == (2, 2, 13)
    assert [t["published"] for t in domain6["task_statements"]] == [2, 0, 0]


def test_bank_report_prints_the_lint(guide, capsys):
    QuestionFactory.create_batch(2, task="1.1")
    call_command("bank_report")
    out = capsys.readouterr().out
    assert "Longest-option pick scores" in out
    assert "Difficulty mix:" in out
