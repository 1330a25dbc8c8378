from __future__ import annotations

import pytest

from service.config import describe_settings, load_settings, settings_environ
from service.errors import ConfigError


def test_defaults_give_the_documented_topic_names() -> None:
    s = load_settings({})
    assert (s.raw_topic, s.enriched_topic, s.dlq_topic) == ("wire.raw", "wire.enriched", "wire.dlq")


def test_prefix_and_names_come_from_the_environment() -> None:
    s = load_settings({"TOPIC_PREFIX": "news.", "TOPIC_RAW": "in", "TOPIC_PARTITIONS": "12"})
    assert s.raw_topic == "news.in"
    assert s.topic_partitions == 12


@pytest.mark.parametrize(("env", "needle"), [
    ({"TOPIC_PARTITIONS": "many"}, "TOPIC_PARTITIONS"),
    ({"TOPIC_PARTITIONS": "0"}, "TOPIC_PARTITIONS"),
    ({"DELIVERY_MODE": "at-most-once"}, "DELIVERY_MODE"),
    ({"HTTP_ALLOW_PRIVATE": "perhaps"}, "HTTP_ALLOW_PRIVATE"),
    ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "KAFKA_SASL_MECHANISM"),
    ({"TOPIC_RAW": "x", "TOPIC_DLQ": "x"}, "topic names must differ"),
])
def test_invalid_settings_are_refused_with_the_setting_named(env: dict[str, str], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        load_settings(env)


def test_secrets_are_masked_in_repr_and_masked_dict() -> None:
    s = load_settings({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN",
                       "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "hunter2-secret"})
    assert "hunter2-secret" not in repr(s)
    assert s.masked()["kafka_sasl_password"] == "***"
    assert s.kafka_sasl_password == "hunter2-secret"


def test_commands_needing_kafka_refuse_without_bootstrap_servers() -> None:
    with pytest.raises(ConfigError, match="KAFKA_BOOTSTRAP_SERVERS is not set"):
        load_settings({}).require_kafka("work")


def test_every_setting_is_described() -> None:
    rows = describe_settings()
    assert all(r["env"] and r["help"] for r in rows)
    assert len({r["env"] for r in rows}) == len(rows)


def test_settings_environ_is_the_inverse_of_load_settings() -> None:
    s = load_settings({}, kafka_bootstrap_servers="a:1,b:2", http_allow_private=True,
                      delivery_mode="exactly-once", max_in_flight=77, topic_prefix="x.")
    environ = settings_environ(s)
    assert environ["HTTP_ALLOW_PRIVATE"] == "true" and environ["MAX_IN_FLIGHT"] == "77"
    assert load_settings(environ) == s


@pytest.mark.parametrize("env", [
    "SHUTDOWN_GRACE_S", "HTTP_TOTAL_TIMEOUT_S", "HTTP_PER_HOST_RPS", "BROKER_PROBE_TIMEOUT_S",
])
@pytest.mark.parametrize("raw", ["nan", "NaN", "inf", "-inf", "Infinity"])
def test_non_finite_numbers_are_refused_with_the_setting_named(env: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=f"{env}=.*finite"):
        load_settings({env: raw})


@pytest.mark.parametrize("raw", [
    "localhost:abc", "localhost:99999", "kafka://broker:9092", "broker:9092,:9093",
    "bro ker:9092", "broker:", "[::1:9092",
])
def test_malformed_bootstrap_servers_are_refused(raw: str) -> None:
    with pytest.raises(ConfigError, match="KAFKA_BOOTSTRAP_SERVERS"):
        load_settings({"KAFKA_BOOTSTRAP_SERVERS": raw})


@pytest.mark.parametrize("raw", ["broker:9092", "a:1,b:2", "[::1]:9092", "10.0.0.1:9092", "broker"])
def test_well_formed_bootstrap_servers_are_accepted(raw: str) -> None:
    assert load_settings({"KAFKA_BOOTSTRAP_SERVERS": raw}).bootstrap_servers


@pytest.mark.parametrize(("env", "raw"), [("SHUTDOWN_GRACE_S", "nan"),
                                          ("KAFKA_BOOTSTRAP_SERVERS", "localhost:notaport")])
def test_the_cli_exits_2_naming_the_setting(env: str, raw: str) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import REPO_ROOT

    environ = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9", env: raw}
    done = subprocess.run([sys.executable, "-m", "service.cli.main", "topics", "list"], env=environ,
                          cwd=REPO_ROOT, capture_output=True, timeout=60)
    assert done.returncode == 2, done.stderr[-1500:]
    assert env.encode() in done.stderr and b"Traceback" not in done.stderr
