"""Exporting the bank writes the import format back: a round trip loses nothing."""

from pathlib import Path

from django.core.management import call_command

from questions.importing import parse_files
from questions.models import Question
from questions.services import export_bank, import_bank

BANK = Path(__file__).resolve().parents[2] / "questions" / "bank"


def specs_by_id(paths) -> dict:
    result = parse_files(paths)
    assert result.errors == []
    return {s.external_id: s.__class__(**{**s.__dict__, "source": ""}) for s in result.questions}


def test_export_then_import_reproduces_the_bank(guide, tmp_path):
    import_bank([BANK])
    written = export_bank(tmp_path / "out")
    assert written and all(p.suffix == ".yaml" for p in written)
    assert specs_by_id([tmp_path / "out"]) == specs_by_id([BANK])

    Question.objects.all().delete()
    summary = import_bank([tmp_path / "out"])
    assert summary.created == len(specs_by_id([BANK]))
    again = export_bank(tmp_path / "again")
    first = {p.name: p.read_text() for p in written}
    second = {p.name: p.read_text() for p in again}
    assert first == second


def test_export_groups_files_by_guide_and_domain(guide, tmp_path):
    import_bank([BANK])
    names = sorted(p.relative_to(tmp_path).as_posix() for p in export_bank(tmp_path))
    assert names[0].startswith("dop-c02/d1-sdlc-automation")
    assert all(name.startswith("dop-c02/d") for name in names)


def test_export_keeps_drafts_and_status(guide, tmp_path):
    import_bank([BANK])
    Question.objects.filter(external_id="d6-secrets-manager-rotation-rds").update(status="draft")
    export_bank(tmp_path)
    spec = specs_by_id([tmp_path])["d6-secrets-manager-rotation-rds"]
    assert spec.status == "draft"


def test_export_command_lists_files(guide, tmp_path, capsys):
    import_bank([BANK])
    call_command("export_questions", str(tmp_path))
    out = capsys.readouterr().out
    assert "dop-c02" in out and "file(s)" in out
