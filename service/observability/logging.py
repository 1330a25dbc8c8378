"""Process-wide logging set-up: JSON lines for machines, a plain console
format for people, and a filter that keeps secrets out of both.

Structured context travels in `extra={...}`; both formats print it.
Secrets are masked wherever they appear: as the value of a secret setting
(by its field or environment name, e.g. `kafka_sasl_password`,
`KAFKA_SASL_PASSWORD`) or of a well-known credential key, and as a
registered secret value inside any message or extra (a broker error that
echoes a password, say).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any, TextIO

import orjson

from service.config import Settings
from service.observability.ratelimit import ClientLogRateLimit

MASK = "***"

# Attributes every LogRecord has; anything else on a record came from `extra`.
_RECORD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "taskName"}

# Keys whose values are credentials whatever setting they came from
# (kafka-python's config names included).
_GENERIC_SECRET_KEYS = frozenset({
    "password", "passwd", "secret", "token", "authorization", "api_key", "apikey",
    "sasl_plain_password", "ssl_password", "sasl_oauth_token_provider",
})

# Chatty third-party loggers: their INFO is connection noise, their warnings matter.
_NOISY_LOGGERS = ("kafka", "httpx", "httpcore")


def secret_setting_keys() -> frozenset[str]:
    """Field and environment names (lower case) of the settings marked secret."""
    keys: set[str] = set()
    for f in fields(Settings):
        if f.metadata.get("secret"):
            keys.add(f.name.lower())
            keys.add(str(f.metadata["env"]).lower())
    return frozenset(keys)


def secret_values(settings: Settings) -> frozenset[str]:
    """The non-empty values of the settings marked secret."""
    return frozenset(
        str(getattr(settings, f.name)) for f in fields(Settings)
        if f.metadata.get("secret") and getattr(settings, f.name)
    )


class SecretMaskingFilter(logging.Filter):
    """Rewrites each record so no secret survives into any formatter."""

    def __init__(self, values: Iterable[str] = (), keys: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first, so a secret containing another is masked whole.
        self.values = tuple(sorted({v for v in values if v}, key=len, reverse=True))
        self.keys = frozenset(k.lower() for k in keys) | secret_setting_keys() | _GENERIC_SECRET_KEYS

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # bad %-args: let the handler report it as usual
            return True
        masked = self._mask_text(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        for name, value in list(vars(record).items()):
            if name in _RECORD_ATTRS:
                continue
            setattr(record, name, MASK if self._is_secret_key(name) else self._mask(value))
        if record.exc_info and self.values:
            # Render the traceback now, masked, so the formatter reuses the text.
            record.exc_text = self._mask_text("".join(traceback.format_exception(*record.exc_info)))
            record.exc_info = None
        return True

    def _is_secret_key(self, key: str) -> bool:
        return key.lower() in self.keys

    def _mask_text(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, MASK)
        return text

    def _mask(self, value: Any) -> Any:
        if isinstance(value, str):
            return self._mask_text(value)
        if isinstance(value, Settings):
            return value.masked()
        if isinstance(value, Mapping):
            return {k: (MASK if isinstance(k, str) and self._is_secret_key(k) else self._mask(v))
                    for k, v in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self._mask(v) for v in value]
        if value is None or isinstance(value, bool | int | float):
            return value
        # Exceptions and other objects end up as str() in the output.
        text = str(value)
        masked = self._mask_text(text)
        return masked if masked != text else value


def _extras(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _RECORD_ATTRS and not k.startswith("_")}


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def _exception_text(formatter: logging.Formatter, record: logging.LogRecord) -> str | None:
    if record.exc_info and not record.exc_text:
        record.exc_text = formatter.formatException(record.exc_info)
    return record.exc_text or None


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, msg, then the extras."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {"ts": _timestamp(record), "level": record.levelname,
                               "logger": record.name, "msg": record.getMessage()}
        for key, value in _extras(record).items():
            doc.setdefault(key, value)
        exc = _exception_text(self, record)
        if exc:
            doc["exc"] = exc
        return orjson.dumps(doc, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


class ConsoleFormatter(logging.Formatter):
    """`2024-05-01T12:00:00.000+00:00 INFO  logger: message key=value ...`, no colours."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_timestamp(record)} {record.levelname:<7} {record.name}: {record.getMessage()}"
        extras = " ".join(f"{k}={_console_value(v)}" for k, v in _extras(record).items())
        if extras:
            line = f"{line} {extras}"
        exc = _exception_text(self, record)
        return f"{line}\n{exc}" if exc else line


def _console_value(value: Any) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value, default=str).decode()
    return orjson.dumps(text).decode() if (not text or any(c.isspace() for c in text)) else text


_HANDLER_MARK = "_wire_ingest_handler"


def configure_logging(fmt: str, level: str, *, settings: Settings | None = None,
                      stream: TextIO | None = None) -> None:
    """Install the process's log handler on the root logger (replacing one a
    previous call installed). `fmt` is "json" or "console"; `settings`, when
    given, registers its secret values for masking; `stream` defaults to stderr."""
    if fmt not in ("json", "console"):
        raise ValueError(f"unknown log format {fmt!r}: expected json or console")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else ConsoleFormatter())
    handler.addFilter(SecretMaskingFilter(secret_values(settings) if settings else ()))
    if level.upper() != "DEBUG":  # debugging the client needs every line
        handler.addFilter(ClientLogRateLimit())
    setattr(handler, _HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    quiet = max(logging.WARNING, root.level)
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(quiet if root.level > logging.DEBUG else logging.DEBUG)
