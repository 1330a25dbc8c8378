"""The Kafka security settings documented in docs/operations.md reach
kafka-python as the options it expects, for each production set-up."""

from __future__ import annotations

import pytest

from service.config import load_settings
from service.errors import ConfigError
from service.transport.kafka import client_security_config, consumer_config, producer_config

BASE = {"KAFKA_BOOTSTRAP_SERVERS": "kafka-1:9093"}



def test_plaintext_is_the_default_and_sends_no_credentials() -> None:
    assert client_security_config(load_settings(BASE)) == {"security_protocol": "PLAINTEXT"}


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_over_tls(mechanism: str) -> None:
    s = load_settings({**BASE, "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                       "KAFKA_SASL_MECHANISM": mechanism, "KAFKA_SASL_USERNAME": "ingest",
                       "KAFKA_SASL_PASSWORD": "pw", "KAFKA_SSL_CAFILE": "/etc/kafka/ca.pem"})
    assert client_security_config(s) == {
        "security_protocol": "SASL_SSL", "sasl_mechanism": mechanism,
        "sasl_plain_username": "ingest", "sasl_plain_password": "pw",
        "ssl_cafile": "/etc/kafka/ca.pem"}


def test_mutual_tls_passes_the_client_certificate_and_key() -> None:
    s = load_settings({**BASE, "KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CAFILE": "/ca.pem",
                       "KAFKA_SSL_CERTFILE": "/client.pem", "KAFKA_SSL_KEYFILE": "/client.key"})
    assert client_security_config(s) == {
        "security_protocol": "SSL", "ssl_cafile": "/ca.pem", "ssl_certfile": "/client.pem",
        "ssl_keyfile": "/client.key"}


def test_tls_files_are_ignored_without_tls() -> None:
    s = load_settings({**BASE, "KAFKA_SSL_CAFILE": "/ca.pem"})
    assert "ssl_cafile" not in client_security_config(s)


def test_every_client_kind_gets_the_security_options() -> None:
    s = load_settings({**BASE, "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
                       "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256", "KAFKA_SASL_USERNAME": "u",
                       "KAFKA_SASL_PASSWORD": "p"})
    for cfg in (producer_config(s), consumer_config(s, group_id="g")):
        assert cfg["security_protocol"] == "SASL_PLAINTEXT"
        assert cfg["sasl_mechanism"] == "SCRAM-SHA-256"


@pytest.mark.parametrize(("env", "message"), [
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "needs KAFKA_SASL_MECHANISM"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN"},
     "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required"),
    ({"KAFKA_SASL_MECHANISM": "GSSAPI"}, "KAFKA_SASL_MECHANISM"),
    ({"KAFKA_SECURITY_PROTOCOL": "TLS"}, "KAFKA_SECURITY_PROTOCOL"),
])
def test_incomplete_security_settings_refuse_to_start(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({**BASE, **env})


def test_the_password_is_masked_in_the_settings_repr() -> None:
    s = load_settings({**BASE, "KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN",
                       "KAFKA_SASL_USERNAME": "u", "KAFKA_SASL_PASSWORD": "hunter2-secret"})
    assert "hunter2-secret" not in repr(s)
    assert s.masked()["kafka_sasl_password"] == "***"
