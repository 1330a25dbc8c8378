"""The exposition of every metric (each labelled metric with a child, so
nothing hides) passes `promtool check metrics` without a single problem.
Runs in a subprocess so the test process's registry stays untouched."""

from __future__ import annotations

import subprocess
import sys

from tests.deploy.conftest import REPO_ROOT
from tests.system_tools import ensure_tool

FULL_EXPOSITION = """
from prometheus_client import generate_latest
from prometheus_client.metrics import MetricWrapperBase
from service.observability import metrics
for metric in vars(metrics).values():
    if isinstance(metric, MetricWrapperBase) and getattr(metric, "_labelnames", ()):
        metric.labels(*["x"] * len(metric._labelnames))
import sys
sys.stdout.write(generate_latest(metrics.REGISTRY).decode())
"""


def test_promtool_finds_no_problem_in_the_full_exposition() -> None:
    exposition = subprocess.run([sys.executable, "-c", FULL_EXPOSITION], capture_output=True,
                                text=True, timeout=60, cwd=REPO_ROOT, check=True).stdout
    assert "wire_ingest_consumer_lag{" in exposition  # labelled metrics are present
    result = subprocess.run([ensure_tool("promtool"), "check", "metrics"], input=exposition,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), \
        result.stdout + result.stderr
