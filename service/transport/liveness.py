"""Report whether a Kafka client can reach the cluster, for /readyz and the
broker_up gauge; logs a lost connection once per interval, not per message.

Two signs, read every PROBE_INTERVAL_S: the client holds no connection to any
broker (a dead broker), or the liveness probe got no answer twice in a row (a
frozen broker keeps its sockets open; see probe.py)."""

from __future__ import annotations

import logging
import threading
import time

from kafka import KafkaConsumer, KafkaProducer

from service.config import Settings
from service.observability import metrics
from service.observability.health import Health
from service.transport.kafka import broker_connected
from service.transport.probe import (
    FAILURES_BEFORE_DOWN,
    PROBE_INTERVAL_S,
    probe_cluster,
    ssl_context,
)

log = logging.getLogger(__name__)


def watch_broker(client: KafkaConsumer | KafkaProducer, health: Health, stop: threading.Event,
                 settings: Settings, *, log_every_s: float = 30.0) -> threading.Thread:
    """Start a daemon thread that reports check "broker" until `stop` is set."""
    context = ssl_context(settings)

    def loop() -> None:
        last_logged: float | None = None
        failures = 0
        while not stop.is_set():
            problem = probe_cluster(settings, context)
            failures = failures + 1 if problem else 0
            if failures < FAILURES_BEFORE_DOWN:
                problem = None
            if problem is None and not broker_connected(client):
                problem = "no connection to any broker"
            health.set("broker", problem is None, problem or "connected")
            metrics.BROKER_UP.set(1 if problem is None else 0)
            now = time.monotonic()
            if problem and (last_logged is None or now - last_logged >= log_every_s):
                log.warning("broker unreachable; the client keeps retrying",
                            extra={"error": problem})
                last_logged = now
            stop.wait(PROBE_INTERVAL_S)

    thread = threading.Thread(target=loop, name="broker-watch", daemon=True)
    thread.start()
    return thread
