"""kafka-python client factories with the settings this design relies on.

kafka-python's defaults are unsafe here (auto-commit on, offset reset
'latest', idempotence silently dropped on conflicting settings), so every
client is built through these functions, which set them explicitly.
"""

from __future__ import annotations

import contextlib
from typing import Any

from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import InvalidTransactionTimeoutError, KafkaError

from service.config import Settings
from service.errors import ConfigError

# Settings a caller may not override, per delivery mode: changing them breaks
# the guarantee the mode promises.
_PRODUCER_LOCKED = {"enable_idempotence": True, "acks": "all"}
_CONSUMER_LOCKED = {"enable_auto_commit": False}


def client_security_config(s: Settings) -> dict[str, Any]:
    """SSL/SASL options for any kafka-python client."""
    cfg: dict[str, Any] = {"security_protocol": s.kafka_security_protocol}
    if s.kafka_sasl_mechanism:
        cfg.update(sasl_mechanism=s.kafka_sasl_mechanism,
                   sasl_plain_username=s.kafka_sasl_username,
                   sasl_plain_password=s.kafka_sasl_password)
    if s.kafka_security_protocol in ("SSL", "SASL_SSL"):
        if s.kafka_ssl_cafile:
            cfg["ssl_cafile"] = s.kafka_ssl_cafile
        if s.kafka_ssl_certfile:
            cfg["ssl_certfile"] = s.kafka_ssl_certfile
        if s.kafka_ssl_keyfile:
            cfg["ssl_keyfile"] = s.kafka_ssl_keyfile
    return cfg


def _base(s: Settings) -> dict[str, Any]:
    if not s.bootstrap_servers:
        raise ConfigError("KAFKA_BOOTSTRAP_SERVERS is not set")
    return {"bootstrap_servers": s.bootstrap_servers, "client_id": s.kafka_client_id,
            "request_timeout_ms": s.kafka_request_timeout_ms, **client_security_config(s)}


def _check_locked(kind: str, locked: dict[str, Any], overrides: dict[str, Any]) -> None:
    for key, required in locked.items():
        if key in overrides and overrides[key] != required:
            raise ConfigError(f"{kind} setting {key}={overrides[key]!r} contradicts the delivery "
                              f"guarantees (must be {required!r})")


def producer_config(s: Settings, *, transactional_id: str | None = None,
                    **overrides: Any) -> dict[str, Any]:
    _check_locked("producer", _PRODUCER_LOCKED, overrides)
    cfg = {
        **_base(s),
        **_PRODUCER_LOCKED,
        "retries": 2**31 - 1,
        "max_in_flight_requests_per_connection": 5,
        "linger_ms": 5,
        "compression_type": None,
        "delivery_timeout_ms": max(120_000, s.kafka_request_timeout_ms + 5_000),
        "max_request_size": s.kafka_max_message_bytes,
    }
    if transactional_id:
        cfg["transactional_id"] = transactional_id
    cfg.update(overrides)
    return cfg


def make_producer(s: Settings, *, transactional_id: str | None = None,
                  **overrides: Any) -> KafkaProducer:
    return KafkaProducer(**producer_config(s, transactional_id=transactional_id, **overrides))


def consumer_config(s: Settings, *, group_id: str | None, read_committed: bool = False,
                    **overrides: Any) -> dict[str, Any]:
    _check_locked("consumer", _CONSUMER_LOCKED, overrides)
    cfg = {
        **_base(s),
        **_CONSUMER_LOCKED,
        "group_id": group_id,
        "auto_offset_reset": "earliest",
        "session_timeout_ms": s.kafka_session_timeout_ms,
        "heartbeat_interval_ms": s.kafka_heartbeat_interval_ms,
        "max_poll_interval_ms": s.kafka_max_poll_interval_ms,
        "isolation_level": "read_committed" if read_committed else "read_uncommitted",
    }
    cfg.update(overrides)
    return cfg


# per connection attempt; the long-running processes retry until stopped
BOOTSTRAP_TIMEOUT_MS = 5000


def processor_configs(s: Settings, *, group_id: str, transactional_id: str | None,
                      **consumer_overrides: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Producer and consumer configs of a consume-transform-produce process
    (the worker, the cluster assigner): read_committed input in batches of
    MAX_IN_FLIGHT, and with a transactional id (exactly-once) a transaction
    timeout that outlasts one poll interval plus one request."""
    transactional = {"transaction_timeout_ms": s.kafka_max_poll_interval_ms
                     + s.kafka_request_timeout_ms} if transactional_id else {}
    producer = producer_config(s, transactional_id=transactional_id,
                               bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS, **transactional)
    consumer = consumer_config(s, group_id=group_id, read_committed=True,
                               max_poll_records=s.max_in_flight,
                               bootstrap_timeout_ms=BOOTSTRAP_TIMEOUT_MS, **consumer_overrides)
    return producer, consumer


def transaction_timeout_refused(exc: BaseException) -> bool:
    """True when `exc` is the broker refusing the producer's transaction
    timeout. kafka-python 3.0.x does not raise InvalidTransactionTimeoutError
    from init_transactions itself: it wraps it in a plain KafkaError whose
    message names it."""
    if isinstance(exc, InvalidTransactionTimeoutError):
        return True
    return isinstance(exc, KafkaError) and InvalidTransactionTimeoutError.__name__ in str(exc)


def transaction_timeout_problem(s: Settings) -> str:
    """The configuration error a refused transaction timeout stands for."""
    timeout = s.kafka_max_poll_interval_ms + s.kafka_request_timeout_ms
    return (f"DELIVERY_MODE=exactly-once: KAFKA_MAX_POLL_INTERVAL_MS + KAFKA_REQUEST_TIMEOUT_MS = "
            f"{s.kafka_max_poll_interval_ms} + {s.kafka_request_timeout_ms} = {timeout} ms "
            "(the producer's transaction timeout) exceeds the broker's transaction.max.timeout.ms; "
            "lower those settings or raise the broker's limit")


def init_transactions(producer: KafkaProducer, s: Settings) -> None:
    """`producer.init_transactions()`, with a transaction timeout the broker
    refuses turned into a ConfigError: retrying cannot help, so the process
    must stop (exit 2) rather than wait for a broker it thinks unreachable."""
    try:
        producer.init_transactions()
    except KafkaError as exc:
        if not transaction_timeout_refused(exc):
            raise
        with contextlib.suppress(KafkaError):
            producer.close(timeout=0.5)  # nothing was sent: nothing to flush
        raise ConfigError(transaction_timeout_problem(s)) from None


def make_consumer(s: Settings, *topics: str, group_id: str | None,
                  read_committed: bool = False, **overrides: Any) -> KafkaConsumer:
    return KafkaConsumer(*topics, **consumer_config(s, group_id=group_id,
                                                    read_committed=read_committed, **overrides))


def broker_connected(client: KafkaConsumer | KafkaProducer) -> bool:
    """True when the client holds a live connection to at least one broker.

    kafka-python 3 has no public call for this (`bootstrap_connected()` is only
    true while bootstrapping), so it asks the client's network layer.
    """
    network = getattr(client, "_client", None)  # consumer
    if network is None:  # producer: its network client lives on the sender thread
        network = getattr(getattr(client, "_sender", None), "_client", None)
    if network is None:
        return False
    return any(network.connected(b.node_id) for b in network.cluster.brokers())
