"""kafka-python's repeated lines are let through once per kind and interval."""

from __future__ import annotations

import logging

from service.observability.ratelimit import ClientLogRateLimit


def _record(name: str, msg: str, *args: object, level: int = logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


def test_a_minute_of_connection_errors_gives_two_lines_per_kind() -> None:
    now = [0.0]
    limit = ClientLogRateLimit(interval_s=30, clock=lambda: now[0])
    passed = []
    for attempt in range(120):  # two a second, with changing ports and node reprs
        for rec in (
            _record("kafka.net.connection", "<KafkaConnection node_id=%s host=127.0.0.1:%s>: "
                    "Connection refused", 1, 40000 + attempt),
            _record("kafka.cluster", f"Metadata refresh: failed [Error 7] after {attempt} ms",
                    level=logging.ERROR),
        ):
            if limit.filter(rec):
                passed.append(rec)
        now[0] += 0.5
    assert len(passed) == 4  # each kind at 0 s and 30 s
    assert getattr(passed[2], "suppressed", 0) == 59  # the held-back lines are counted


def test_the_services_own_lines_and_client_info_are_untouched() -> None:
    limit = ClientLogRateLimit(interval_s=30, clock=lambda: 0.0)
    own = [_record("service.worker.brokerwatch", "broker unreachable; retrying") for _ in range(5)]
    info = [_record("kafka.conn", "connecting", level=logging.INFO) for _ in range(5)]
    assert all(limit.filter(r) for r in own + info)


def test_different_messages_are_different_kinds() -> None:
    limit = ClientLogRateLimit(interval_s=30, clock=lambda: 0.0)
    assert limit.filter(_record("kafka.producer.sender", "Aborting producer batches"))
    assert limit.filter(_record("kafka.producer.sender", "Got error produce response"))
    assert not limit.filter(_record("kafka.producer.sender", "Aborting producer batches"))
