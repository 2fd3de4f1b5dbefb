"""Writes to the bank: importing YAML files, exporting them back, and bulk status changes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify

from questions import importing
from questions.importing import BankError, BankFileError, QuestionSpec
from questions.models import AwsService, Choice, Question, Reference, TaskStatement


@dataclass
class ImportSummary:
    files: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged "
            f"from {self.files} file(s)."
        )


def import_bank(paths: list[str | Path], *, dry_run: bool = False) -> ImportSummary:
    """Import YAML bank files all-or-nothing, matching questions by external id.

    Raises BankFileError with every problem found; when it does, nothing has been written.
    """
    parsed = importing.parse_files(paths)
    errors = list(parsed.errors)
    task_index = {
        (task.domain.guide.code, task.code): task
        for task in TaskStatement.objects.select_related("domain__guide")
    }
    guides = {guide for guide, _ in task_index}
    for spec in parsed.questions:
        if (spec.guide, spec.task) not in task_index:
            if spec.guide not in guides:
                message = f"Unknown exam guide {spec.guide!r}."
                field_name = "guide"
            else:
                message = f"Guide {spec.guide} has no task statement {spec.task!r}."
                field_name = "task"
            errors.append(BankError(spec.source, spec.external_id, field_name, message))
    if errors:
        raise BankFileError(errors)

    summary = ImportSummary(files=len(importing.find_bank_files(paths)))
    with transaction.atomic():
        existing = {
            q.external_id: q
            for q in Question.objects.filter(
                external_id__in=[s.external_id for s in parsed.questions]
            ).prefetch_related("choices", "references", "services")
        }
        services = _ServiceCache()
        for spec in parsed.questions:
            task = task_index[(spec.guide, spec.task)]
            question = existing.get(spec.external_id)
            try:
                with transaction.atomic():  # a savepoint: a refused question spoils no other
                    if question is None:
                        _create_question(spec, task, services)
                        summary.created += 1
                    elif _snapshot_of_question(question) != _snapshot_of_spec(spec, task):
                        _update_question(question, spec, task, services)
                        summary.updated += 1
                    else:
                        summary.unchanged += 1
            except ValidationError as exc:
                errors.extend(_validation_errors(spec, exc))
            except DatabaseError as exc:
                message = f"The database refused this question: {str(exc).strip()}"
                errors.append(BankError(spec.source, spec.external_id, "", message))
        if errors:
            raise BankFileError(errors)  # leaves the atomic block: everything rolls back
        if dry_run:
            transaction.set_rollback(True)
    return summary


class _ServiceCache:
    """AWS service tags by case-insensitive name, created on first use."""

    def __init__(self) -> None:
        self.by_name = {s.name.lower(): s for s in AwsService.objects.all()}

    def get(self, name: str) -> AwsService:
        key = name.lower()
        if key not in self.by_name:
            self.by_name[key] = AwsService.objects.create(name=name)
        return self.by_name[key]


def _snapshot_of_spec(spec: QuestionSpec, task: TaskStatement) -> tuple:
    return (
        task.pk,
        spec.type,
        spec.choose,
        spec.stem,
        spec.explanation,
        spec.difficulty,
        spec.status,
        tuple(sorted(s.lower() for s in spec.services)),
        tuple((c.text, c.correct, c.rationale) for c in spec.choices),
        tuple((r.title, r.url) for r in spec.references),
    )


def _snapshot_of_question(question: Question) -> tuple:
    return (
        question.task_statement_id,
        question.type,
        question.choose,
        question.stem,
        question.explanation,
        question.difficulty,
        question.status,
        tuple(sorted(s.name.lower() for s in question.services.all())),
        tuple((c.text, c.is_correct, c.rationale) for c in question.choices.all()),
        tuple((r.title, r.url) for r in question.references.all()),
    )


def _apply_fields(question: Question, spec: QuestionSpec, task: TaskStatement) -> None:
    question.task_statement = task
    question.type = spec.type
    question.choose = spec.choose
    question.stem = spec.stem
    question.explanation = spec.explanation
    question.difficulty = spec.difficulty
    question.status = spec.status


def _create_question(spec: QuestionSpec, task: TaskStatement, services: _ServiceCache) -> None:
    question = Question(external_id=spec.external_id)
    _apply_fields(question, spec, task)
    question.full_clean()
    question.save()
    _sync_children(question, spec, services, existing_choices=[], existing_references=[])


def _update_question(
    question: Question, spec: QuestionSpec, task: TaskStatement, services: _ServiceCache
) -> None:
    _apply_fields(question, spec, task)
    question.full_clean()
    question.save()
    _sync_children(
        question,
        spec,
        services,
        existing_choices=list(question.choices.all()),
        existing_references=list(question.references.all()),
    )


def _sync_children(
    question: Question,
    spec: QuestionSpec,
    services: _ServiceCache,
    *,
    existing_choices: list[Choice],
    existing_references: list[Reference],
) -> None:
    """Update choices and references in place by position, so their ids stay stable."""
    for order, choice_spec in enumerate(spec.choices):
        choice = existing_choices[order] if order < len(existing_choices) else Choice()
        choice.question = question
        choice.text = choice_spec.text
        choice.is_correct = choice_spec.correct
        choice.rationale = choice_spec.rationale
        choice.order = order
        choice.full_clean()
        choice.save()
    for surplus in existing_choices[len(spec.choices) :]:
        surplus.delete()
    for order, reference_spec in enumerate(spec.references):
        reference = existing_references[order] if order < len(existing_references) else Reference()
        reference.question = question
        reference.title = reference_spec.title
        reference.url = reference_spec.url
        reference.order = order
        reference.full_clean()
        reference.save()
    for surplus in existing_references[len(spec.references) :]:
        surplus.delete()
    question.services.set([services.get(name) for name in spec.services])


def _validation_errors(spec: QuestionSpec, exc: ValidationError) -> list[BankError]:
    if hasattr(exc, "error_dict"):
        return [
            BankError(spec.source, spec.external_id, field_name, " ".join(e.messages))
            for field_name, items in exc.error_dict.items()
            for e in items
        ]
    return [BankError(spec.source, spec.external_id, "", " ".join(exc.messages))]


# --- Export ---------------------------------------------------------------------------------


class _BankDumper(yaml.SafeDumper):
    """YAML that reads like the hand-written files: block style for multi-line text."""


def _represent_str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _represent_str)


def question_as_mapping(question: Question) -> dict:
    """One question in the bank file format (see questions/bank/dop-c02/00-example.yaml)."""
    data: dict = {
        "id": question.external_id,
        "task": question.task_statement.code,
        "type": question.type,
    }
    if question.type == Question.Type.MULTIPLE:
        data["choose"] = question.choose
    data["difficulty"] = question.difficulty
    data["status"] = question.status
    data["services"] = sorted((s.name for s in question.services.all()), key=str.lower)
    data["stem"] = question.stem.strip() + "\n"
    data["choices"] = [
        {"text": c.text, "correct": c.is_correct, "rationale": c.rationale}
        for c in question.choices.all()
    ]
    data["explanation"] = question.explanation.strip() + "\n"
    data["references"] = [{"title": r.title, "url": r.url} for r in question.references.all()]
    return data


def export_bank(directory: str | Path) -> list[Path]:
    """Write every question to DIR/<guide>/d<N>-<domain>.yaml; returns the files written."""
    root = Path(directory)
    groups: dict[tuple, list[Question]] = defaultdict(list)
    questions = (
        Question.objects.select_related("task_statement__domain__guide")
        .prefetch_related("choices", "references", "services")
        .order_by(
            "task_statement__domain__guide__code",
            "task_statement__domain__number",
            "task_statement__code",
            "external_id",
        )
    )
    for question in questions:
        domain = question.task_statement.domain
        groups[(domain.guide.code, domain.number, domain.name)].append(question)
    written: list[Path] = []
    for (guide_code, number, name), items in groups.items():
        folder = root / slugify(guide_code)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"d{number}-{slugify(name)}.yaml"
        document = {"guide": guide_code, "questions": [question_as_mapping(q) for q in items]}
        text = yaml.dump(
            document, Dumper=_BankDumper, sort_keys=False, allow_unicode=True, width=100
        )
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def set_status(question_ids: list[int], status: str) -> int:
    """Publish, retire or return to draft many questions at once; returns how many changed."""
    if status not in Question.Status.values:
        raise ValueError(f"Unknown status {status!r}.")
    return (
        Question.objects.filter(pk__in=question_ids)
        .exclude(status=status)
        .update(status=status, updated_at=timezone.now())
    )
