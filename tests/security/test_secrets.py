"""No credential appears in logs, stdout, stderr, /metrics, /status or error
messages: real `wire-ingest` processes run with recognisable fake secrets
(Kafka SASL password, credentials in a feed URL) at DEBUG level, and
everything they print or serve is searched for them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from service.config import load_settings
from service.transport.embedded import free_port

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

SASL_SECRET = "FAKESECRET-9c2b-sasl"
URL_SECRET = "URLSECRET-5d1e"
SECRETS = (SASL_SECRET, URL_SECRET)


def run_command(args: list[str], tmp_path: Path, seconds: float) -> str:
    """Run `wire-ingest ARGS` for `seconds` against an unreachable broker with
    SASL configured, scrape its HTTP endpoints, stop it; return all it said."""
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds:\n"
                     f"  - url: http://reader:{URL_SECRET}@127.0.0.1:9/world.rss\n"
                     "    name: World\n")
    port = free_port()
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{free_port()}",
           "KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM": "PLAIN",
           "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": SASL_SECRET,
           "HTTP_LISTEN": f"127.0.0.1:{port}", "LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json",
           "FEEDS_FILE": str(feeds), "KAFKA_REQUEST_TIMEOUT_MS": "2000"}
    out, err = tmp_path / f"{args[0]}.out", tmp_path / f"{args[0]}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "service.cli.main", *args], env=env,
                                stdout=stdout, stderr=stderr)
        served = []
        try:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                time.sleep(0.5)
                for path in ("/metrics", "/status", "/healthz", "/readyz"):
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                            served.append(r.read().decode("utf-8", "replace"))
                    except OSError as exc:  # not up yet, or 503 from /readyz
                        served.append(str(exc))
                        body = getattr(exc, "read", None)
                        if body is not None:
                            served.append(body().decode("utf-8", "replace"))
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(3)  # shutdown speed is not the point here
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
    return "\n".join([out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"),
                      *served])


@pytest.mark.parametrize("command", [["work"], ["poll"]])
def test_no_secret_in_anything_a_running_command_emits(command: list[str], tmp_path: Path) -> None:
    said = run_command(command, tmp_path, seconds=5)
    assert "svc" in said or "kafka" in said.lower(), "the run produced output to search"
    for secret in SECRETS:
        assert secret not in said, f"{secret} leaked by `wire-ingest {command[0]}`"


def test_no_secret_in_configuration_errors() -> None:
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9",
           "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_PASSWORD": SASL_SECRET,
           "KAFKA_SASL_USERNAME": "", "HTTP_LISTEN": "not-an-address"}
    done = subprocess.run([sys.executable, "-m", "service.cli.main", "work"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "configuration error" in done.stderr
    assert SASL_SECRET not in done.stdout + done.stderr


def test_settings_repr_and_masked_view_hide_the_password() -> None:
    s = load_settings({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN",
                       "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": SASL_SECRET})
    assert SASL_SECRET not in repr(s) and SASL_SECRET not in str(s.masked())
    assert s.kafka_sasl_password == SASL_SECRET  # still there for the client to use
