"""Fault tests run on each broker kind. On Tansu each module gets a broker
of its own (some freeze it); on Apache Kafka the session's broker is shared
(starting a JVM per module costs more than the tests), which is safe because
tests run one at a time with their own topics and groups, and a frozen
broker thaws before its test ends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.transport.embedded import EmbeddedBroker
from tests.brokers import RunningBroker


@pytest.fixture(scope="module")
def own_broker(broker_kind: str, request: pytest.FixtureRequest) -> Iterator[RunningBroker]:
    """A broker this module may freeze: `.bootstrap`, `.pid`, `.kind`."""
    if broker_kind == "tansu":
        with EmbeddedBroker() as broker:
            yield broker
        return
    yield request.getfixturevalue("running_broker")
