"""Read-only queries over the bank: counts and coverage against a full mock's split."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from questions import lint
from questions.apportionment import apportion
from questions.models import ExamGuide, Question, TaskStatement


def published_question_count() -> int:
    """How many questions candidates can currently be given."""
    return Question.objects.filter(status=Question.Status.PUBLISHED).count()


@dataclass
class TaskCoverage:
    code: str
    title: str
    published: int
    drafts: int
    target: int  # this task statement's even share of the domain's quota in one full mock

    @property
    def short(self) -> int:
        return max(0, self.target - self.published)


@dataclass
class DomainCoverage:
    number: int
    name: str
    weight: int
    quota: int  # questions this domain gets in one full mock
    published: int = 0
    drafts: int = 0
    multiple: int = 0
    tasks: list[TaskCoverage] = field(default_factory=list)

    @property
    def mocks(self) -> int:
        """Full mocks this domain alone could fill without repeating a question."""
        return self.published // self.quota if self.quota else 0

    @property
    def short(self) -> int:
        return max(0, self.quota - self.published)


@dataclass
class GuideCoverage:
    code: str
    name: str
    exam_questions: int
    domains: list[DomainCoverage]

    @property
    def published(self) -> int:
        return sum(d.published for d in self.domains)

    @property
    def drafts(self) -> int:
        return sum(d.drafts for d in self.domains)

    @property
    def full_mocks(self) -> int:
        """Distinct full mocks the bank can fill: the scarcest domain decides."""
        counted = [d.mocks for d in self.domains if d.quota]
        return min(counted) if counted else 0

    def as_dict(self) -> dict:
        return {
            "guide": self.code,
            "name": self.name,
            "exam_questions": self.exam_questions,
            "published": self.published,
            "drafts": self.drafts,
            "full_mocks": self.full_mocks,
            "domains": [
                {
                    "number": d.number,
                    "name": d.name,
                    "weight": d.weight,
                    "quota": d.quota,
                    "published": d.published,
                    "drafts": d.drafts,
                    "multiple_response": d.multiple,
                    "full_mocks": d.mocks,
                    "short": d.short,
                    "task_statements": [
                        {
                            "code": t.code,
                            "title": t.title,
                            "published": t.published,
                            "drafts": t.drafts,
                            "target": t.target,
                        }
                        for t in d.tasks
                    ],
                }
                for d in self.domains
            ],
        }


def guide_coverage(guide: ExamGuide) -> GuideCoverage:
    """Published questions per domain and task statement against one full mock's quota."""
    published = Q(questions__status=Question.Status.PUBLISHED)
    tasks = (
        TaskStatement.objects.filter(domain__guide=guide)
        .select_related("domain")
        .annotate(
            published=Count("questions", filter=published),
            drafts=Count("questions", filter=Q(questions__status=Question.Status.DRAFT)),
            multiple=Count(
                "questions", filter=published & Q(questions__type=Question.Type.MULTIPLE)
            ),
        )
        .order_by("domain__number", "code")
    )
    domains: dict[int, DomainCoverage] = {}
    domain_tasks: dict[int, list] = {}
    for task in tasks:
        domain = task.domain
        domain_tasks.setdefault(domain.number, []).append(task)
        domains.setdefault(
            domain.number,
            DomainCoverage(number=domain.number, name=domain.name, weight=domain.weight, quota=0),
        )
    weights = {number: d.weight for number, d in domains.items()}
    quotas = apportion(guide.exam_questions, weights) if weights else {}
    for number, coverage in domains.items():
        coverage.quota = quotas[number]
        rows = domain_tasks[number]
        targets = apportion(coverage.quota, {i: 1 for i in range(len(rows))})
        for index, task in enumerate(rows):
            coverage.tasks.append(
                TaskCoverage(
                    code=task.code,
                    title=task.title,
                    published=task.published,
                    drafts=task.drafts,
                    target=targets[index],
                )
            )
            coverage.published += task.published
            coverage.drafts += task.drafts
            coverage.multiple += task.multiple
    return GuideCoverage(
        code=guide.code,
        name=guide.name,
        exam_questions=guide.exam_questions,
        domains=list(domains.values()),
    )


def all_guide_coverage() -> list[GuideCoverage]:
    """Coverage for every guide, in code order."""
    return [guide_coverage(guide) for guide in ExamGuide.objects.all()]


def published_lint_items(guide_code: str) -> list[lint.Item]:
    """The guide's published questions in the shape the bank lint reads (two queries)."""
    questions = (
        Question.objects.filter(
            task_statement__domain__guide__code=guide_code, status=Question.Status.PUBLISHED
        )
        .prefetch_related("choices")
        .order_by("external_id")
    )
    return [
        lint.Item(
            q.external_id,
            q.stem,
            q.type,
            q.choose,
            q.difficulty,
            tuple(lint.Option(c.text, c.is_correct) for c in q.choices.all()),
        )
        for q in questions
    ]
