"""Blind sheets: no key and no id on the reader's sheet; disagreements found."""

import json

from questions import blind
from questions.importing import parse_files
from tests.questions.bank_samples import bank_file, question_yaml


def test_the_sheet_carries_neither_key_nor_id_and_the_key_finds_disagreements(tmp_path):
    path = tmp_path / "d1-sample.yaml"
    path.write_text(bank_file(question_yaml("d1-secret-id", correct_index=2)), encoding="utf-8")
    assert blind.main(["sheet", str(path), str(tmp_path / "out")]) == 0
    text = (tmp_path / "out" / "d1-sample.sheet.md").read_text()
    key = json.loads((tmp_path / "out" / "d1-sample.key.json").read_text())
    assert "d1-secret-id" not in text and "correct" not in text.lower()
    assert "## d1-Q01" in text
    (label,) = key
    right = key[label]["answer"]
    (spec,) = parse_files([path]).questions
    shown = [line[3:] for line in text.splitlines() if line[:3] in {"A. ", "B. ", "C. ", "D. "}]
    assert [shown[ord(letter) - ord("A")] for letter in right] == ["Option 2"]
    assert blind.disagreements(key, {label: {"answer": right}}) == []
    wrong = "A" if right != ["A"] else "B"
    (line,) = blind.disagreements(key, {label: {"answer": [wrong], "issue": "two fit"}})
    assert "d1-secret-id" in line and "two fit" in line
    assert spec.external_id == "d1-secret-id"
