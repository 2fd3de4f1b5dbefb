"""Blueprints in the admin: own weights optional, and then they must be valid."""

from django.urls import reverse

from exams.models import Attempt, Blueprint


def blueprint_form(guide, weights: dict[int, int]):
    domains = {d.number: d for d in guide.domains.all()}
    data = {
        "guide": guide.pk,
        "name": "Domain 1 drill",
        "question_count": 10,
        "duration_minutes": 15,
        "pass_mark": 750,
        "status": "listed",
        "order": 5,
        "weights-TOTAL_FORMS": len(weights),
        "weights-INITIAL_FORMS": 0,
        "weights-MIN_NUM_FORMS": 0,
        "weights-MAX_NUM_FORMS": 1000,
    }
    for i, (number, weight) in enumerate(weights.items()):
        data[f"weights-{i}-domain"] = domains[number].pk
        data[f"weights-{i}-weight"] = weight
    return data


def test_admin_creates_a_blueprint_with_its_own_weights(staff_client, guide):
    url = reverse("admin:exams_blueprint_add")
    response = staff_client.post(url, blueprint_form(guide, {1: 60, 2: 40}))
    assert response.status_code == 302
    blueprint = Blueprint.objects.get(name="Domain 1 drill")
    assert blueprint.domain_weights() == {1: 60, 2: 40}


def test_blueprint_weights_must_add_up_to_100(staff_client, guide):
    url = reverse("admin:exams_blueprint_add")
    response = staff_client.post(url, blueprint_form(guide, {1: 60, 2: 30}))
    assert "must add up to 100; they add up to 90" in response.content.decode()
    assert not Blueprint.objects.filter(name="Domain 1 drill").exists()


def test_a_blueprint_without_weights_uses_the_guides(blueprints):
    assert blueprints["Quick practice"].domain_weights() == {
        1: 22,
        2: 17,
        3: 15,
        4: 15,
        5: 14,
        6: 17,
    }


def test_attempts_are_view_only_in_the_admin(staff_client, attempt):
    assert staff_client.get(reverse("admin:exams_attempt_changelist")).status_code == 200
    change = staff_client.get(reverse("admin:exams_attempt_change", args=[attempt.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert staff_client.get(reverse("admin:exams_attempt_add")).status_code == 403
    assert Attempt.objects.count() == 1
