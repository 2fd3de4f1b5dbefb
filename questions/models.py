"""The question bank: exam guides, their domains and task statements, and the questions."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower

from questions import rules
from questions.markdown import render_markdown


class ExamGuide(models.Model):
    """A certification exam's published guide: the domains and the real exam's format."""

    code = models.CharField(max_length=20, unique=True, help_text="e.g. DOP-C02")
    name = models.CharField(max_length=200)
    exam_questions = models.PositiveSmallIntegerField(
        default=75, help_text="Questions in the real exam: the size of one full mock."
    )
    exam_minutes = models.PositiveSmallIntegerField(default=180)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Domain(models.Model):
    """A content domain of a guide, with its share of the exam in whole percent."""

    guide = models.ForeignKey(
        ExamGuide, on_delete=models.CASCADE, related_name="domains", verbose_name="exam guide"
    )
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    weight = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)], help_text="Percent of the exam."
    )

    class Meta:
        ordering = ["guide", "number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="unique_domain_number"),
        ]

    def __str__(self) -> str:
        return f"Domain {self.number}: {self.name}"


class TaskStatement(models.Model):
    """A task statement within a domain, e.g. 1.4 Implement deployment strategies."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="task_statements")
    code = models.CharField(max_length=10, help_text='e.g. "1.4"')
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["domain__guide", "domain__number", "code"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="unique_task_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        """A task statement's code starts with its domain's number ("1.4" is in domain 1)."""
        if self.domain_id and not self.code.startswith(f"{self.domain.number}."):
            raise ValidationError(
                {"code": f'The code must start with "{self.domain.number}." for this domain.'}
            )


class AwsService(models.Model):
    """An AWS service a question is tagged with."""

    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = "AWS service"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="unique_service_name_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """One exam question: a scenario stem, its choices, the teaching explanation and sources."""

    class Type(models.TextChoices):
        SINGLE = rules.SINGLE, "Single response"
        MULTIPLE = rules.MULTIPLE, "Multiple response"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    class Difficulty(models.IntegerChoices):
        RECALL = 1, "1 — recall"
        APPLY = 2, "2 — apply"
        WEIGH = 3, "3 — weigh constraints"

    external_id = models.CharField(
        "external id",
        max_length=80,
        unique=True,
        validators=[RegexValidator(rules.EXTERNAL_ID_PATTERN, rules.EXTERNAL_ID_HELP)],
        help_text="Stable id used by the YAML files. " + rules.EXTERNAL_ID_HELP,
    )
    task_statement = models.ForeignKey(
        TaskStatement, on_delete=models.PROTECT, related_name="questions"
    )
    type = models.CharField(max_length=10, choices=Type.choices, default=Type.SINGLE)
    choose = models.PositiveSmallIntegerField(
        "number to choose",
        default=1,
        validators=[MinValueValidator(1)],
        help_text="1 for single response; the number of correct choices for multiple response.",
    )
    stem = models.TextField(help_text="Markdown: the scenario and the question.")
    explanation = models.TextField(help_text="Markdown: why the correct choices are right.")
    # Sanitised HTML of the Markdown above, rendered once on save so drawing an exam is fast.
    stem_html = models.TextField(blank=True, editable=False)
    explanation_html = models.TextField(blank=True, editable=False)
    difficulty = models.PositiveSmallIntegerField(
        choices=Difficulty.choices, default=Difficulty.APPLY
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    services = models.ManyToManyField(AwsService, blank=True, related_name="questions")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["task_statement__domain__number", "task_statement__code", "external_id"]
        indexes = [models.Index(fields=["status", "task_statement"])]

    def __str__(self) -> str:
        return self.external_id

    def save(self, *args, **kwargs) -> None:
        self.stem_html = render_markdown(self.stem)
        self.explanation_html = render_markdown(self.explanation)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """A single-response question chooses exactly one."""
        if self.type == self.Type.SINGLE and self.choose != 1:
            raise ValidationError({"choose": "A single-response question chooses exactly 1."})
        if self.type == self.Type.MULTIPLE and self.choose < 2:
            raise ValidationError({"choose": "A multiple-response question chooses at least 2."})


class Choice(models.Model):
    """An answer option with the one-line reason it is right or wrong."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(help_text="Markdown.")
    text_html = models.TextField(blank=True, editable=False)
    is_correct = models.BooleanField("correct", default=False)
    rationale = models.TextField(help_text="One line: why this option is right or wrong.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    def save(self, *args, **kwargs) -> None:
        self.text_html = render_markdown(self.text)
        super().save(*args, **kwargs)


class Reference(models.Model):
    """A link to the AWS documentation that teaches the question's topic."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="references")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["question", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Only https links: the review page opens them for candidates."""
        problem = rules.reference_url_error(self.url or "")
        if problem:
            raise ValidationError({"url": problem})
