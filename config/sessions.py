"""Database sessions, loaded with one hand-written query (every signed-in request loads one)."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from config import rawsql

_LOAD_SQL = "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s"


class SessionStore(DatabaseSessionStore):
    """Django's database sessions; only the load skips the ORM's query building.

    Saving, expiry, flushing and clearsessions are Django's own.
    """

    def _get_session_from_db(self):
        now = rawsql.db_value(Session, "expire_date", timezone.now())
        rows = rawsql.fetch(_LOAD_SQL, [self.session_key, now], ())
        if not rows:
            self._session_key = None
            return None
        return Session(session_key=self.session_key, session_data=rows[0][0])
