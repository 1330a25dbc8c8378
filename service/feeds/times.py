"""Feed timestamps: keep the original text, and make a UTC datetime of it.

Feeds write RFC 822 (RSS), RFC 3339 (Atom, JSON Feed) or worse. A time with
no offset is read in the feed's configured timezone (UTC when none), because
the publisher almost always meant local time.
"""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


def _localise(naive: datetime, timezone: str | None) -> datetime:
    zone = ZoneInfo(timezone) if timezone else UTC
    return naive.replace(tzinfo=zone)


def _parse_text(text: str, timezone: str | None) -> datetime | None:
    value = text.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        # email.utils returns naive for a missing zone and for "-0000"
        # ("no information"); both mean "local to the publisher"
    if parsed.tzinfo is None:
        parsed = _localise(parsed, timezone)
    return parsed.astimezone(UTC)


def parse_feed_time(original: str | None, parsed_utc: time.struct_time | None,
                    timezone: str | None) -> datetime | None:
    """UTC datetime for a feed time. `parsed_utc` is feedparser's own parse
    (already UTC, but naive times were taken as UTC), used when our stricter
    parsers cannot read the text."""
    result: datetime | None = None
    if original:
        try:
            result = _parse_text(original, timezone)
        except (OverflowError, ValueError):
            result = None
    if result is None and parsed_utc is not None:
        try:
            result = datetime.fromtimestamp(calendar.timegm(parsed_utc), tz=UTC)
        except (OverflowError, ValueError, OSError):
            result = None
    if result is not None and result < _EARLIEST:
        return None
    return result
