"""Sessions go back to Django's own table and Django's ModelBackend signs people in.

Live sessions are moved from accounts_session to django_session with the backend they name
rewritten from the retired AccountBackend to ModelBackend, so nobody is signed out by the
upgrade; reversing moves them back.
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import migrations
from django.utils import timezone

RETIRED = "accounts.backends.AccountBackend"
DJANGO = "django.contrib.auth.backends.ModelBackend"


def _moved(source, target_model, old_backend: str, new_backend: str):
    """Copies of the live sessions in `source` as `target_model` rows, backend renamed."""
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    for session in source.filter(expire_date__gt=timezone.now()).iterator():
        data = store.decode(session.session_data)  # {} when unreadable: copied as it is
        session_data = session.session_data
        if data.get(BACKEND_SESSION_KEY) == old_backend:
            data[BACKEND_SESSION_KEY] = new_backend
            session_data = store.encode(data)
        yield target_model(
            session_key=session.session_key,
            session_data=session_data,
            expire_date=session.expire_date,
        )


def to_django(apps, schema_editor):
    alias = schema_editor.connection.alias
    ours = apps.get_model("accounts", "Session").objects.using(alias)
    django = apps.get_model("sessions", "Session").objects.using(alias)
    django.bulk_create(
        _moved(ours, django.model, RETIRED, DJANGO), batch_size=500, ignore_conflicts=True
    )
    ours.all().delete()


def to_accounts(apps, schema_editor):
    alias = schema_editor.connection.alias
    ours = apps.get_model("accounts", "Session").objects.using(alias)
    django = apps.get_model("sessions", "Session").objects.using(alias)
    ours.bulk_create(
        _moved(django, ours.model, DJANGO, RETIRED), batch_size=500, ignore_conflicts=True
    )
    django.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_session_with_user"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(to_django, to_accounts),
        migrations.DeleteModel(name="Session"),
    ]
