"""Tools for the fault tests: real `wire-ingest` processes on a broker of
the test module's own, raw records that reveal loss, duplication and
reordering, a live reader of the output topic, and figures appended to
bench/results/faults.jsonl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from kafka import KafkaConsumer, TopicPartition

from service.config import Settings, settings_environ
from service.model import FeedRef, RawArticle
from service.transport.admin import ensure_topics
from service.transport.kafka import make_producer
from service.transport.serde import encode_raw
from tests.conftest import REPO_ROOT, make_test_settings

RESULTS = REPO_ROOT / "bench" / "results" / "faults.jsonl"

# Group timeouts short enough for tests to see evictions and rebalances quickly.
FAULT_SETTINGS: dict[str, object] = {
    "topic_partitions": 4,
    "kafka_session_timeout_ms": 6000,
    "kafka_heartbeat_interval_ms": 1000,
    "kafka_max_poll_interval_ms": 15000,
    "kafka_request_timeout_ms": 10000,
    "shutdown_grace_s": 8.0,
    "max_in_flight": 200,
}


def fault_settings(bootstrap: str, **overrides: object) -> Settings:
    """Test settings with its own topics and its own worker group."""
    group = {"worker_group": f"workers-{uuid.uuid4().hex[:8]}"}
    return make_test_settings(bootstrap, **{**FAULT_SETTINGS, **group, **overrides})


# ----------------------------------------------------------------- records


def story_id(run: str, key: int, version: int) -> str:
    return f"urn:fault:{run}:{key}:{version}"


def parse_story_id(rid: str) -> tuple[str, int]:
    """(key, version) of an id made by `story_id`."""
    _urn, _fault, _run, key, version = rid.split(":")
    return key, int(version)


def raw_stories(run: str, keys: int, versions: int) -> list[tuple[bytes, bytes, str]]:
    """(key, value, id) of keys × versions short, valid raw articles, in
    publishing order: every key's versions in increasing order."""
    feed = FeedRef("fault-feed", "Fault Wire", "http://127.0.0.1/fault.rss", "UTC")
    fetched = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    out = []
    for v in range(1, versions + 1):
        for k in range(keys):
            rid = story_id(run, k, v)
            raw = RawArticle(
                id=rid, feed=feed, url=f"https://news.example.com/{k}", fetched_at=fetched,
                title=f"Port of Lagos reopens after floods, update {v}",
                published_original="Sun, 01 Mar 2026 10:00:00 GMT",
                content=f"<p>LAGOS (Reuters) - The port reopened on Sunday, officials said. Story {k}.</p>",
                version=v)
            out.append((f"story-{k}".encode(), encode_raw(raw), rid))
    return out


def publish(s: Settings, records: Iterable[tuple[bytes | None, bytes, Any]]) -> int:
    ensure_topics(s)
    producer = make_producer(s, linger_ms=20, batch_size=256 * 1024)
    n = 0
    for key, value, _ in records:
        producer.send(s.raw_topic, key=key, value=value)
        n += 1
    producer.flush(timeout=60)
    producer.close(timeout=5)
    return n


# ------------------------------------------------------------------- output


@dataclass(frozen=True)
class OutRecord:
    id: str
    partition: int
    offset: int
    key: bytes | None
    headers: dict[str, bytes]


class TopicReader:
    """Reads a topic from the beginning in a background thread, keeping
    every record in partition order (ids parsed from enriched documents)."""

    def __init__(self, s: Settings, topic: str, *, committed: bool, ids: str = "enriched") -> None:
        """`ids`: "enriched" (x_wire.id of a ninjs document), "raw" (id of a
        raw record) or "none"."""
        self.s, self.topic, self.ids = s, topic, ids
        self.isolation = "read_committed" if committed else "read_uncommitted"
        self.records: list[OutRecord] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TopicReader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(10)

    def _consumer(self) -> tuple[KafkaConsumer, list[TopicPartition]]:
        consumer = KafkaConsumer(bootstrap_servers=self.s.bootstrap_servers, group_id=None,
                                 enable_auto_commit=False, isolation_level=self.isolation,
                                 auto_offset_reset="earliest", max_poll_records=2000)
        tps = [TopicPartition(self.topic, p) for p in range(self.s.topic_partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        return consumer, tps

    def _run(self) -> None:
        consumer, _ = self._consumer()
        try:
            while not self._stop.is_set():
                for tp, recs in consumer.poll(timeout_ms=200).items():
                    batch = [OutRecord(self._id(r.value), tp.partition, r.offset, r.key,
                                       dict(r.headers or [])) for r in recs]
                    with self._lock:
                        self.records.extend(batch)
        finally:
            consumer.close()

    def _id(self, value: bytes | None) -> str:
        if self.ids == "none" or value is None:
            return ""
        doc = orjson.loads(value)
        return str(doc["x_wire"]["id"] if self.ids == "enriched" else doc["id"])

    def ids_seen(self) -> set[str]:
        with self._lock:
            return {r.id for r in self.records}

    def snapshot(self) -> list[OutRecord]:
        with self._lock:
            return list(self.records)

    def distinct(self) -> int:
        with self._lock:
            return len({r.id for r in self.records})

    def end_offsets(self) -> dict[int, int]:
        """Partition -> end offset as this isolation level sees it (the last
        stable offset for read_committed)."""
        consumer, tps = self._consumer()
        try:
            return {tp.partition: off for tp, off in consumer.end_offsets(tps).items()}
        finally:
            consumer.close()


def wait_until(condition: Callable[[], Any], timeout: float, what: str, every: float = 0.25,
               alive: Iterable[ServiceProcess] = ()) -> Any:
    """Poll `condition` until truthy; fail early when a process in `alive` died."""
    deadline = time.monotonic() + timeout
    watched = list(alive)
    while time.monotonic() < deadline:
        for proc in watched:
            if not proc.alive():
                raise AssertionError(f"{proc.name} exited while waiting for {what}:\n"
                                     + proc.logs()[-3000:])
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def duplicates(records: Iterable[OutRecord]) -> int:
    return sum(n - 1 for n in Counter(r.id for r in records).values() if n > 1)


def order_violations(records: Iterable[OutRecord]) -> list[str]:
    """Per key, in output order: the first occurrences of versions must be
    increasing, and a step back is allowed only as a replay (to a version
    already delivered, as re-delivery after a crash does)."""
    by_key: dict[str, list[int]] = {}
    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        key, version = parse_story_id(r.id)
        by_key.setdefault(key, []).append(version)
    problems = []
    for key, versions in by_key.items():
        seen: set[int] = set()
        highest = 0
        for v in versions:
            if v in seen:
                continue  # a replayed record
            if v < highest:
                problems.append(f"{key}: version {v} first appeared after {highest}")
            seen.add(v)
            highest = max(highest, v)
    return problems


# ---------------------------------------------------------------- processes


@dataclass
class ServiceProcess:
    """One real `wire-ingest COMMAND` process (`python -m service.cli.main`)."""

    command: str
    s: Settings
    log_dir: Path
    name: str
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0

    def start(self) -> ServiceProcess:
        self.starts += 1
        env = {**os.environ, **settings_environ(self.s), "LOG_FORMAT": "json", **self.extra_env}
        env.pop("PYTHONWARNINGS", None)
        log = open(self.log_dir / f"{self.name}.{self.starts}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen([sys.executable, "-m", "service.cli.main", self.command],
                                     env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        log.close()
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def send(self, sig: signal.Signals) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def kill9(self) -> None:
        self.send(signal.SIGKILL)
        assert self.proc is not None
        self.proc.wait(10)

    def terminate(self, timeout: float, sig: signal.Signals = signal.SIGTERM) -> tuple[int, float]:
        """SIGTERM (or `sig`); (exit code, seconds to exit)."""
        assert self.proc is not None
        started = time.monotonic()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        return code, time.monotonic() - started

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.log_dir.glob(f"{self.name}.*.log")))

    def log_events(self, message: str, start: int | None = None) -> list[dict[str, Any]]:
        """JSON log lines with this `msg` (of the given start, or all)."""
        paths = ([self.log_dir / f"{self.name}.{start}.log"] if start is not None
                 else sorted(self.log_dir.glob(f"{self.name}.*.log")))
        out = []
        for path in paths:
            for line in path.read_text(errors="replace").splitlines():
                if line.startswith("{") and f'"msg":"{message}"' in line:
                    out.append(orjson.loads(line))
        return out

    def assigned_at(self, start: int) -> datetime | None:
        """When the given start of the process first got partitions."""
        for event in self.log_events("partitions assigned", start):
            if event.get("partitions"):
                return datetime.fromisoformat(event["ts"])
        return None

    def ensure_dead(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(10)


def worker(s: Settings, log_dir: Path, name: str, **env: str) -> ServiceProcess:
    return ServiceProcess("work", s, log_dir, name, dict(env))


# ------------------------------------------------------------------ figures


def report(test: str, **figures: object) -> dict[str, object]:
    """Print the test's figures and append them to bench/results/faults.jsonl."""
    row = {"test": test, "at": datetime.now(UTC).isoformat(timespec="seconds"), **figures}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("ab") as out:
        out.write(orjson.dumps(row) + b"\n")
    print(f"\nFIGURES {test}: " + ", ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
    return row


def with_mode(s: Settings, mode: str) -> Settings:
    return replace(s, delivery_mode=mode)


def ready(port: int) -> bool | None:
    """True/False from a service's /readyz; None when it does not answer."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as resp:
            return bool(resp.status == 200)
    except urllib.error.HTTPError as exc:
        return False if exc.code == 503 else None
    except OSError:
        return None
