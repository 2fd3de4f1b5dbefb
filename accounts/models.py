"""The project's own user model, in place from the first migration so it can grow."""

from django.contrib.auth.models import AbstractUser
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
