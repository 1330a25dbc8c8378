"""Fault tests get a broker of their own per module: some freeze it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.transport.embedded import EmbeddedBroker


@pytest.fixture(scope="module")
def own_broker() -> Iterator[EmbeddedBroker]:
    with EmbeddedBroker() as broker:
        yield broker
