"""`wire-ingest demo`: everything in one process, nothing to install.

Starts Tansu (unless KAFKA_BOOTSTRAP_SERVERS names a cluster), serves the
sample feeds over local HTTP, runs the poller and the worker exactly as
`wire-ingest run` does, and prints enriched articles as they arrive on the
output topic. Stops after the expected number of articles, a time limit or
Ctrl-C, and removes everything it started.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import replace
from pathlib import Path

import feedparser

from service.config import Settings
from service.demo.server import FEEDS_DIR, FeedServer
from service.tail import print_document
from service.transport.embedded import EmbeddedBroker
from service.transport.kafka import make_consumer

log = logging.getLogger(__name__)


def sample_entry_count(feeds_dir: Path = FEEDS_DIR) -> int:
    total = 0
    for path in sorted(feeds_dir.iterdir()):
        if path.suffix in {".rss", ".xml", ".rdf"}:
            total += len(feedparser.parse(path.read_bytes()).entries)
    return total


def write_feeds_file(base: str, directory: Path, feeds_dir: Path = FEEDS_DIR) -> Path:
    template = (feeds_dir / "feeds.yaml").read_text(encoding="utf-8")
    target = directory / "feeds.yaml"
    target.write_text(template.replace("{base}", base), encoding="utf-8")
    return target


def demo_settings(settings: Settings, bootstrap: str, feeds_file: Path, external: bool) -> Settings:
    return replace(
        settings,
        kafka_bootstrap_servers=bootstrap,
        feeds_file=str(feeds_file),
        http_allow_private=True,  # the sample feeds are served from loopback
        kafka_session_timeout_ms=6000,
        kafka_heartbeat_interval_ms=1000,
        kafka_max_poll_interval_ms=30000,
        min_poll_interval_s=min(settings.min_poll_interval_s, 5.0),
        topic_partitions=min(settings.topic_partitions, 3),
        # On a real cluster, keep the demo's records out of production topics.
        topic_prefix=f"demo-{uuid.uuid4().hex[:8]}.{settings.topic_prefix}" if external
        else settings.topic_prefix,
        shutdown_grace_s=min(settings.shutdown_grace_s, 5.0),
        http_listen="",
    )


def run_demo(settings: Settings, *, articles: int | None, timeout_s: float, as_json: bool,
             stop: threading.Event) -> int:
    from service.services import run_services

    expected = articles if articles is not None else sample_entry_count()
    external = bool(settings.bootstrap_servers)
    broker = None if external else EmbeddedBroker().start()
    started = time.monotonic()
    services_stop = threading.Event()
    shown = 0
    try:
        with tempfile.TemporaryDirectory(prefix="wire-ingest-demo-") as tmp, FeedServer() as feeds:
            bootstrap = settings.kafka_bootstrap_servers if external else broker.bootstrap  # type: ignore[union-attr]
            s = demo_settings(settings, bootstrap, write_feeds_file(feeds.base, Path(tmp)), external)
            print(f"wire-ingest demo: broker {bootstrap}{' (embedded Tansu)' if broker else ''}, "
                  f"feeds at {feeds.base}, waiting for {expected} enriched articles "
                  f"on {s.enriched_topic} (Ctrl-C stops)\n", flush=True)
            services = threading.Thread(
                target=run_services, name="services", daemon=True,
                kwargs={"settings": s, "poll": True, "work": True, "stop": services_stop})
            services.start()
            consumer = make_consumer(s, s.enriched_topic, group_id=None, read_committed=True)
            try:
                while shown < expected and not stop.is_set():
                    if time.monotonic() - started > timeout_s:
                        print(f"wire-ingest demo: time limit of {timeout_s:.0f}s reached", file=sys.stderr)
                        break
                    if not services.is_alive():
                        print("wire-ingest demo: services stopped unexpectedly", file=sys.stderr)
                        break
                    for records in consumer.poll(timeout_ms=500).values():
                        for rec in records:
                            shown += 1
                            print(f"[{shown}/{expected}, {time.monotonic() - started:.1f}s]")
                            print_document(rec.value, as_json=as_json)
            finally:
                consumer.close()
                services_stop.set()
                services.join(timeout=s.shutdown_grace_s + 10)
    finally:
        if broker is not None:
            broker.stop()
    elapsed = time.monotonic() - started
    print(f"wire-ingest demo: {shown} enriched articles in {elapsed:.1f}s; stopped cleanly.")
    return 0 if shown >= expected or stop.is_set() else 1
