"""With no broker to talk to, poll, work and cluster stay up, report not ready, and
still stop promptly and cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from service.transport.embedded import free_port

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("command", ["poll", "work", "cluster"])
def test_service_without_broker_stays_up_not_ready_and_stops_on_sigterm(
        command: str, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text('feeds:\n  - name: Wire\n    url: "http://127.0.0.1:9/feed.rss"\n')
    port = free_port()
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",
           "FEEDS_FILE": str(feeds), "HTTP_LISTEN": f"127.0.0.1:{port}",
           "SHUTDOWN_GRACE_S": "3"}
    with (tmp_path / "out.log").open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "service.cli.main", command], env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        ready = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        time.sleep(3)
        assert proc.poll() is None, (tmp_path / "out.log").read_text()[-2000:]
        assert ready is not None and ready.status_code == 503
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
        assert code == 0, (tmp_path / "out.log").read_text()[-2000:]
        assert time.monotonic() - started < 15
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
