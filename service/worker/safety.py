"""Start-up check that the Kafka client configuration delivers what the
chosen delivery mode promises.

kafka-python 3.x defaults are unsafe for us (auto-commit on, offset reset
'latest', idempotence quietly dropped when acks/retries/in-flight settings
conflict), so the worker refuses to start, with a message naming the
setting, rather than run with a weaker guarantee than the one configured.
"""

from __future__ import annotations

from typing import Any

from service.config import Settings
from service.errors import ConfigError


def delivery_problems(s: Settings, producer: dict[str, Any], consumer: dict[str, Any]) -> list[str]:
    """Every way the effective client configs contradict `s.delivery_mode`."""
    problems: list[str] = []

    def need(cfg: dict[str, Any], kind: str, key: str, wanted: Any, why: str) -> None:
        if cfg.get(key) != wanted:
            problems.append(f"{kind} {key}={cfg.get(key)!r} but {wanted!r} is required: {why}")

    need(producer, "producer", "enable_idempotence", True,
         "retries must not duplicate or reorder records")
    need(producer, "producer", "acks", "all", "a record is acknowledged only once replicated")
    need(consumer, "consumer", "enable_auto_commit", False,
         "offsets are committed only after the output is acknowledged")
    need(consumer, "consumer", "auto_offset_reset", "earliest",
         "a new group must not skip records published before it joined")
    if (producer.get("retries") or 0) < 1:
        problems.append("producer retries must be positive: transient broker errors are retried")
    in_flight = producer.get("max_in_flight_requests_per_connection", 5)
    if not 1 <= in_flight <= 5:
        problems.append(f"producer max_in_flight_requests_per_connection={in_flight}: idempotence "
                        "keeps per-key order only for 1 to 5")
    if s.delivery_mode == "exactly-once":
        if not producer.get("transactional_id"):
            problems.append("exactly-once needs a transactional producer (transactional_id unset)")
        need(consumer, "consumer", "isolation_level", "read_committed",
             "exactly-once must not consume records of aborted transactions")
        timeout = producer.get("transaction_timeout_ms", 60_000)
        if timeout < consumer.get("max_poll_interval_ms", 0):
            problems.append(f"producer transaction_timeout_ms={timeout} is shorter than "
                            f"max_poll_interval_ms={consumer.get('max_poll_interval_ms')}: a slow "
                            "batch would be aborted by the broker")
    elif producer.get("transactional_id"):
        problems.append("a transactional producer is configured but DELIVERY_MODE=at-least-once")
    if consumer.get("max_poll_records", 500) > s.max_in_flight:
        problems.append(f"consumer max_poll_records={consumer.get('max_poll_records')} exceeds "
                        f"MAX_IN_FLIGHT={s.max_in_flight}")
    session = consumer.get("session_timeout_ms", 10_000)
    request = consumer.get("request_timeout_ms", 30_000)
    if request <= session:
        problems.append(f"KAFKA_REQUEST_TIMEOUT_MS={request} must exceed KAFKA_SESSION_TIMEOUT_MS="
                        f"{session}: a group join may take the whole session timeout")
    if s.shutdown_grace_s * 1000 >= consumer.get("max_poll_interval_ms", 300_000):
        problems.append(f"SHUTDOWN_GRACE_S={s.shutdown_grace_s} is not below "
                        "KAFKA_MAX_POLL_INTERVAL_MS: a stopping worker could be evicted mid-batch")
    return problems


def check_delivery_config(s: Settings, producer: dict[str, Any], consumer: dict[str, Any]) -> None:
    problems = delivery_problems(s, producer, consumer)
    if problems:
        raise ConfigError(f"client configuration contradicts DELIVERY_MODE={s.delivery_mode}: "
                          + "; ".join(problems))
