"""Sessions move to accounts.Session, which keeps the signed-in user's id beside the data.

Live sessions are moved across (nobody is signed out by the upgrade); reversing moves them back.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import migrations, models
from django.utils import timezone


def _user_id(data: dict):
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


def move_sessions_in(apps, schema_editor):
    from django.contrib.sessions.backends.db import SessionStore

    old = apps.get_model("sessions", "Session").objects.using(schema_editor.connection.alias)
    new = apps.get_model("accounts", "Session").objects.using(schema_editor.connection.alias)
    User = apps.get_model("accounts", "User")
    users = set(User.objects.using(schema_editor.connection.alias).values_list("pk", flat=True))
    store = SessionStore()
    moved = []
    for session in old.filter(expire_date__gt=timezone.now()).iterator():
        user_id = _user_id(store.decode(session.session_data))
        moved.append(
            new.model(
                session_key=session.session_key,
                session_data=session.session_data,
                expire_date=session.expire_date,
                user_id=user_id if user_id in users else None,
            )
        )
    new.bulk_create(moved, batch_size=500)
    old.all().delete()


def move_sessions_out(apps, schema_editor):
    old = apps.get_model("sessions", "Session").objects.using(schema_editor.connection.alias)
    new = apps.get_model("accounts", "Session").objects.using(schema_editor.connection.alias)
    old.bulk_create(
        (
            old.model(
                session_key=s.session_key, session_data=s.session_data, expire_date=s.expire_date
            )
            for s in new.filter(expire_date__gt=timezone.now()).iterator()
        ),
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_sessions_use_account_backend'),
        ('sessions', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Session',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'abstract': False,
            },
        ),
        migrations.RunPython(move_sessions_in, move_sessions_out),
    ]
