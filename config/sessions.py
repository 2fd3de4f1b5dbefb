"""Database sessions that bring the signed-in user along: one query for both on every request.

The session table (accounts.Session) keeps the signed-in user's id beside the signed data, so
the load joins the user row and hands it to AccountBackend.get_user, which Django's
auth.get_user calls next in the same request; everything else (the backend check, the
session-hash check that signs out other devices after a password change) stays Django's.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from accounts import backends
from accounts.models import Session, User
from config import rawsql

_SESSION = rawsql.fields(Session, "session_key", "session_data")
_LOAD_SQL = f"""
    SELECT {rawsql.columns("s", _SESSION)}, {rawsql.columns("u", backends.USER_FIELDS)}
      FROM accounts_session s LEFT JOIN accounts_user u ON u.id = s.user_id
     WHERE s.session_key = %s AND s.expire_date > %s"""


class SessionStore(DatabaseSessionStore):
    """Django's database sessions; the load is one hand-written query that also reads the user.

    Saving, expiry, flushing and clearsessions are Django's own.
    """

    @classmethod
    def get_model_class(cls):
        return Session

    def _get_session_from_db(self):
        now = rawsql.db_value(Session, "expire_date", timezone.now())
        rows = rawsql.fetch(_LOAD_SQL, [self.session_key, now], _SESSION + backends.USER_FIELDS)
        if not rows:
            self._session_key = None
            backends.hand_over(None)
            return None
        row, split = rows[0], len(_SESSION)
        user = (
            None if row[split] is None else rawsql.instance(User, backends.USER_FIELDS, row[split:])
        )
        backends.hand_over(user)
        return Session(session_key=row[0], session_data=row[1])

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data)
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.user_id = _user_id(data)
        return session


def _user_id(data: dict) -> int | None:
    """The signed-in user's id from the session data (Django stores it as text), or None."""
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None
