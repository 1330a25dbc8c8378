from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from service.config import load_settings
from service.observability.logging import MASK, SecretMaskingFilter, configure_logging

PASSWORD = "s3cr3t-Pa55word"
SETTINGS = load_settings({
    "KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
    "KAFKA_SASL_USERNAME": "ingest", "KAFKA_SASL_PASSWORD": PASSWORD,
})


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    kafka_level = logging.getLogger("kafka").level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("kafka").setLevel(kafka_level)


def capture(fmt: str, level: str = "INFO") -> io.StringIO:
    stream = io.StringIO()
    configure_logging(fmt, level, settings=SETTINGS, stream=stream)
    return stream


def json_lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_json_format_writes_one_object_per_line_with_the_extras() -> None:
    stream = capture("json")
    log = logging.getLogger("wire_ingest.test")
    log.info("consumed %d records", 7, extra={"partition": 2, "topic": "wire.raw"})
    log.warning("second\nline")
    first, second = json_lines(stream)
    assert first["msg"] == "consumed 7 records"
    assert (first["level"], first["logger"]) == ("INFO", "wire_ingest.test")
    assert (first["partition"], first["topic"]) == (2, "wire.raw")
    assert str(first["ts"]).endswith("+00:00")
    assert second["msg"] == "second\nline"


def test_level_filters_lower_records() -> None:
    stream = capture("json", "WARNING")
    logging.getLogger("wire_ingest.test").info("hidden")
    logging.getLogger("wire_ingest.test").error("shown")
    assert [r["msg"] for r in json_lines(stream)] == ["shown"]


def test_exceptions_are_included_as_text() -> None:
    stream = capture("json")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("wire_ingest.test").exception("failed")
    (record,) = json_lines(stream)
    assert "RuntimeError: boom" in str(record["exc"])


def test_console_format_is_one_readable_line_without_colour_codes() -> None:
    stream = capture("console")
    logging.getLogger("wire_ingest.test").info("started", extra={"services": ["worker"],
                                                                 "note": "two words"})
    line = stream.getvalue().rstrip("\n")
    assert "\n" not in line
    assert "\x1b[" not in line
    assert " INFO    wire_ingest.test: started " in line
    assert 'services=["worker"]' in line
    assert 'note="two words"' in line


@pytest.mark.parametrize("fmt", ["json", "console"])
def test_secret_values_never_reach_the_output(fmt: str) -> None:
    stream = capture(fmt)
    log = logging.getLogger("wire_ingest.test")
    log.warning("auth failed with %s", PASSWORD)
    log.warning("connect", extra={"error": f"SASL rejected password {PASSWORD}",
                                  "config": {"sasl_plain_password": "other", "user": "ingest"},
                                  "kafka_sasl_password": "x"})
    log.info("settings", extra={"settings": SETTINGS})
    try:
        raise ValueError(f"bad credentials {PASSWORD}")
    except ValueError:
        log.exception("exception")
    out = stream.getvalue()
    assert PASSWORD not in out
    assert '"other"' not in out and "=other" not in out
    assert out.count(MASK) >= 5
    assert "ingest" in out  # the user name is not a secret


def test_an_exception_object_in_extras_is_masked_too() -> None:
    stream = capture("json")
    logging.getLogger("wire_ingest.test").error("x", extra={"error": OSError(f"pw {PASSWORD}")})
    (record,) = json_lines(stream)
    assert record["error"] == f"pw {MASK}"


def test_filter_masks_keys_of_secret_settings_by_env_name_case_insensitively() -> None:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "m", None, None)
    record.KAFKA_SASL_PASSWORD = "plain"
    SecretMaskingFilter().filter(record)
    assert record.KAFKA_SASL_PASSWORD == MASK


def test_reconfiguring_replaces_the_handler_instead_of_adding_one() -> None:
    root = logging.getLogger()
    before = len(root.handlers)
    first = capture("json")
    second = capture("console")
    assert len(root.handlers) == before + 1
    logging.getLogger("wire_ingest.test").info("once")
    assert first.getvalue() == ""
    assert second.getvalue().count("once") == 1


def test_kafka_client_chatter_is_quietened_at_info() -> None:
    stream = capture("json")
    logging.getLogger("kafka.conn").info("connecting to broker")
    logging.getLogger("kafka.conn").warning("connection lost")
    assert [r["msg"] for r in json_lines(stream)] == ["connection lost"]


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="log format"):
        configure_logging("xml", "INFO")
