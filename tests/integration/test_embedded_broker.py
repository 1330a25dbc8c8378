"""The embedded broker's lifecycle: answers once started, gone once stopped."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from service.transport.embedded import EmbeddedBroker, _kafka_answers

pytestmark = pytest.mark.integration


def test_broker_answers_kafka_requests_and_stops_with_its_log_kept(tmp_path: Path) -> None:
    log = tmp_path / "tansu.log"
    with EmbeddedBroker(log_path=log) as broker:
        assert _kafka_answers(broker.host, broker.port)
        pid = broker.pid
        assert pid is not None and Path(f"/proc/{pid}").exists()
    assert not _kafka_answers(broker.host, broker.port)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    assert log.read_text(), "the broker wrote its log"


def test_a_plain_tcp_listener_is_not_mistaken_for_kafka() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert not _kafka_answers("127.0.0.1", listener.getsockname()[1])
