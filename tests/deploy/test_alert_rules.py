"""The alert rules are valid for Prometheus and behave as their unit tests
(tests/deploy/prometheus-rules.test.yml) say."""

from __future__ import annotations

import subprocess

from tests.deploy.conftest import DEPLOY, REPO_ROOT
from tests.system_tools import ensure_tool


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)


def test_promtool_check_rules() -> None:
    result = run(ensure_tool("promtool"), "check", "rules", str(DEPLOY / "prometheus-rules.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_rule_unit_tests() -> None:
    result = run(ensure_tool("promtool"), "test", "rules",
                 str(REPO_ROOT / "tests/deploy/prometheus-rules.test.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_promtool_check_config_of_the_compose_prometheus() -> None:
    result = run(ensure_tool("promtool"), "check", "config", str(DEPLOY / "prometheus.yml"))
    assert result.returncode == 0, result.stdout + result.stderr
