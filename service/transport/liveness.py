"""Report whether a Kafka client can reach the cluster, for /readyz and the
broker_up gauge; logs a lost connection once per interval, not per message."""

from __future__ import annotations

import logging
import threading
import time

from kafka import KafkaConsumer, KafkaProducer

from service.observability import metrics
from service.observability.health import Health
from service.transport.kafka import broker_connected

log = logging.getLogger(__name__)


def watch_broker(client: KafkaConsumer | KafkaProducer, health: Health, stop: threading.Event,
                 *, interval_s: float = 2.0, log_every_s: float = 30.0) -> threading.Thread:
    """Start a daemon thread that reports check "broker" until `stop` is set."""

    def loop() -> None:
        last_logged = 0.0
        while not stop.is_set():
            ok = broker_connected(client)
            health.set("broker", ok, "connected" if ok else "no connection to any broker")
            metrics.BROKER_UP.set(1 if ok else 0)
            if not ok and time.monotonic() - last_logged > log_every_s:
                log.warning("broker unreachable; the client keeps retrying")
                last_logged = time.monotonic()
            stop.wait(interval_s)

    thread = threading.Thread(target=loop, name="broker-watch", daemon=True)
    thread.start()
    return thread
