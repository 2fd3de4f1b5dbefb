"""Every failed sign-in counts toward the account's and the address's limits (throttle.py)."""

from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from accounts import throttle


@receiver(user_login_failed)
def count_failed_sign_in(sender, credentials: dict, request=None, **kwargs) -> None:
    username = credentials.get("username")
    if request is not None and isinstance(username, str) and username:
        throttle.record_sign_in_failure(username, throttle.client_address(request))
