"""Blind checks of bank questions: a sheet a second reader answers without the key, and the
comparison of their answers with it (question-style.md, "Self-check before committing").

python -m questions.blind sheet FILE.yaml OUT_DIR      writes OUT_DIR/<name>.sheet.md for the
                                                       reader and OUT_DIR/<name>.key.json
python -m questions.blind compare KEY.json ANSWERS.json
    ANSWERS.json: {"<label>": {"answer": ["B"], ...}}; prints every disagreement

Labels are neutral (d3-Q07), never the question's id, which often names the answer; options are
shuffled with a fixed seed per file, so a sheet can be made again.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from questions.importing import QuestionSpec, parse_files

LETTERS = "ABCDEF"


def sheet(name: str, questions: list[QuestionSpec]) -> tuple[str, dict]:
    """The reader's sheet (Markdown) and the key, {label: {"id": …, "answer": [letters]}}."""
    rng = random.Random(f"blind-{name}")
    lines, key = [f"# Blind sheet {name}", ""], {}
    for number, question in enumerate(questions, start=1):
        label = f"{name.split('-')[0]}-Q{number:02d}"
        order = list(range(len(question.choices)))
        rng.shuffle(order)
        lines += [f"## {label}", "", question.stem, ""]
        for letter, index in zip(LETTERS, order, strict=False):
            lines.append(f"{letter}. {' '.join(question.choices[index].text.split())}")
            lines.append("")
        key[label] = {
            "id": question.external_id,
            "answer": sorted(
                letter
                for letter, index in zip(LETTERS, order, strict=False)
                if question.choices[index].correct
            ),
        }
    return "\n".join(lines), key


def disagreements(key: dict, answers: dict) -> list[str]:
    """One line per question the reader answered differently from the key, or left out."""
    found = []
    for label, wanted in key.items():
        given = answers.get(label)
        if given is None:
            found.append(f"{label} ({wanted['id']}): not answered")
        elif sorted(given.get("answer", [])) != wanted["answer"]:
            note = given.get("issue", "")
            found.append(
                f"{label} ({wanted['id']}): key {wanted['answer']}, reader "
                f"{sorted(given.get('answer', []))}{' — ' + note if note else ''}"
            )
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 3 and args[0] == "sheet":
        path, out = Path(args[1]), Path(args[2])
        parsed = parse_files([path])
        if parsed.errors:
            print("\n".join(map(str, parsed.errors)))
            return 1
        name = path.stem
        text, key = sheet(name, parsed.questions)
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.sheet.md").write_text(text, encoding="utf-8")
        (out / f"{name}.key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
        print(f"{len(key)} questions: {out / (name + '.sheet.md')} (keep the key away)")
        return 0
    if len(args) == 3 and args[0] == "compare":
        key = json.loads(Path(args[1]).read_text(encoding="utf-8"))
        answers = json.loads(Path(args[2]).read_text(encoding="utf-8"))
        found = disagreements(key, answers)
        print("\n".join(found) or "No disagreements.")
        print(f"{len(key)} questions, {len(found)} disagreements.")
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
