"""Model-level rules: what full_clean refuses whichever way a question is written."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from questions.models import AwsService, Domain, Question, Reference, TaskStatement
from questions.selectors import guide_coverage
from tests.factories import QuestionFactory


def test_task_code_must_belong_to_its_domain(guide):
    domain = Domain.objects.get(guide=guide, number=2)
    with pytest.raises(ValidationError, match='must start with "2."'):
        TaskStatement(domain=domain, code="3.9", title="Misplaced").full_clean()


def test_single_response_chooses_exactly_one(guide):
    question = QuestionFactory.build(task_statement=TaskStatement.objects.get(code="1.1"), choose=2)
    with pytest.raises(ValidationError, match="chooses exactly 1"):
        question.full_clean()


def test_multiple_response_chooses_at_least_two(guide):
    question = QuestionFactory.build(
        task_statement=TaskStatement.objects.get(code="1.1"), type="multiple", choose=1
    )
    with pytest.raises(ValidationError) as caught:
        question.full_clean()
    assert "at least 2" in str(caught.value)


def test_external_id_format_is_enforced(guide):
    question = QuestionFactory.build(
        task_statement=TaskStatement.objects.get(code="1.1"), external_id="Has Spaces"
    )
    with pytest.raises(ValidationError, match="lower-case letters"):
        question.full_clean()


def test_references_must_be_https(guide):
    question = QuestionFactory()
    with pytest.raises(ValidationError, match="https"):
        Reference(question=question, title="Old", url="http://docs.aws.amazon.com/").full_clean()


def test_service_names_are_unique_ignoring_case(db):
    AwsService.objects.create(name="CloudWatch")
    with pytest.raises(IntegrityError):
        AwsService.objects.create(name="cloudwatch")


def test_dop_c02_is_seeded_with_its_weights_and_task_statements(guide):
    weights = list(guide.domains.order_by("number").values_list("weight", flat=True))
    assert weights == [22, 17, 15, 15, 14, 17]
    assert TaskStatement.objects.filter(domain__guide=guide).count() == 19
    assert (guide.exam_questions, guide.exam_minutes) == (75, 180)


def test_questions_know_their_domain_through_the_task_statement(guide):
    question = QuestionFactory(task="5.3")
    assert Question.objects.filter(task_statement__domain__number=5).get() == question


def test_coverage_costs_one_query_however_big_the_bank(guide, django_assert_num_queries):
    QuestionFactory.create_batch(3, task="1.1")
    with django_assert_num_queries(1):
        small = guide_coverage(guide)
    QuestionFactory.create_batch(30, task="4.2")
    with django_assert_num_queries(1):
        large = guide_coverage(guide)
    assert (small.published, large.published) == (3, 33)


def test_markdown_is_rendered_once_when_saved(guide):
    question = QuestionFactory(stem="Use **CodeDeploy** <script>x</script>")
    question.refresh_from_db()
    assert question.stem_html.startswith("<p>Use <strong>CodeDeploy</strong>")
    assert "<script" not in question.stem_html
    choice = question.choices.first()
    choice.text = "`aws deploy`"
    choice.save()
    choice.refresh_from_db()
    assert choice.text_html == "<p><code>aws deploy</code></p>"
