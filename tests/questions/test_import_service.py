"""Importing bank files into the database: idempotent, all-or-nothing, clearly explained."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from questions.importing import BankFileError
from questions.models import AwsService, Choice, Question
from questions.services import import_bank
from tests.questions.bank_samples import bank_file, question_yaml


@pytest.fixture
def bank_dir(tmp_path: Path, guide) -> Path:
    (tmp_path / "one.yaml").write_text(
        bank_file(question_yaml("t-alpha"), question_yaml("t-beta", task="6.2", stem="Other?"))
    )
    return tmp_path


def test_import_creates_questions_with_choices_references_and_services(bank_dir):
    summary = import_bank([bank_dir])
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    alpha = Question.objects.get(external_id="t-alpha")
    assert alpha.task_statement.code == "1.1"
    assert alpha.task_statement.domain.number == 1
    assert alpha.status == Question.Status.PUBLISHED
    assert [c.text for c in alpha.choices.all()] == [f"Option {i}" for i in range(4)]
    assert [c.is_correct for c in alpha.choices.all()] == [True, False, False, False]
    assert alpha.references.get().url.startswith("https://docs.aws.amazon.com/")
    assert sorted(s.name for s in alpha.services.all()) == ["CodePipeline", "cloudwatch"]
    assert Question.objects.get(external_id="t-beta").task_statement.domain.number == 6


def test_reimport_is_idempotent_and_touches_nothing(bank_dir):
    import_bank([bank_dir])
    stamps = dict(Question.objects.values_list("external_id", "updated_at"))
    choice_ids = list(Choice.objects.order_by("pk").values_list("pk", flat=True))
    summary = import_bank([bank_dir])
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert Question.objects.count() == 2
    assert dict(Question.objects.values_list("external_id", "updated_at")) == stamps
    assert list(Choice.objects.order_by("pk").values_list("pk", flat=True)) == choice_ids


def test_service_tags_match_case_insensitively(bank_dir, guide):
    AwsService.objects.create(name="CloudWatch")
    import_bank([bank_dir])
    assert AwsService.objects.filter(name__iexact="cloudwatch").count() == 1
    assert Question.objects.get(external_id="t-alpha").services.filter(name="CloudWatch").exists()


def test_reimport_of_an_edited_file_updates_in_place(bank_dir):
    import_bank([bank_dir])
    alpha = Question.objects.get(external_id="t-alpha")
    first_choice_id = alpha.choices.first().pk
    path = bank_dir / "one.yaml"
    path.write_text(path.read_text().replace("Option 0", "Option zero, reworded", 1))
    summary = import_bank([bank_dir])
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    alpha.refresh_from_db()
    first = alpha.choices.first()
    assert first.text == "Option zero, reworded"
    assert first.pk == first_choice_id, "choices are updated in place, keeping their ids"


def test_one_bad_question_means_nothing_is_written(bank_dir):
    bad = question_yaml("t-bad", task="9.9")
    (bank_dir / "two.yaml").write_text(bank_file(question_yaml("t-gamma"), bad))
    with pytest.raises(BankFileError) as caught:
        import_bank([bank_dir])
    assert Question.objects.count() == 0
    (error,) = caught.value.errors
    assert error.file.endswith("two.yaml")
    assert (error.question_id, error.field) == ("t-bad", "task")
    assert "no task statement '9.9'" in error.message


def test_unknown_guide_is_reported(tmp_path, guide):
    (tmp_path / "x.yaml").write_text(bank_file(question_yaml("t-x"), guide="SAA-C03"))
    with pytest.raises(BankFileError) as caught:
        import_bank([tmp_path])
    assert caught.value.errors[0].field == "guide"
    assert "Unknown exam guide 'SAA-C03'" in caught.value.errors[0].message


def test_values_too_long_for_the_database_are_refused_before_it(tmp_path, guide):
    long_url = "https://docs.aws.amazon.com/" + "a" * 600
    good = question_yaml("t-fine")
    too_long = question_yaml("t-long").replace(
        "https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts.html", long_url
    )
    long_service = question_yaml("t-svc").replace("[CodePipeline, cloudwatch]", f"[{'S' * 101}]")
    (tmp_path / "x.yaml").write_text(bank_file(good, too_long, long_service))
    with pytest.raises(BankFileError) as caught:
        import_bank([tmp_path])
    assert Question.objects.count() == 0
    found = {(e.question_id, e.field): e.message for e in caught.value.errors}
    assert "at most 500 fit" in found[("t-long", "references[1].url")]
    assert "at most 100 fit" in found[("t-svc", "services")]
    assert all(str(tmp_path / "x.yaml") in str(e) for e in caught.value.errors)


def test_a_database_refusal_names_the_file_and_question_and_writes_nothing(
    tmp_path, guide, monkeypatch
):
    from django.db import DatabaseError

    from questions import services

    real_create = services._create_question

    def refuse_one(spec, *args):
        if spec.external_id == "t-refused":
            raise DatabaseError("value too long for type character varying(100)")
        return real_create(spec, *args)

    monkeypatch.setattr(services, "_create_question", refuse_one)
    (tmp_path / "x.yaml").write_text(
        bank_file(question_yaml("t-fine"), question_yaml("t-refused"), question_yaml("t-after"))
    )
    with pytest.raises(BankFileError) as caught:
        import_bank([tmp_path])
    (error,) = caught.value.errors
    assert (error.file, error.question_id) == (str(tmp_path / "x.yaml"), "t-refused")
    assert "The database refused this question" in error.message
    assert Question.objects.count() == 0


def test_dry_run_writes_nothing(bank_dir):
    summary = import_bank([bank_dir], dry_run=True)
    assert summary.created == 2
    assert Question.objects.count() == 0


def test_command_reports_success(bank_dir, capsys):
    call_command("import_questions", str(bank_dir))
    assert "2 created, 0 updated, 0 unchanged from 1 file(s)." in capsys.readouterr().out


def test_command_fails_with_every_problem_listed(tmp_path, guide, capsys):
    text = question_yaml("t-a", task="1.9") + question_yaml("t-b").replace(
        "type: single", "type: x"
    )
    (tmp_path / "x.yaml").write_text(bank_file(text))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_questions", str(tmp_path))
    err = capsys.readouterr().err
    assert "t-b › type: Type must be 'single' or 'multiple'." in err
    assert "t-a › task: Guide DOP-C02 has no task statement '1.9'." in err
    assert Question.objects.count() == 0


def test_the_shipped_bank_imports_cleanly(guide):
    bank = Path(__file__).resolve().parents[2] / "questions" / "bank"
    summary = import_bank([bank])
    assert summary.created == Question.objects.count() >= 3
    assert import_bank([bank]).unchanged == summary.created
