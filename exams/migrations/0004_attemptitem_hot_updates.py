"""Let PostgreSQL update answers in place ("HOT" updates): no index on a column a save or a
flag changes, no redundant index on attempt alone, and free room left in each page of the
two tables every exam request writes, for the new row version to land beside the old one."""

import django.db.models.deletion
from django.db import migrations, models

# Percent of each new page filled by inserts; the rest is kept for updated row versions.
FILLFACTOR = {"exams_attemptitem": 70, "exams_attempt": 80}


def leave_room_for_updates(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite rewrites a row in place and has no such setting.
    for table, percent in FILLFACTOR.items():
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {percent})")


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in FILLFACTOR:
        schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    dependencies = [
        ("exams", "0003_attemptitem_navigator_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="attemptitem",
            name="attemptitem_navigator",
        ),
        migrations.AlterField(
            model_name="attemptitem",
            name="attempt",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="exams.attempt",
            ),
        ),
        migrations.RunPython(leave_room_for_updates, fill_pages, elidable=False),
    ]
