"""The project's own user model, in place from the first migration so it can grow."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A candidate, or a staff author when is_staff is set."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
