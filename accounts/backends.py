"""Sign-in with username and password; the user behind each request read in one cheap query."""

from django.contrib.auth.backends import ModelBackend

from accounts.models import User
from config import rawsql

_USER_FIELDS = rawsql.fields(User, *(f.attname for f in User._meta.concrete_fields))
_USER_SQL = f"SELECT {rawsql.columns('u', _USER_FIELDS)} FROM accounts_user u WHERE u.id = %s"


class AccountBackend(ModelBackend):
    """Django's ModelBackend (passwords, permissions, inactive users refused); only get_user,
    which runs on every signed-in request, reads the row without building an ORM query."""

    def get_user(self, user_id):
        rows = rawsql.fetch(_USER_SQL, [user_id], _USER_FIELDS)
        if not rows:
            return None
        user = rawsql.instance(User, _USER_FIELDS, rows[0])
        return user if self.user_can_authenticate(user) else None
