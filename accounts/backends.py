"""Sign-in with username and password; the user behind each request comes with its session."""

from contextvars import ContextVar

from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from config import rawsql

USER_FIELDS = rawsql.fields(User, *(f.attname for f in User._meta.concrete_fields))
_USER_SQL = f"SELECT {rawsql.columns('u', USER_FIELDS)} FROM accounts_user u WHERE u.id = %s"

# The user read with the session a moment ago in this request (config/sessions.py), taken by
# the get_user() that Django's auth.get_user calls next; a context variable, so one thread's
# or task's request never sees another's.
_handed_over: ContextVar[User | None] = ContextVar("session_user", default=None)


def hand_over(user: User | None) -> None:
    """Offer the user read with this request's session (None: that session has none)."""
    _handed_over.set(user)


class AccountBackend(ModelBackend):
    """Django's ModelBackend (passwords, permissions, inactive users refused); only get_user,
    which runs on every signed-in request, takes the user read with the session instead of
    querying again, and otherwise reads the row without building an ORM query."""

    def get_user(self, user_id):
        user = _handed_over.get()
        _handed_over.set(None)  # good for one get_user, never for a later one
        if user is None or user.pk != user_id:
            rows = rawsql.fetch(_USER_SQL, [user_id], USER_FIELDS)
            user = rawsql.instance(User, USER_FIELDS, rows[0]) if rows else None
        return user if user is not None and self.user_can_authenticate(user) else None
