"""Store each question's and choice's rendered HTML, and fill it for rows that exist."""

from django.db import migrations, models


def render_existing(apps, schema_editor):
    from questions.markdown import render_markdown

    Question = apps.get_model("questions", "Question")
    Choice = apps.get_model("questions", "Choice")
    for question in Question.objects.all().iterator():
        question.stem_html = render_markdown(question.stem)
        question.explanation_html = render_markdown(question.explanation)
        question.save(update_fields=["stem_html", "explanation_html"])
    for choice in Choice.objects.all().iterator():
        choice.text_html = render_markdown(choice.text)
        choice.save(update_fields=["text_html"])


class Migration(migrations.Migration):
    dependencies = [("questions", "0002_seed_dop_c02")]

    operations = [
        migrations.AddField(
            model_name="choice", name="text_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="question", name="explanation_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="question", name="stem_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(render_existing, migrations.RunPython.noop),
    ]
