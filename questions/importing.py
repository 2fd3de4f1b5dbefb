"""Read and validate question-bank YAML files into plain data; no database access here.

The format is documented in questions/bank/dop-c02/00-example.yaml. Every problem is reported
with the file, the question id and the field, so an author can fix it without guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from questions import rules

STATUSES = ("draft", "published", "retired")
QUESTION_KEYS = {
    "id",
    "task",
    "type",
    "choose",
    "difficulty",
    "status",
    "services",
    "stem",
    "choices",
    "explanation",
    "references",
}
CHOICE_KEYS = {"text", "correct", "rationale"}
REFERENCE_KEYS = {"title", "url"}


class _BankLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping: PyYAML would keep the
    last one without a word, and `correct: true` then `correct: false` flips a key."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class BankError:
    """One problem found in a bank file, located precisely enough to fix."""

    file: str
    question_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.question_id:
            where += f" › {self.question_id}"
        if self.field:
            where += f" › {self.field}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    correct: bool
    rationale: str


@dataclass(frozen=True)
class ReferenceSpec:
    title: str
    url: str


@dataclass(frozen=True)
class QuestionSpec:
    """One question as read from a file, validated except for what needs the database."""

    guide: str
    external_id: str
    task: str
    type: str
    choose: int
    difficulty: int
    status: str
    services: tuple[str, ...]
    stem: str
    explanation: str
    choices: tuple[ChoiceSpec, ...]
    references: tuple[ReferenceSpec, ...]
    source: str = ""


@dataclass
class ParseResult:
    questions: list[QuestionSpec] = field(default_factory=list)
    errors: list[BankError] = field(default_factory=list)


class BankFileError(Exception):
    """Raised when bank files do not validate; carries every error found."""

    def __init__(self, errors: list[BankError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def find_bank_files(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders into a sorted list of .yaml/.yml files."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"}))
        else:
            found.append(path)
    return found


def parse_files(paths: list[str | Path]) -> ParseResult:
    """Parse every file, collect every error, and check ids are unique across all of them."""
    result = ParseResult()
    files = find_bank_files(paths)
    if not files:
        result.errors.append(BankError(" ".join(map(str, paths)), "", "", "No YAML files found."))
    for path in files:
        parsed = parse_file(path)
        result.questions.extend(parsed.questions)
        result.errors.extend(parsed.errors)
    seen: dict[str, str] = {}
    for spec in result.questions:
        if spec.external_id in seen:
            result.errors.append(
                BankError(
                    spec.source,
                    spec.external_id,
                    "id",
                    f"Duplicate id: also used in {seen[spec.external_id]}.",
                )
            )
        else:
            seen[spec.external_id] = spec.source
    return result


def parse_file(path: Path) -> ParseResult:
    """Parse one bank file: a mapping with a guide code and a list of questions."""
    result = ParseResult()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        result.errors.append(BankError(name, "", "", "File not found."))
        return result
    except (OSError, UnicodeDecodeError) as exc:
        result.errors.append(BankError(name, "", "", f"Cannot read the file: {exc}."))
        return result
    try:
        data = yaml.load(text, Loader=_BankLoader)  # noqa: S506 — a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        result.errors.append(BankError(name, "", "", f"Not valid YAML{where}: {problem}."))
        return result
    if not isinstance(data, dict):
        result.errors.append(
            BankError(name, "", "", "The file must be a mapping with 'guide' and 'questions'.")
        )
        return result
    guide = data.get("guide")
    if not isinstance(guide, str) or not guide.strip():
        result.errors.append(
            BankError(name, "", "guide", "Give the exam guide code, e.g. DOP-C02.")
        )
        guide = ""
    unknown = set(data) - {"guide", "questions"}
    if unknown:
        result.errors.append(
            BankError(name, "", "", f"Unknown top-level keys: {', '.join(sorted(unknown))}.")
        )
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        result.errors.append(
            BankError(name, "", "questions", "Give a non-empty list of questions.")
        )
        return result
    for index, item in enumerate(items, start=1):
        spec, errors = parse_question(item, guide=guide.strip(), source=name, index=index)
        result.errors.extend(errors)
        if spec is not None and not errors:
            result.questions.append(spec)
    return result


def _text(value: object) -> str | None:
    """A non-empty string, stripped, or None."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def parse_question(
    item: object, *, guide: str, source: str, index: int
) -> tuple[QuestionSpec | None, list[BankError]]:
    """Validate one question mapping; return the spec and every error found in it."""
    if not isinstance(item, dict):
        return None, [BankError(source, f"#{index}", "", "Each question must be a mapping.")]
    raw_id = item.get("id")
    qid = str(raw_id).strip() if raw_id is not None else ""
    label = qid or f"#{index}"
    errors: list[BankError] = []

    def error(field_name: str, message: str) -> None:
        errors.append(BankError(source, label, field_name, message))

    if not qid:
        error("id", "Every question needs an id.")
    elif not rules.EXTERNAL_ID_PATTERN.match(qid):
        error("id", f"Invalid id {qid!r}. {rules.EXTERNAL_ID_HELP}")
    unknown = set(item) - QUESTION_KEYS
    if unknown:
        error("", f"Unknown keys: {', '.join(sorted(unknown))}.")

    task = str(item.get("task", "")).strip()
    if not task:
        error("task", 'Give the task statement code, e.g. "1.4" (quoted).')
    elif problem := rules.text_error(task, "task statement code", rules.MAX_LENGTHS["task"]):
        error("task", problem)

    qtype = item.get("type")
    if qtype not in (rules.SINGLE, rules.MULTIPLE):
        error("type", "Type must be 'single' or 'multiple'.")

    choose = item.get("choose")
    if choose is not None and (not isinstance(choose, int) or isinstance(choose, bool)):
        error("choose", "'choose' must be a whole number.")
        choose = None

    difficulty = item.get("difficulty", 2)
    if difficulty not in (1, 2, 3) or isinstance(difficulty, bool):
        error("difficulty", "Difficulty must be 1, 2 or 3.")

    status = item.get("status", "published")
    if status not in STATUSES:
        error("status", f"Status must be one of {', '.join(STATUSES)}.")

    services = item.get("services", [])
    if not isinstance(services, list) or not all(_text(s) for s in services):
        error("services", "Services must be a list of AWS service names.")
        services = []
    for name in services:
        if problem := rules.text_error(name, "service name", rules.MAX_LENGTHS["service"]):
            error("services", problem)

    stem = _text(item.get("stem"))
    if stem is None:
        error("stem", "The stem is required.")
    elif problem := rules.text_error(stem, "stem"):
        error("stem", problem)
    explanation = _text(item.get("explanation"))
    if explanation is None:
        error("explanation", "The explanation is required.")
    elif problem := rules.text_error(explanation, "explanation"):
        error("explanation", problem)

    choices = _parse_choices(item.get("choices"), error)
    references = _parse_references(item.get("references"), error)

    if choices and qtype in (rules.SINGLE, rules.MULTIPLE):
        if qtype == rules.MULTIPLE and choose is None:
            error("choose", "A multiple-response question must say how many to choose.")
        for message in rules.choice_errors(qtype, choose, [c.correct for c in choices]):
            error("choices", message)

    if errors:
        return None, errors
    correct_count = sum(1 for c in choices if c.correct)
    return (
        QuestionSpec(
            guide=guide,
            external_id=qid,
            task=task,
            type=qtype,
            choose=correct_count if qtype == rules.MULTIPLE else 1,
            difficulty=difficulty,
            status=status,
            services=tuple(sorted({s.strip() for s in services}, key=str.lower)),
            stem=stem,
            explanation=explanation,
            choices=tuple(choices),
            references=tuple(references),
            source=source,
        ),
        [],
    )


def _parse_choices(raw: object, error) -> list[ChoiceSpec]:
    """Validate the list of choices; report problems by position (choices[2].text)."""
    if not isinstance(raw, list) or not raw:
        error("choices", "Give a list of choices.")
        return []
    choices: list[ChoiceSpec] = []
    for position, entry in enumerate(raw, start=1):
        where = f"choices[{position}]"
        if not isinstance(entry, dict):
            error(where, "Each choice must be a mapping with text, correct and rationale.")
            continue
        unknown = set(entry) - CHOICE_KEYS
        if unknown:
            error(where, f"Unknown keys: {', '.join(sorted(unknown))}.")
        text = _text(entry.get("text"))
        rationale = _text(entry.get("rationale"))
        correct = entry.get("correct", False)
        if text is None:
            error(f"{where}.text", "Choice text is required.")
        elif problem := rules.text_error(text, "choice text"):
            error(f"{where}.text", problem)
        if rationale is None:
            error(f"{where}.rationale", "Every choice needs a one-line rationale.")
        elif problem := rules.text_error(rationale, "rationale"):
            error(f"{where}.rationale", problem)
        if not isinstance(correct, bool):
            error(f"{where}.correct", "'correct' must be true or false.")
            correct = False
        choices.append(ChoiceSpec(text=text or "", correct=correct, rationale=rationale or ""))
    return choices


def _parse_references(raw: object, error) -> list[ReferenceSpec]:
    """Validate the references: at least one, each a title and an https URL."""
    if not isinstance(raw, list) or not raw:
        error("references", "Give at least one reference (title and https URL).")
        return []
    references: list[ReferenceSpec] = []
    for position, entry in enumerate(raw, start=1):
        where = f"references[{position}]"
        if not isinstance(entry, dict):
            error(where, "Each reference must be a mapping with title and url.")
            continue
        unknown = set(entry) - REFERENCE_KEYS
        if unknown:
            error(where, f"Unknown keys: {', '.join(sorted(unknown))}.")
        title = _text(entry.get("title"))
        url = _text(entry.get("url"))
        if title is None:
            error(f"{where}.title", "A reference needs a title.")
        elif problem := rules.text_error(
            title, "reference title", rules.MAX_LENGTHS["reference title"]
        ):
            error(f"{where}.title", problem)
        if url is None:
            error(f"{where}.url", "A reference needs a URL.")
        else:
            problem = rules.text_error(
                url, "reference URL", rules.MAX_LENGTHS["reference url"]
            ) or rules.reference_url_error(url)
            if problem:
                error(f"{where}.url", problem)
        references.append(ReferenceSpec(title=title or "", url=url or ""))
    return references


def main(argv: list[str] | None = None) -> int:
    """Validate bank files without a database: python -m questions.importing PATH…"""
    import sys

    paths = argv if argv is not None else sys.argv[1:]
    result = parse_files(paths or ["questions/bank"])
    for problem in result.errors:
        print(problem)
    print(f"{len(result.questions)} valid questions, {len(result.errors)} errors.")
    return 1 if result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
