"""Offer the two standard mocks: the full DOP-C02 exam and a 20-question quick practice."""

from django.db import migrations

BLUEPRINTS = [
    {"name": "DOP-C02 full mock", "question_count": 75, "duration_minutes": 180, "order": 1},
    {"name": "Quick practice", "question_count": 20, "duration_minutes": 30, "order": 2},
]


def create_blueprints(apps, schema_editor):
    ExamGuide = apps.get_model("questions", "ExamGuide")
    Blueprint = apps.get_model("exams", "Blueprint")
    guide = ExamGuide.objects.filter(code="DOP-C02").first()
    if guide is None:
        return
    # Offered to candidates: is_active here, status "listed" from 0005 (tests seed through this).
    fields = {f.name for f in Blueprint._meta.get_fields()}
    offered = {"status": "listed"} if "status" in fields else {"is_active": True}
    for data in BLUEPRINTS:
        Blueprint.objects.update_or_create(
            guide=guide, name=data["name"], defaults={**data, "pass_mark": 750, **offered}
        )


def remove_blueprints(apps, schema_editor):
    Blueprint = apps.get_model("exams", "Blueprint")
    Blueprint.objects.filter(
        name__in=[b["name"] for b in BLUEPRINTS], attempts__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("exams", "0001_initial"), ("questions", "0002_seed_dop_c02")]

    operations = [migrations.RunPython(create_blueprints, remove_blueprints)]
