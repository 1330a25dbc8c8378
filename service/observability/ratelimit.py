"""Rate limit for the Kafka client library's repeated log lines.

With the broker away, kafka-python logs every failed connection attempt,
request timeout and metadata refresh — over a hundred warning and error
lines a minute per process — while the service itself says "broker
unreachable" once per 30 s. This filter lets each *kind* of client line
through once per interval (kind: logger name and message with numbers,
addresses and object reprs blanked out) and counts what it held back, which
the next line of that kind reports as `suppressed`. The service's own lines
and the client's lines below WARNING are not touched (its INFO is already
silenced at the default level).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

CLIENT_LOGGER_PREFIX = "kafka"
INTERVAL_S = 30.0

_VARIABLE = re.compile(r"<[^<>]*>|\[[^\[\]]*\]|\d+(?:\.\d+)*")


def line_kind(record: logging.LogRecord) -> tuple[str, str]:
    """What makes two client lines "the same": the logger and the message
    template, with the parts that change from attempt to attempt removed."""
    template = record.msg if isinstance(record.msg, str) else str(record.msg)
    return record.name, _VARIABLE.sub("#", template)


class ClientLogRateLimit(logging.Filter):
    def __init__(self, interval_s: float = INTERVAL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.interval_s = interval_s
        self._clock = clock
        self._lock = threading.Lock()
        self._last: dict[tuple[str, str], float] = {}
        self._held: dict[tuple[str, str], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or not (
                record.name == CLIENT_LOGGER_PREFIX or record.name.startswith(CLIENT_LOGGER_PREFIX + ".")):
            return True
        kind = line_kind(record)
        now = self._clock()
        with self._lock:
            last = self._last.get(kind)
            if last is not None and now - last < self.interval_s:
                self._held[kind] = self._held.get(kind, 0) + 1
                return False
            self._last[kind] = now
            held = self._held.pop(kind, 0)
        if held:
            record.suppressed = held  # "this many like it were held back since the last one"
        return True
