"""When to poll a feed next: pure functions of the response and the clock.

Successful polls follow an adaptive interval (shorter while a feed
publishes, longer while it is quiet) bounded by the configured limits and
by what the feed advertises (ttl, sy:updatePeriod). The server's own cache
lifetime (Cache-Control max-age, Expires) is a floor. Failures back off
exponentially with jitter, and Retry-After wins when the server sends it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

PARK_RETRY_S = 86400.0
_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)


def _http_date(value: str) -> float | None:
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.timestamp()


def retry_after_seconds(headers: Mapping[str, str], now: float) -> float | None:
    """Seconds the server asked us to wait (delta or HTTP date), None if absent."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    return None if when is None else max(0.0, when - now)


def cache_lifetime_seconds(headers: Mapping[str, str], now: float) -> float | None:
    """How long the response says it stays fresh, None when it does not say."""
    control = headers.get("cache-control") or ""
    match = _MAX_AGE.search(control)
    if match:
        return float(match.group(1))
    expires = headers.get("expires")
    if expires:
        when = _http_date(expires)
        if when is None:
            return 0.0  # invalid Expires means "already expired" (RFC 9111)
        date = _http_date(headers.get("date") or "") or now
        return max(0.0, when - date)
    return None


def backoff_seconds(failures: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with equal jitter: half fixed, half random."""
    delay = min(cap, base * (2 ** max(0, failures - 1)))
    return delay / 2 + rng.uniform(0, delay / 2)


def adapt_interval(current: float, got_new: bool, hint: float | None,
                   lower: float, upper: float) -> float:
    """Next interval after a successful poll: ×0.75 when new entries came,
    ×1.25 when none did, kept within [max(lower, hint), upper]."""
    floor = min(upper, max(lower, hint or 0.0))
    proposed = current * (0.75 if got_new else 1.25)
    return min(upper, max(floor, proposed))


def next_due_after_success(now: float, interval: float, headers: Mapping[str, str],
                           upper: float) -> float:
    lifetime = cache_lifetime_seconds(headers, now)
    wait = interval if lifetime is None else max(interval, min(lifetime, upper))
    return now + wait
