"""factory-boy factories over the seeded DOP-C02 guide."""

import factory

from accounts.models import User
from questions.models import Choice, Question, Reference, TaskStatement

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"candidate{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)


class QuestionFactory(factory.django.DjangoModelFactory):
    """A valid published question; pass task="3.2" to place it, type="multiple" for Choose TWO."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    class Params:
        task = "1.1"

    external_id = factory.Sequence(lambda n: f"test-q-{n:04d}")
    task_statement = factory.LazyAttribute(
        lambda o: TaskStatement.objects.get(code=o.task, domain__guide__code="DOP-C02")
    )
    type = Question.Type.SINGLE
    choose = factory.LazyAttribute(lambda o: 2 if o.type == Question.Type.MULTIPLE else 1)
    stem = factory.Sequence(lambda n: f"Scenario number {n}: which option meets the need?")
    explanation = "Because the correct option is the one that meets the constraint."
    difficulty = 2
    status = Question.Status.PUBLISHED

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if not create:
            return
        count = 5 if self.type == Question.Type.MULTIPLE else 4
        correct = self.choose
        Choice.objects.bulk_create(
            Choice(
                question=self,
                text=f"Option {i + 1} of {self.external_id}",
                text_html=f"<p>Option {i + 1} of {self.external_id}</p>",
                is_correct=i < correct,
                rationale=f"Rationale {i + 1}.",
                order=i,
            )
            for i in range(count)
        )
        Reference.objects.create(
            question=self, title="A documentation page", url="https://docs.aws.amazon.com/x.html"
        )


def make_bank(per_task: int = 3, multiple_every: int = 4) -> list[Question]:
    """Published questions on every DOP-C02 task statement; every Nth is multiple response."""
    questions = []
    tasks = TaskStatement.objects.filter(domain__guide__code="DOP-C02").order_by("code")
    n = 0
    for task in tasks:
        for _ in range(per_task):
            n += 1
            kind = Question.Type.MULTIPLE if n % multiple_every == 0 else Question.Type.SINGLE
            questions.append(QuestionFactory(task_statement=task, type=kind))
    return questions


def positions(item, keys) -> list[int]:
    """Where the options with these keys are shown on the exam page (1 is the first): what a
    browser posts; 99 for a key that is not this item's."""
    shown = [c["key"] for c in item.choices]
    return [shown.index(key) + 1 if key in shown else 99 for key in keys]
