"""The project's own user model, in place from the first migration so it can grow, and the
database sessions that remember who is signed in."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class User(AbstractUser):
    """A candidate, or a staff author when is_staff is set."""

    esl_extra_time = models.BooleanField(
        "ESL accommodation (+30 minutes)",
        default=False,
        help_text=(
            "Candidates whose first language is not English may request 30 extra minutes in "
            "the real exam; mock exams started from now on get them too."
        ),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class Session(AbstractBaseSession):
    """Django's database session plus the signed-in user's id, so the session and its user are
    read with one query on every request (config/sessions.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    @classmethod
    def get_session_store_class(cls):
        from config.sessions import SessionStore

        return SessionStore
