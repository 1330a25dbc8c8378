"""A real Prometheus scrapes a real `wire-ingest work` and `wire-ingest poll`
on loopback, against a real broker, while the test drives known traffic
through them: one feed of STORIES articles and POISON undecodable raw
records. Through Prometheus's HTTP API the test checks that both targets
are up and that every counter moved by exactly what the traffic demands;
`promtool check metrics` must find no problem in either exposition; the
alert rules load and evaluate, and every dashboard query runs.

Prometheus and promtool come from Debian's `prometheus` package, installed
by tests/setup_system.sh (or here, when running as root)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from kafka import KafkaProducer

from service import __version__
from service.config import Settings, settings_environ
from service.transport.embedded import free_port
from tests.conftest import REPO_ROOT, make_test_settings
from tests.system_tools import ensure_tool

pytestmark = [pytest.mark.integration, pytest.mark.timeout(150)]

STORIES = 4
POISON = 3
DEADLINE_S = 75.0

_STORY_TEXT = (
    "{place} ({agency}) - Officials in {place} said on {day} that {subject}, in a decision "
    "expected to affect thousands of residents over the coming months. The announcement "
    "followed weeks of consultation with local councils, business groups and unions, "
    "according to a statement released by the regional administration. "
    "\"We have listened carefully and we believe this is the right balance,\" a spokesperson "
    "told reporters at a briefing, adding that further details would be published next week. "
    "Opposition members criticised the timing and called for a full debate in the assembly."
)
_STORIES = [
    ("Lisbon", "water tariffs for households would be frozen until the end of next year"),
    ("Tampere", "the tram network would be extended to two new districts by 2028"),
    ("Valparaiso", "port operations would resume a full night schedule from next month"),
    ("Nairobi", "a new commuter rail timetable would add forty daily services"),
]


def feed_xml(now: datetime) -> bytes:
    items = []
    for i, (place, subject) in enumerate(_STORIES[:STORIES]):
        published = format_datetime(now - timedelta(minutes=10 * (i + 1)))
        body = _STORY_TEXT.format(place=place, agency="Test Wire", day="Tuesday", subject=subject)
        items.append(
            f"<item><title>{place}: {subject.split(' would ')[0].capitalize()}</title>"
            f"<link>https://news.test.invalid/{place.lower()}-{i}</link>"
            f"<guid isPermaLink=\"false\">prom-test-{i}</guid><pubDate>{published}</pubDate>"
            f"<description>{body}</description></item>")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
            "<title>Test Wire - Regional</title><link>https://news.test.invalid/</link>"
            "<description>Regional news</description>" + "".join(items)
            + "</channel></rss>").encode()


class FeedHost:
    """Serves one RSS feed on loopback."""

    def __init__(self, body: bytes) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/regional.rss"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def settings_env(s: Settings, **extra: str) -> dict[str, str]:
    """This process's environment plus `s` and `extra`, for a child `wire-ingest`."""
    return {**os.environ, **settings_environ(s), **extra}


class Processes:
    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.logs: list[Any] = []

    def start(self, name: str, args: list[str], env: dict[str, str] | None = None) -> None:
        log = (self.log_dir / f"{name}.log").open("wb")
        self.logs.append(log)
        proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT,
                                cwd=self.log_dir)
        self.procs.append((name, proc))

    def check_alive(self) -> None:
        for name, proc in self.procs:
            if proc.poll() is not None:
                pytest.fail(f"{name} exited with {proc.returncode}:\n{self.tail(name)}")

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.log_dir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def stop(self) -> dict[str, int]:
        codes: dict[str, int] = {}
        for _, proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for name, proc in self.procs:
            try:
                codes[name] = proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                codes[name] = proc.wait()
        for log in self.logs:
            log.close()
        self.logs.clear()
        return codes


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    procs = Processes(tmp_path)
    yield procs
    procs.stop()


def prometheus_config(targets: dict[str, str], path: Path) -> Path:
    config = {
        "global": {"scrape_interval": "1s", "scrape_timeout": "800ms", "evaluation_interval": "1s"},
        "rule_files": [str(REPO_ROOT / "deploy" / "prometheus-rules.yml")],
        "scrape_configs": [{"job_name": job, "static_configs": [{"targets": [target]}]}
                           for job, target in targets.items()],
    }
    path.write_text(yaml.safe_dump(config))
    return path


class PromAPI:
    def __init__(self, base: str) -> None:
        self.client = httpx.Client(base_url=base, timeout=5)

    def query(self, expr: str) -> list[dict[str, Any]]:
        body = self.client.get("/api/v1/query", params={"query": expr}).json()
        assert body["status"] == "success", f"{expr}: {body}"
        return list(body["data"]["result"])

    def scalar(self, expr: str) -> float | None:
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else None


def wait_for(what: str, condition: Callable[[], bool], deadline: float,
             procs: Processes) -> None:
    while time.monotonic() < deadline:
        procs.check_alive()
        if condition():
            return
        time.sleep(0.5)
    logs = "\n".join(f"--- {n}\n{procs.tail(n)}" for n, _ in procs.procs)
    pytest.fail(f"timed out waiting for {what}\n{logs}")


def produce_poison(s: Settings, count: int) -> None:
    producer = KafkaProducer(bootstrap_servers=s.bootstrap_servers)
    for i in range(count):
        producer.send(s.raw_topic, key=f"poison-{i}".encode(), value=b"\x00 not a raw article {")
    producer.flush(timeout=15)
    producer.close(timeout=5)


def dashboard_queries() -> list[str]:
    dash = json.loads((REPO_ROOT / "deploy/grafana/dashboards/wire-ingest.json").read_text())
    return [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]


def test_prometheus_sees_worker_and_poller_counters_move_with_the_traffic(
        broker: str, tmp_path: Path, processes: Processes) -> None:
    prometheus_bin = ensure_tool("prometheus")
    promtool = ensure_tool("promtool")
    started = time.monotonic()
    deadline = started + DEADLINE_S

    body = feed_xml(datetime.now(UTC))
    feed = FeedHost(body)
    cleanup: list[Callable[[], None]] = [feed.close]
    try:
        feeds_file = tmp_path / "feeds.yaml"
        feeds_file.write_text(yaml.safe_dump({"feeds": [
            {"id": "test-regional", "name": "Test Wire - Regional", "url": feed.url,
             "interval": 3600}]}))
        s = make_test_settings(broker, feed_fetch_pages=False, default_poll_interval_s=3600.0)
        worker_port, poller_port, prom_port = free_port(), free_port(), free_port()
        cli = [sys.executable, "-m", "service.cli.main"]
        processes.start("worker", [*cli, "work"], settings_env(
            s, HTTP_LISTEN=f"127.0.0.1:{worker_port}", LOG_FORMAT="json"))
        processes.start("poller", [*cli, "poll"], settings_env(
            s, HTTP_LISTEN=f"127.0.0.1:{poller_port}", FEEDS_FILE=str(feeds_file),
            LOG_FORMAT="json"))
        config = prometheus_config({"wire-ingest-worker": f"127.0.0.1:{worker_port}",
                                    "wire-ingest-poller": f"127.0.0.1:{poller_port}"},
                                   tmp_path / "prometheus.yml")
        processes.start("prometheus", [
            prometheus_bin, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
            f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"])
        prom = PromAPI(f"http://127.0.0.1:{prom_port}")
        cleanup.append(prom.client.close)

        def targets_up() -> bool:
            try:
                up = {r["metric"]["job"]: r["value"][1] for r in prom.query("up")}
            except (httpx.TransportError, ValueError):  # not listening / not ready yet
                return False
            return up == {"wire-ingest-worker": "1", "wire-ingest-poller": "1"}

        wait_for("both targets up in Prometheus", targets_up, deadline, processes)

        def partitions_assigned() -> bool:
            try:
                report = httpx.get(f"http://127.0.0.1:{worker_port}/readyz").json()
            except (httpx.TransportError, ValueError):
                return False
            return bool(report["checks"].get("partitions", {}).get("ok"))

        wait_for("partitions assigned to the worker", partitions_assigned, deadline, processes)
        produce_poison(s, POISON)

        worker, poller = '{job="wire-ingest-worker"}', '{job="wire-ingest-poller"}'

        def traffic_seen() -> bool:
            consumed = prom.scalar(f"sum(wire_ingest_records_consumed_total{worker})")
            polled = prom.scalar('sum(wire_ingest_feed_items_total{job="wire-ingest-poller",result="new"})')
            return consumed == STORIES + POISON and polled == STORIES

        wait_for("the traffic in Prometheus", traffic_seen, deadline, processes)
        time.sleep(1.5)  # one more scrape: nothing beyond the traffic may appear

        # Poller: one successful poll of one feed, its stories new, nothing else.
        assert prom.scalar('sum(wire_ingest_feed_polls_total{job="wire-ingest-poller",outcome="ok"})') == 1
        assert prom.scalar(f"sum(wire_ingest_feed_polls_total{poller})") == 1
        assert prom.scalar('sum(wire_ingest_feed_items_total{job="wire-ingest-poller",result="new"})') == STORIES
        assert prom.scalar(f"wire_ingest_fetch_duration_seconds_count{poller}") == 1
        assert prom.scalar(f"wire_ingest_fetch_bytes_total{poller}") == len(body)
        assert prom.scalar(f"wire_ingest_feeds_owned{poller}") == 1
        # Worker: every record consumed; poison dead-lettered as invalid records,
        # every story enriched, with stage timings and both end-to-end ages.
        assert prom.scalar(f"sum(wire_ingest_records_consumed_total{worker})") == STORIES + POISON
        assert prom.scalar(
            'sum(wire_ingest_records_dead_lettered_total{job="wire-ingest-worker",reason="invalid-record"})') == POISON
        assert prom.scalar(f"sum(wire_ingest_records_dead_lettered_total{worker})") == POISON
        assert prom.scalar(f"wire_ingest_records_enriched_total{worker}") == STORIES
        assert prom.scalar(f"wire_ingest_fetch_to_enriched_seconds_count{worker}") == STORIES
        assert prom.scalar(f"wire_ingest_publish_to_enriched_seconds_count{worker}") == STORIES
        # Published 10-40 minutes before the run: the publish age says so.
        mean_age = prom.scalar(f"wire_ingest_publish_to_enriched_seconds_sum{worker} / "
                               f"wire_ingest_publish_to_enriched_seconds_count{worker}")
        assert mean_age is not None and 10 * 60 <= mean_age <= 40 * 60 + DEADLINE_S
        stages = prom.query(f"wire_ingest_stage_duration_seconds_count{worker}")
        assert stages and all(float(r["value"][1]) == STORIES for r in stages)
        assert prom.scalar(f"wire_ingest_broker_up{worker}") == 1
        assert prom.scalar(f"sum(wire_ingest_consumer_lag{worker})") == 0
        assert prom.scalar(f"wire_ingest_records_in_flight{worker}") == 0
        assert prom.scalar(f"sum(wire_ingest_producer_errors_total{worker})") in (None, 0)
        for job in ("wire-ingest-worker", "wire-ingest-poller"):
            assert prom.scalar(f'wire_ingest_build_info{{job="{job}",version="{__version__}"}}') == 1

        # Both are ready, and `wire-ingest healthcheck` says so with its exit code.
        for name, port in (("worker", worker_port), ("poller", poller_port)):
            check = subprocess.run([*cli, "healthcheck", "--timeout", "2"], env=settings_env(
                s, HTTP_LISTEN=f"127.0.0.1:{port}"), capture_output=True, text=True, timeout=30)
            assert check.returncode == 0, f"{name} not ready: {check.stderr}"

        # The expositions are clean for promtool.
        for port in (worker_port, poller_port):
            text = httpx.get(f"http://127.0.0.1:{port}/metrics").text
            check = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                                   text=True, timeout=30)
            assert check.returncode == 0 and not (check.stdout + check.stderr).strip(), \
                check.stdout + check.stderr

        # The alert rules are loaded and evaluate without errors; the
        # dead-letter alert fires for the poison; every dashboard query runs.
        groups = prom.client.get("/api/v1/rules").json()["data"]["groups"]
        rules = [r for g in groups for r in g["rules"]]
        assert len(rules) >= 4
        assert all(r["health"] == "ok" for r in rules), [(r["name"], r.get("lastError")) for r in rules]
        alerts = {a["labels"]["alertname"]: a for a in
                  prom.client.get("/api/v1/alerts").json()["data"]["alerts"]}
        dead_letters = alerts.get("WireIngestDeadLetters", {})
        assert dead_letters.get("state") == "firing"
        assert dead_letters["labels"]["reason"] == "invalid-record"
        assert "WireIngestBrokerUnreachable" not in alerts  # not even pending
        for expr in dashboard_queries():
            prom.query(expr.replace("$__rate_interval", "1m"))
    finally:
        for close in cleanup:
            close()
    codes = processes.stop()
    assert codes["worker"] == 0 and codes["poller"] == 0, codes
    assert time.monotonic() - started < 90
