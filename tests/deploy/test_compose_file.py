"""docker-compose.yml, validated by a real Compose implementation (Debian's
docker-compose: `config` parses, interpolates and validates without a Docker
engine) and against the Compose specification schema it ships, plus the
wiring the stack depends on."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.deploy.conftest import DEPLOY, REPO_ROOT
from tests.system_tools import ensure_tool

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose_bin() -> str:
    return ensure_tool("docker-compose")


@pytest.fixture(scope="module")
def resolved(compose_bin: str) -> dict[str, Any]:
    """The file as Compose resolves it (anchors merged, variables interpolated)."""
    result = subprocess.run([compose_bin, "-f", str(COMPOSE_FILE), "config"], capture_output=True,
                            text=True, timeout=60, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr
    return dict(yaml.safe_load(result.stdout))


def bind_mounts(service: dict[str, Any]) -> dict[str, Path]:
    """target -> host source of a service's bind mounts (short or long syntax)."""
    mounts: dict[str, Path] = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        elif volume.get("type") == "bind":
            source, target = volume["source"], volume["target"]
        else:
            continue
        if source.startswith(("/", ".")):
            mounts[target] = (REPO_ROOT / source).resolve()
    return mounts


def compose_spec_schema(compose_bin: str) -> dict[str, Any]:
    """The Compose specification schema shipped inside the installed Compose."""
    probe = subprocess.run(
        ["/usr/bin/python3", "-c", "import compose.config, os; print(os.path.dirname(compose.config.__file__))"],
        capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip("the installed docker-compose does not ship compose_spec.json")
    return dict(json.loads((Path(probe.stdout.strip()) / "compose_spec.json").read_text()))


def test_compose_config_accepts_the_file(compose_bin: str) -> None:
    result = subprocess.run([compose_bin, "-f", str(COMPOSE_FILE), "config", "--quiet"],
                            capture_output=True, text=True, timeout=60, cwd=REPO_ROOT)
    assert result.returncode == 0, result.stderr


def test_the_file_matches_the_compose_specification_schema(compose_bin: str) -> None:
    schema = compose_spec_schema(compose_bin)
    document = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_schema_check_would_catch_a_mistake(compose_bin: str) -> None:
    schema = compose_spec_schema(compose_bin)
    document = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    document["services"]["worker-1"]["depends_on"] = {"topics": {"condition": "finished"}}
    assert not jsonschema.Draft201909Validator(schema).is_valid(document)


def test_kafka_runs_in_kraft_mode_from_the_official_image(resolved: dict[str, Any]) -> None:
    kafka = resolved["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert "ZOOKEEPER" not in " ".join(env)
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{env['KAFKA_NODE_ID']}@kafka:")
    assert "healthcheck" in kafka


def test_topics_are_created_once_before_the_services_start(resolved: dict[str, Any]) -> None:
    services = resolved["services"]
    topics = services["topics"]
    assert topics["command"] == ["topics", "create"]
    assert topics["restart"] == "no"
    assert topics["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in ("poller", "worker-1", "worker-2"):
        assert services[name]["depends_on"]["topics"]["condition"] == "service_completed_successfully"


def test_poller_and_two_workers_share_one_image_and_broker(resolved: dict[str, Any]) -> None:
    services = resolved["services"]
    roles = {name: services[name]["command"] for name in ("poller", "worker-1", "worker-2")}
    assert roles == {"poller": ["poll"], "worker-1": ["work"], "worker-2": ["work"]}
    for name in roles:
        assert services[name]["image"] == services["topics"]["image"]
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"
        env = services[name]["environment"]
        assert env["KAFKA_BOOTSTRAP_SERVERS"] == "kafka:9092"
        assert env["HTTP_LISTEN"].endswith(":9308")
    feeds_file = services["poller"]["environment"]["FEEDS_FILE"]
    assert bind_mounts(services["poller"])[feeds_file] == DEPLOY / "compose" / "feeds.yaml"


def test_the_compose_feeds_file_is_valid() -> None:
    from service.feeds.feedsfile import load_feeds_file

    feeds = load_feeds_file(DEPLOY / "compose" / "feeds.yaml")
    assert len(feeds) >= 3
    assert all(f.url.startswith("https://") for f in feeds)


def test_prometheus_scrapes_every_service_on_its_metrics_port(resolved: dict[str, Any]) -> None:
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text(encoding="utf-8"))
    targets = {t for job in config["scrape_configs"] for sc in job.get("static_configs", [])
               for t in sc["targets"]}
    for name in ("poller", "worker-1", "worker-2", "cluster"):
        port = resolved["services"][name]["environment"]["HTTP_LISTEN"].rsplit(":", 1)[1]
        assert f"{name}:{port}" in targets
    mounts = bind_mounts(resolved["services"]["prometheus"])
    assert mounts["/etc/prometheus/prometheus.yml"] == DEPLOY / "prometheus.yml"
    # rule_files are relative to the configuration file: mounted beside it.
    for rule_file in config["rule_files"]:
        assert mounts[f"/etc/prometheus/{rule_file}"] == DEPLOY / rule_file


def test_grafana_gets_the_provisioning_and_the_dashboard(resolved: dict[str, Any]) -> None:
    grafana = resolved["services"]["grafana"]
    mounts = bind_mounts(grafana)
    assert mounts["/etc/grafana/provisioning"] == DEPLOY / "grafana" / "provisioning"
    provider = yaml.safe_load(
        (DEPLOY / "grafana/provisioning/dashboards/wire-ingest.yml").read_text())["providers"][0]
    dashboards_dir = mounts[provider["options"]["path"]]
    assert (dashboards_dir / "wire-ingest.json").is_file()
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home.startswith(provider["options"]["path"])
