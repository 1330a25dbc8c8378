from __future__ import annotations

import pytest

from service.config import load_settings
from service.errors import ConfigError
from service.transport.kafka import consumer_config, producer_config

S = load_settings({"KAFKA_BOOTSTRAP_SERVERS": "k1:9092,k2:9092"})


def test_producer_is_idempotent_and_waits_for_all_replicas() -> None:
    cfg = producer_config(S)
    assert cfg["enable_idempotence"] is True
    assert cfg["acks"] == "all"
    assert cfg["bootstrap_servers"] == ["k1:9092", "k2:9092"]


def test_consumer_commits_manually_and_starts_from_the_earliest_offset() -> None:
    cfg = consumer_config(S, group_id="g")
    assert cfg["enable_auto_commit"] is False
    assert cfg["auto_offset_reset"] == "earliest"


@pytest.mark.parametrize("override", [{"acks": 1}, {"enable_idempotence": False}])
def test_producer_overrides_contradicting_the_guarantees_are_refused(override: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="contradicts the delivery guarantees"):
        producer_config(S, **override)


def test_auto_commit_cannot_be_switched_on() -> None:
    with pytest.raises(ConfigError, match="enable_auto_commit"):
        consumer_config(S, group_id="g", enable_auto_commit=True)


def test_transactional_producer_gets_its_id() -> None:
    assert producer_config(S, transactional_id="w-1")["transactional_id"] == "w-1"


def test_sasl_settings_reach_the_client() -> None:
    s = load_settings({"KAFKA_BOOTSTRAP_SERVERS": "k:9093", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                       "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "KAFKA_SASL_USERNAME": "u",
                       "KAFKA_SASL_PASSWORD": "p", "KAFKA_SSL_CAFILE": "/etc/ca.pem"})
    cfg = consumer_config(s, group_id="g")
    assert cfg["security_protocol"] == "SASL_SSL"
    assert cfg["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (cfg["sasl_plain_username"], cfg["sasl_plain_password"]) == ("u", "p")
    assert cfg["ssl_cafile"] == "/etc/ca.pem"


def test_a_refused_transaction_timeout_is_recognised_wrapped_or_not() -> None:
    from kafka.errors import InvalidTransactionTimeoutError, KafkaError, ProducerFencedError

    from service.transport.kafka import transaction_timeout_refused

    # what kafka-python 3.0.x's InitProducerId handler raises for error 50
    wrapped = KafkaError(f"Unexpected error in InitProducerIdResponse: {InvalidTransactionTimeoutError()}")
    assert transaction_timeout_refused(wrapped)
    assert transaction_timeout_refused(InvalidTransactionTimeoutError())
    assert not transaction_timeout_refused(ProducerFencedError())
    assert not transaction_timeout_refused(KafkaError("Unexpected error in InitProducerIdResponse: "
                                                      "[Error -1] UnknownError"))


def test_the_transaction_timeout_problem_names_the_settings_and_the_broker_limit() -> None:
    from service.transport.kafka import transaction_timeout_problem

    s = load_settings({"KAFKA_BOOTSTRAP_SERVERS": "k1:9092", "KAFKA_MAX_POLL_INTERVAL_MS": "900000",
                       "KAFKA_REQUEST_TIMEOUT_MS": "40000", "KAFKA_SESSION_TIMEOUT_MS": "30000"})
    message = transaction_timeout_problem(s)
    assert ("KAFKA_MAX_POLL_INTERVAL_MS + KAFKA_REQUEST_TIMEOUT_MS = 900000 + 40000 = 940000 ms"
            in message)
    assert "exceeds the broker's transaction.max.timeout.ms" in message
