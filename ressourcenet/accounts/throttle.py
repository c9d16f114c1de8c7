"""Slow down password guessing: count attempts per key and refuse for a while after too many.

A key is a kind of attempt and what it is counted for: the login typed in, an e-mail
address asking for a password reset, or an IP address. Attempts are counted for
THROTTLE_MINUTES (or the limit's own setting, e.g. LIVE_CODE_BLOCK_MINUTES) from the first
one; the one that reaches the limit blocks the key for as long. The rows live in the
database, so several app servers count together, and an administrator can lift a block in
the admin by deleting its row.

Counting does not depend on whether the login exists, so the answers reveal nothing
about which addresses have a login.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from ressourcenet.accounts.models import RateLimit


class Throttled(Exception):
    """Too many attempts: refused until `until`."""

    def __init__(self, until: datetime):
        super().__init__(f"blocked until {until.isoformat()}")
        self.until = until


@dataclass(frozen=True)
class Limit:
    kind: str
    setting: str  # the name of the setting that holds the number of attempts allowed
    # The name of the setting that holds the minutes attempts are counted for, and blocked for.
    minutes_setting: str = "THROTTLE_MINUTES"

    @property
    def attempts(self) -> int:
        return getattr(settings, self.setting)

    @property
    def period(self) -> timedelta:
        return timedelta(minutes=getattr(settings, self.minutes_setting))

    def key(self, value: str) -> str:
        return f"{self.kind}:{value.strip().lower()}"[: RateLimit._meta.get_field("key").max_length]


LOGIN_PER_ACCOUNT = Limit("login-account", "LOGIN_FAILURES_PER_ACCOUNT")
LOGIN_PER_IP = Limit("login-ip", "LOGIN_FAILURES_PER_IP")
RESET_PER_ADDRESS = Limit("reset-address", "PASSWORD_RESETS_PER_ADDRESS")
RESET_PER_IP = Limit("reset-ip", "PASSWORD_RESETS_PER_IP")
LIVE_CODE_PER_IP = Limit("live-code-ip", "LIVE_CODE_MISSES_PER_IP", "LIVE_CODE_BLOCK_MINUTES")
# New live participants from one address, per live code (value: "<code>:<address>").
LIVE_JOINS_PER_IP = Limit("live-join-ip", "LIVE_JOINS_PER_IP", "LIVE_JOIN_MINUTES")


def client_ip(request: HttpRequest) -> str:
    """The caller's address; behind TRUSTED_PROXIES proxies, the one the outermost saw."""
    proxies = settings.TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies and (address := _address(forwarded[-proxies])):
            return address
    return request.META.get("REMOTE_ADDR", "")


def _address(forwarded: str) -> str:
    """An address as a proxy wrote it ("203.0.113.9", "203.0.113.9:4711", "[2001:db8::1]:443"),
    without its port; "" for what is no address ("unknown")."""
    candidates = [forwarded]
    if forwarded.startswith("["):
        candidates.append(forwarded[1:].split("]", 1)[0])
    elif forwarded.count(":") == 1:
        candidates.append(forwarded.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""


def client_network(request: HttpRequest) -> str:
    """The caller's address for counting per room: an IPv4 address, or the /64 prefix of
    an IPv6 address (one household, one room or one attacker has a whole /64)."""
    return network_of(client_ip(request))


def network_of(ip: str) -> str:
    """An IPv4 address as it is, an IPv6 address as its /64 (see client_network)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def check(limit: Limit, value: str) -> None:
    """Raise Throttled while `value` is blocked under `limit`."""
    now = timezone.now()
    row = RateLimit.objects.filter(key=limit.key(value), blocked_until__gt=now).first()
    if row is not None:
        raise Throttled(row.blocked_until)


def record(limit: Limit, value: str) -> datetime | None:
    """Count one attempt; return the end of the block if this attempt reached the limit."""
    now = timezone.now()
    with transaction.atomic():
        _forget_old(now)
        row, _created = RateLimit.objects.select_for_update().get_or_create(
            key=limit.key(value), defaults={"window_ends_at": now + limit.period}
        )
        row.attempts += 1
        if row.attempts >= limit.attempts and row.blocked_until is None:
            row.blocked_until = now + limit.period
        row.save()
    return row.blocked_until


def clear(limit: Limit, value: str) -> None:
    RateLimit.objects.filter(key=limit.key(value)).delete()


def _forget_old(now: datetime) -> None:
    """Delete the rows whose counting period or block has ended: the count starts again."""
    RateLimit.objects.filter(
        Q(blocked_until__isnull=True, window_ends_at__lte=now) | Q(blocked_until__lte=now)
    ).delete()
