"""The brokers integration tests run on, by kind: the embedded Tansu (no
Java needed) and Apache Kafka (tests/apache_kafka.py, what production runs).

Which kinds run: `WIRE_INGEST_BROKERS` (comma-separated, default
`tansu,kafka`; `tansu,kafka` is what CI runs). `KAFKA_BOOTSTRAP_SERVERS`
names an existing cluster: it then stands for the `kafka` kind (set
`KAFKA_BROKER_KIND=tansu` if it is a Tansu), and only that kind runs unless
`WIRE_INGEST_BROKERS` says otherwise.

A test is restricted to some kinds with `@pytest.mark.brokers("kafka")`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Protocol

KINDS = ("tansu", "kafka")


class RunningBroker(Protocol):
    kind: str

    @property
    def bootstrap(self) -> str: ...

    @property
    def pid(self) -> int | None: ...


@dataclass
class ExternalBroker:
    """A cluster named by KAFKA_BOOTSTRAP_SERVERS: not ours to freeze or stop."""

    bootstrap: str
    kind: str
    pid: int | None = None


def external_bootstrap() -> str:
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "").strip()


def external_kind() -> str:
    kind = os.environ.get("KAFKA_BROKER_KIND", "kafka").strip() or "kafka"
    if kind not in KINDS:
        raise ValueError(f"KAFKA_BROKER_KIND={kind!r}: expected one of {', '.join(KINDS)}")
    return kind


def active_kinds() -> tuple[str, ...]:
    """The broker kinds this session runs integration tests on."""
    chosen = os.environ.get("WIRE_INGEST_BROKERS", "").strip()
    if chosen:
        kinds = tuple(k.strip() for k in chosen.split(",") if k.strip())
        unknown = [k for k in kinds if k not in KINDS]
        if unknown:
            raise ValueError(f"WIRE_INGEST_BROKERS: unknown kind(s) {unknown}; expected {KINDS}")
        return kinds
    return (external_kind(),) if external_bootstrap() else KINDS


@dataclass
class BrokerPool:
    """One broker per kind for the whole session, started on first use and
    stopped at the end. A kind that cannot start remembers why (the reason
    every test on it is skipped with)."""

    started: dict[str, RunningBroker] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    _owned: list[object] = field(default_factory=list)

    def get(self, kind: str) -> RunningBroker:
        """The session's broker of `kind`; raises BrokerUnavailable."""
        if kind in self.unavailable:
            raise BrokerUnavailable(self.unavailable[kind])
        if kind not in self.started:
            try:
                self.started[kind] = self._start(kind)
            except BrokerUnavailable as exc:
                self.unavailable[kind] = str(exc)
                raise
        return self.started[kind]

    def _start(self, kind: str) -> RunningBroker:
        external = external_bootstrap()
        if external and kind == external_kind():
            return ExternalBroker(external, kind)
        if kind == "tansu":
            from service.transport.embedded import EmbeddedBroker

            tansu = EmbeddedBroker().start()
            self._owned.append(tansu)
            return tansu
        from tests.apache_kafka import ApacheKafka, KafkaUnavailable

        try:
            kafka = ApacheKafka().start()
        except KafkaUnavailable as exc:
            raise BrokerUnavailable(str(exc)) from None
        self._owned.append(kafka)
        return kafka

    def close(self) -> None:
        for broker in reversed(self._owned):
            broker.stop()  # type: ignore[attr-defined]
        self._owned.clear()
        self.started.clear()


class BrokerUnavailable(RuntimeError):
    pass
