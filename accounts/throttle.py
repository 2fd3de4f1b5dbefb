"""Limits on guessing and on reset mail, beside django-axes' lock per (username, address).

- The client's address is read behind a TLS proxy from X-Forwarded-For, trusting exactly the
  number of proxies the operator configured (TRUSTED_PROXY_COUNT), never the header alone.
- Per account, across addresses: after ACCOUNT_FAILURE_LIMIT failed sign-ins, each within the
  cool-off of the last, the account refuses sign-ins until the cool-off passes without one.
  A password reset clears it at once, so the owner is never kept out for long.
- Per address, across accounts: ADDRESS_FAILURE_LIMIT failures (password spraying), high
  enough that a classroom behind one NAT is not locked out by a few typos.
- Reset mail: at most one per address every RESET_EMAIL_SECONDS, and RESET_CLIENT_LIMIT per
  client an hour; the reply is the same whether a mail went out or not.

Counters live in the cache every process shares (config/settings.py, CACHES).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or behind N trusted proxies the address the first
    of them saw (the N-th entry from the right of X-Forwarded-For)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote  # it did not come through every proxy: trust nothing it says
    return forwarded[-proxies][:64]


def _key(scope: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode("utf-8", "replace")).hexdigest()
    return f"throttle:{scope}:{digest}"


def _count(scope: str, value: str) -> int:
    return cache.get(_key(scope, value), 0)


def _add_one(scope: str, value: str, seconds: int) -> int:
    """Count one more; the count lapses `seconds` after the latest one (a sliding window)."""
    key = _key(scope, value)
    count = cache.get(key, 0) + 1
    cache.set(key, count, seconds)
    return count


def record_sign_in_failure(username: str, address: str) -> None:
    seconds = settings.SIGN_IN_COOLOFF_SECONDS
    _add_one("account", username, seconds)
    _add_one("address", address, seconds)


def sign_in_refusal(username: str, address: str) -> str:
    """Why a sign-in is refused before the password is even checked, or ""."""
    if _count("account", username) >= settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT:
        return (
            "This account is locked for a while after many failed sign-ins. Reset your "
            "password to sign in now, or try again in 15 minutes."
        )
    if _count("address", address) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
        return "Too many failed sign-ins from your network. Try again in 15 minutes."
    return ""


def clear_account(username: str) -> None:
    """The owner proved who they are (a password reset): the account tier starts again."""
    cache.delete(_key("account", username))


def reset_mail_allowed(email: str, address: str) -> bool:
    """One reset mail per address every few minutes, and a handful per client an hour."""
    if _add_one("reset-client", address, 3600) > settings.RESET_CLIENT_LIMIT:
        return False
    return cache.add(_key("reset-email", email), 1, settings.RESET_EMAIL_SECONDS)
