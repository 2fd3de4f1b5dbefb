"""Parsing and validating bank files, without the database."""

from pathlib import Path

from questions.importing import parse_files
from tests.questions.bank_samples import bank_file, question_yaml

BANK = Path(__file__).resolve().parents[2] / "questions" / "bank"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_the_shipped_bank_parses_without_errors():
    result = parse_files([BANK])
    assert result.errors == []
    assert len(result.questions) >= 3


def test_a_valid_question_becomes_a_spec(tmp_path):
    path = write(tmp_path, "a.yaml", bank_file(question_yaml("t-one", correct_index=2)))
    result = parse_files([path])
    assert result.errors == []
    (spec,) = result.questions
    assert spec.external_id == "t-one"
    assert spec.task == "1.1"
    assert spec.choose == 1
    assert [c.correct for c in spec.choices] == [False, False, True, False]
    assert spec.stem.startswith("A team needs")
    assert spec.source == str(path)


def test_every_error_names_file_question_and_field(tmp_path):
    broken = question_yaml("t-broken").replace("    difficulty: 2\n", "    difficulty: 7\n")
    path = write(tmp_path, "broken.yaml", bank_file(broken))
    (error,) = parse_files([path]).errors
    assert error.file == str(path)
    assert error.question_id == "t-broken"
    assert error.field == "difficulty"
    assert str(error) == f"{path} › t-broken › difficulty: Difficulty must be 1, 2 or 3."


def test_choice_rules_are_reported_on_the_choices_field(tmp_path):
    two_correct = question_yaml("t-two").replace("correct: false", "correct: true", 1)
    (error,) = parse_files([write(tmp_path, "x.yaml", bank_file(two_correct))]).errors
    assert error.field == "choices"
    assert "exactly 1 correct choice; it has 2" in error.message


def test_missing_rationale_and_http_reference_are_located(tmp_path):
    text = question_yaml("t-refs").replace("  rationale: Because of reason 1.", "  rationale: ''")
    text = text.replace("https://docs.aws", "http://docs.aws")
    errors = parse_files([write(tmp_path, "x.yaml", bank_file(text))]).errors
    fields = {e.field for e in errors}
    assert fields == {"choices[2].rationale", "references[1].url"}


def test_multiple_response_must_state_how_many_to_choose(tmp_path):
    text = question_yaml("t-multi").replace("type: single", "type: multiple")
    errors = parse_files([write(tmp_path, "x.yaml", bank_file(text))]).errors
    joined = " ".join(e.message for e in errors)
    assert "must say how many to choose" in joined
    assert "at least 5 choices" in joined


def test_yaml_syntax_errors_give_the_line(tmp_path):
    text = 'guide: DOP-C02\nquestions:\n  - id: q1\n    task: "1.1"\n    stem: one: two\n'
    (error,) = parse_files([write(tmp_path, "bad.yaml", text)]).errors
    assert error.message == (
        "Not valid YAML at line 5, column 14: mapping values are not allowed here."
    )


def test_duplicate_ids_across_files_are_refused(tmp_path):
    write(tmp_path, "a.yaml", bank_file(question_yaml("t-same")))
    write(tmp_path, "b.yaml", bank_file(question_yaml("t-same", stem="Another scenario?")))
    errors = parse_files([tmp_path]).errors
    assert len(errors) == 1
    assert errors[0].field == "id"
    assert "Duplicate id" in errors[0].message and "a.yaml" in errors[0].message


def test_unknown_keys_and_bad_ids_are_reported(tmp_path):
    text = question_yaml("Bad ID!", extra="    colour: blue\n")
    errors = messages(parse_files([write(tmp_path, "x.yaml", bank_file(text))]))
    assert any("Invalid id 'Bad ID!'" in e for e in errors)
    assert any("Unknown keys: colour" in e for e in errors)


def test_a_folder_with_no_yaml_is_an_error(tmp_path):
    assert "No YAML files found" in messages(parse_files([tmp_path]))[0]


def test_a_file_that_is_not_a_mapping_is_an_error(tmp_path):
    path = write(tmp_path, "list.yaml", "- just\n- a list\n")
    assert "must be a mapping" in messages(parse_files([path]))[0]


def test_a_key_given_twice_is_refused_with_its_line(tmp_path):
    """PyYAML keeps the last of two keys silently; `correct: true` then `false` flips a key."""
    text = bank_file(question_yaml("t-twice")).replace(
        "  correct: true\n", "  correct: true\n      correct: false\n", 1
    )
    path = write(tmp_path, "twice.yaml", text)
    (error,) = parse_files([path]).errors
    line = text.splitlines().index("      correct: false") + 1
    assert error.file == str(path)
    assert error.message == (
        f"Not valid YAML at line {line}, column 7: the key 'correct' is given twice."
    )


def test_control_characters_are_refused_with_file_question_and_field(tmp_path):
    """A YAML escape ("\\0") is how a NUL gets past the YAML reader into a stem."""
    text = bank_file(question_yaml("t-nul")).replace(
        "    stem: |\n      A team needs a pipeline. Which option is best?\n",
        '    stem: "A team\\0 needs a pipeline. Which option is best?"\n',
    )
    (error,) = parse_files([write(tmp_path, "nul.yaml", text)]).errors
    assert (error.question_id, error.field) == ("t-nul", "stem")
    assert "control character (U+0000)" in error.message
