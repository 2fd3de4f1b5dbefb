"""Authoring in the admin: same rules as the importer, filters, preview, bulk status, coverage."""

import pytest
from django.urls import reverse

from questions.models import Domain, ExamGuide, Question, TaskStatement
from tests.factories import QuestionFactory

CHANGELIST = "admin:questions_question_changelist"


def question_form(task: TaskStatement, *, qtype="single", choose=1, correct=(0,), count=4):
    """POST data for the question add form with its choice and reference inlines."""
    data = {
        "external_id": "admin-made-1",
        "task_statement": task.pk,
        "status": "draft",
        "type": qtype,
        "choose": choose,
        "difficulty": 2,
        "stem": "A team must **ship** faster. What should it do?",
        "explanation": "Because it is the managed option.",
        "choices-TOTAL_FORMS": count,
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
        "references-TOTAL_FORMS": 1,
        "references-INITIAL_FORMS": 0,
        "references-MIN_NUM_FORMS": 0,
        "references-MAX_NUM_FORMS": 1000,
        "references-0-order": 0,
        "references-0-title": "CodeDeploy",
        "references-0-url": "https://docs.aws.amazon.com/codedeploy/latest/userguide/welcome.html",
    }
    for i in range(count):
        data[f"choices-{i}-order"] = i
        data[f"choices-{i}-text"] = f"Choice {i}"
        data[f"choices-{i}-rationale"] = f"Why {i}."
        if i in correct:
            data[f"choices-{i}-is_correct"] = "on"
    return data


@pytest.fixture
def task(guide) -> TaskStatement:
    return TaskStatement.objects.get(code="1.4")


def test_staff_can_add_a_valid_question(staff_client, task):
    response = staff_client.post(reverse("admin:questions_question_add"), question_form(task))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    question = Question.objects.get(external_id="admin-made-1")
    assert question.choices.filter(is_correct=True).count() == 1
    assert question.references.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"correct": (0, 1)}, "exactly 1 correct choice; it has 2"),
        ({"count": 3}, "at least 4 choices; it has 3"),
        ({"qtype": "multiple", "choose": 2, "correct": (0,), "count": 5}, "at least 2 correct"),
        (
            {"qtype": "multiple", "choose": 3, "correct": (0, 1), "count": 5},
            "number to choose (3) must equal the number of correct choices (2)",
        ),
    ],
)
def test_admin_refuses_choices_the_importer_would_refuse(staff_client, task, kwargs, message):
    response = staff_client.post(
        reverse("admin:questions_question_add"), question_form(task, **kwargs)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_admin_refuses_http_references(staff_client, task):
    data = question_form(task)
    data["references-0-url"] = "http://docs.aws.amazon.com/x"
    response = staff_client.post(reverse("admin:questions_question_add"), data)
    assert "absolute https:// URLs" in response.content.decode()
    assert not Question.objects.exists()


def test_domain_weights_must_sum_to_100_in_the_admin(staff_client, guide):
    url = reverse("admin:questions_examguide_change", args=[guide.pk])
    domains = list(guide.domains.order_by("number"))
    data = {
        "code": guide.code,
        "name": guide.name,
        "exam_questions": 75,
        "exam_minutes": 180,
        "domains-TOTAL_FORMS": len(domains),
        "domains-INITIAL_FORMS": len(domains),
        "domains-MIN_NUM_FORMS": 0,
        "domains-MAX_NUM_FORMS": 1000,
    }
    for i, domain in enumerate(domains):
        data.update(
            {
                f"domains-{i}-id": domain.pk,
                f"domains-{i}-guide": guide.pk,
                f"domains-{i}-number": domain.number,
                f"domains-{i}-name": domain.name,
                f"domains-{i}-weight": domain.weight + (1 if i == 0 else 0),
            }
        )
    response = staff_client.post(url, data)
    assert "must add up to 100; they add up to 101" in response.content.decode()
    assert guide.domains.get(number=1).weight == 22


def test_changelist_filters_and_search(staff_client, guide):
    QuestionFactory(task="1.1", stem="Pipelines with manual approval gates")
    QuestionFactory(task="3.2", stem="Scaling a fleet", status=Question.Status.DRAFT)
    other = ExamGuide.objects.create(code="XYZ-C01", name="Another exam")
    other_domain = Domain.objects.create(guide=other, number=1, name="Everything", weight=100)
    QuestionFactory(
        task_statement=TaskStatement.objects.create(domain=other_domain, code="1.1", title="All"),
        stem="A question of another exam",
    )
    url = reverse(CHANGELIST)
    response = staff_client.get(url, {"q": "approval"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    response = staff_client.get(url, {"task_statement__domain__guide__id__exact": other.pk})
    assert [q.stem for q in response.context["cl"].result_list] == ["A question of another exam"]
    response = staff_client.get(url, {"status__exact": "draft"})
    assert [q.stem for q in response.context["cl"].result_list] == ["Scaling a fleet"]
    domain3 = guide.domains.get(number=3)
    response = staff_client.get(url, {"task_statement__domain__id__exact": domain3.pk})
    assert response.context["cl"].result_count == 1
    page = response.content.decode()
    for label in ("By exam guide", "By domain", "By task statement", "By type", "By difficulty"):
        assert label.lower() in page.lower()


def test_bulk_publish_and_retire(staff_client, guide):
    drafts = [QuestionFactory(status=Question.Status.DRAFT) for _ in range(3)]
    url = reverse(CHANGELIST)
    staff_client.post(url, {"action": "publish", "_selected_action": [q.pk for q in drafts[:2]]})
    statuses = sorted(Question.objects.values_list("status", flat=True))
    assert statuses == ["draft", "published", "published"]
    staff_client.post(url, {"action": "retire", "_selected_action": [drafts[0].pk]})
    assert Question.objects.get(pk=drafts[0].pk).status == "retired"


def test_preview_renders_the_question_as_a_candidate_sees_it(staff_client, guide):
    question = QuestionFactory(task="2.1", type="multiple", stem="Pick the **two** best.")
    response = staff_client.get(reverse("admin:questions_question_preview", args=[question.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pick the <strong>two</strong> best." in page
    assert "Choose TWO." in page
    assert page.count('type="checkbox"') == 5
    assert "Answer key (authors only)" in page


def test_admin_pages_are_for_staff_only(candidate_client, guide):
    question = QuestionFactory()
    for url in (
        reverse(CHANGELIST),
        reverse("admin:questions_question_preview", args=[question.pk]),
        reverse("admin:questions_question_coverage"),
    ):
        response = candidate_client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_coverage_page_counts_against_one_full_mock(staff_client, guide):
    for _ in range(17):
        QuestionFactory(task="1.2")
    QuestionFactory(task="1.3", type="multiple")
    QuestionFactory(task="4.1", status=Question.Status.DRAFT)
    response = staff_client.get(reverse("admin:questions_question_coverage"))
    assert response.status_code == 200
    (coverage,) = response.context["coverages"]
    domains = {d.number: d for d in coverage.domains}
    assert [d.quota for d in coverage.domains] == [17, 13, 11, 11, 10, 13]
    assert (domains[1].published, domains[1].multiple, domains[1].mocks) == (18, 1, 1)
    assert domains[4].drafts == 1 and domains[4].published == 0
    assert domains[2].short == 13
    assert coverage.full_mocks == 0
    task_rows = {t.code: t for t in domains[1].tasks}
    assert task_rows["1.2"].published == 17
    assert sum(t.target for t in domains[1].tasks) == 17
    page = response.content.decode()
    assert "short by 13" in page
    assert (
        reverse("admin:questions_question_coverage")
        in staff_client.get(reverse(CHANGELIST)).content.decode()
    )


def test_full_mocks_is_the_scarcest_domain(guide):
    from questions.selectors import guide_coverage

    quotas = {"1.1": 17, "2.1": 13, "3.1": 11, "4.1": 11, "5.1": 10, "6.1": 13}
    for code, quota in quotas.items():
        for _ in range(quota * 2):
            QuestionFactory(task=code)
    QuestionFactory.create_batch(9, task="5.2")  # domain 5: 29 → still only 2 mocks
    coverage = guide_coverage(guide)
    assert coverage.full_mocks == 2
    assert {d.number: d.mocks for d in coverage.domains}[5] == 2
