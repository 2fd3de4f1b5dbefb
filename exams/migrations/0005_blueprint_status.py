"""Blueprints get a state: draft (staff only), listed (offered to candidates), retired.

Blueprints that were active become listed and inactive ones retired; new ones start as drafts.
"""

from django.db import migrations, models


def from_is_active(apps, schema_editor):
    Blueprint = apps.get_model("exams", "Blueprint")
    Blueprint.objects.filter(is_active=True).update(status="listed")
    Blueprint.objects.filter(is_active=False).update(status="retired")


def to_is_active(apps, schema_editor):
    Blueprint = apps.get_model("exams", "Blueprint")
    Blueprint.objects.update(is_active=False)
    Blueprint.objects.filter(status="listed").update(is_active=True)


class Migration(migrations.Migration):
    dependencies = [("exams", "0004_attemptitem_hot_updates")]

    operations = [
        migrations.AddField(
            model_name="blueprint",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft (staff only)"),
                    ("listed", "Listed (offered to candidates)"),
                    ("retired", "Retired (offered to nobody)"),
                ],
                default="draft",
                help_text=(
                    "A draft is offered to staff only, so it can be tried before candidates "
                    "see it."
                ),
                max_length=10,
            ),
        ),
        migrations.RunPython(from_is_active, to_is_active),
        migrations.RemoveField(model_name="blueprint", name="is_active"),
    ]
