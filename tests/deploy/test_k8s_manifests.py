"""deploy/k8s: valid Kubernetes objects (kubernetes-validate, strict), and
wired consistently: probes hit the observability endpoints on the port
HTTP_LISTEN opens, every env var is a real setting, resources are requested,
pods run non-root, and KEDA scales the worker Deployment on the lag of the
group and topic the workers actually use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from service.config import describe_settings, load_settings
from tests.deploy.conftest import DEPLOY

K8S = DEPLOY / "k8s"
KUBERNETES_VERSION = "1.30.0"
SETTING_NAMES = {row["env"] for row in describe_settings()}


def load_all() -> list[tuple[Path, dict[str, Any]]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    out = []
    for resource in kustomization["resources"]:
        path = K8S / resource
        out.extend((path, doc) for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc)
    return out


OBJECTS = load_all()
BY_KIND: dict[str, dict[str, dict[str, Any]]] = {}
for _, _doc in OBJECTS:
    BY_KIND.setdefault(_doc["kind"], {})[_doc["metadata"]["name"]] = _doc
CUSTOM_KINDS = {"ScaledObject", "TriggerAuthentication", "PodMonitor"}


def config_data() -> dict[str, str]:
    return dict(BY_KIND["ConfigMap"]["wire-ingest-config"]["data"])


def deployments() -> dict[str, dict[str, Any]]:
    return BY_KIND["Deployment"]


def test_every_kustomization_file_exists_and_all_files_are_listed() -> None:
    listed = {p.name for p, _ in OBJECTS}
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk


@pytest.mark.parametrize("obj", [d for _, d in OBJECTS if d["kind"] not in CUSTOM_KINDS],
                         ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_object_is_valid_against_the_kubernetes_schema(obj: dict[str, Any]) -> None:
    kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


def test_the_settings_in_the_configmap_are_real_and_valid() -> None:
    data = config_data()
    assert set(data) <= SETTING_NAMES, sorted(set(data) - SETTING_NAMES)
    secret = BY_KIND["Secret"]["wire-ingest-kafka-credentials"]["stringData"]
    env = {**data, **{k: v for k, v in secret.items() if k in SETTING_NAMES}}
    settings = load_settings(env)  # raises ConfigError on any inconsistency
    assert settings.kafka_security_protocol == "SASL_SSL"
    assert settings.kafka_sasl_mechanism.startswith("SCRAM")


def test_the_password_is_only_in_the_secret() -> None:
    assert "KAFKA_SASL_PASSWORD" not in config_data()
    assert "KAFKA_SASL_PASSWORD" in BY_KIND["Secret"]["wire-ingest-kafka-credentials"]["stringData"]


@pytest.mark.parametrize(("name", "command"), [("wire-ingest-poller", "poll"),
                                               ("wire-ingest-worker", "work"),
                                               ("wire-ingest-cluster", "cluster")])
def test_deployment_runs_its_role_with_probes_resources_and_settings(name: str, command: str) -> None:
    spec = deployments()[name]["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    assert container["args"] == [command]
    port = int(config_data()["HTTP_LISTEN"].rsplit(":", 1)[1])
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["metrics"] == port
    probes = {kind: container[kind]["httpGet"] for kind in ("startupProbe", "livenessProbe",
                                                            "readinessProbe")}
    assert probes["readinessProbe"]["path"] == "/readyz"
    assert probes["livenessProbe"]["path"] == probes["startupProbe"]["path"] == "/healthz"
    assert all(p["port"] in ("metrics", port) for p in probes.values())
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert "memory" in container["resources"]["limits"]
    sources = {ref.get("configMapRef", ref.get("secretRef", {}))["name"] for ref in container["envFrom"]}
    assert sources == {"wire-ingest-config", "wire-ingest-kafka-credentials"}
    assert {e["name"] for e in container.get("env", [])} <= SETTING_NAMES
    grace = float(config_data()["SHUTDOWN_GRACE_S"])
    assert spec["terminationGracePeriodSeconds"] > grace


@pytest.mark.parametrize("name", ["wire-ingest-poller", "wire-ingest-worker", "wire-ingest-cluster"])
def test_pods_are_locked_down(name: str) -> None:
    spec = deployments()[name]["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] != 0
    ctx = spec["containers"][0]["securityContext"]
    assert ctx["allowPrivilegeEscalation"] is False
    assert ctx["readOnlyRootFilesystem"] is True
    assert ctx["capabilities"]["drop"] == ["ALL"]
    mounts = {m["mountPath"] for m in spec["containers"][0]["volumeMounts"]}
    assert "/tmp" in mounts, "a read-only root filesystem needs a writable /tmp"


def test_mounted_files_match_the_paths_in_the_settings() -> None:
    data = config_data()
    poller = deployments()["wire-ingest-poller"]["spec"]["template"]["spec"]
    mounts = {m["mountPath"] for m in poller["containers"][0]["volumeMounts"]}
    assert str(Path(data["FEEDS_FILE"]).parent) in mounts
    assert str(Path(data["KAFKA_SSL_CAFILE"]).parent) in mounts
    feeds_cm = BY_KIND["ConfigMap"]["wire-ingest-feeds"]["data"]
    assert Path(data["FEEDS_FILE"]).name in feeds_cm


def test_the_feeds_configmap_is_a_valid_feeds_file(tmp_path: Path) -> None:
    from service.feeds.feedsfile import load_feeds_file

    target = tmp_path / "feeds.yaml"
    target.write_text(BY_KIND["ConfigMap"]["wire-ingest-feeds"]["data"]["feeds.yaml"])
    assert load_feeds_file(target)


def test_keda_scales_the_workers_on_their_own_group_and_topic() -> None:
    scaled = BY_KIND["ScaledObject"]["wire-ingest-worker"]["spec"]
    assert scaled["scaleTargetRef"]["name"] == "wire-ingest-worker"
    assert "replicas" not in deployments()["wire-ingest-worker"]["spec"], \
        "KEDA owns the replica count"
    (trigger,) = scaled["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    data = config_data()
    secret = BY_KIND["Secret"]["wire-ingest-kafka-credentials"]["stringData"]
    settings = load_settings({**data, **{k: v for k, v in secret.items() if k in SETTING_NAMES}})
    assert meta["consumerGroup"] == settings.worker_group
    assert meta["topic"] == settings.raw_topic
    assert meta["bootstrapServers"] == data["KAFKA_BOOTSTRAP_SERVERS"]
    assert int(meta["lagThreshold"]) > 0
    assert 1 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"] <= settings.topic_partitions
    auth = BY_KIND["TriggerAuthentication"][trigger["authenticationRef"]["name"]]["spec"]
    params = {ref["parameter"]: (ref["name"], ref["key"]) for ref in auth["secretTargetRef"]}
    assert {"sasl", "username", "password", "tls", "ca"} <= set(params)
    for secret_name, key in params.values():
        assert key in BY_KIND["Secret"][secret_name]["stringData"]
    keda_sasl = BY_KIND["Secret"]["wire-ingest-kafka-credentials"]["stringData"]["keda-sasl"]
    # KEDA spells the mechanisms plaintext, scram_sha256, scram_sha512.
    assert keda_sasl == {"PLAIN": "plaintext", "SCRAM-SHA-256": "scram_sha256",
                         "SCRAM-SHA-512": "scram_sha512"}[data["KAFKA_SASL_MECHANISM"]]


def test_podmonitor_scrapes_the_metrics_port_of_both_roles() -> None:
    monitor = BY_KIND["PodMonitor"]["wire-ingest"]["spec"]
    assert monitor["podMetricsEndpoints"][0]["port"] == "metrics"
    assert monitor["podMetricsEndpoints"][0]["path"] == "/metrics"
    selected = monitor["selector"]["matchExpressions"][0]["values"]
    for name, dep in deployments().items():
        labels = dep["spec"]["template"]["metadata"]["labels"]
        assert labels["app.kubernetes.io/component"] in selected, name
        assert labels["app.kubernetes.io/name"] == monitor["selector"]["matchLabels"]["app.kubernetes.io/name"]


def test_the_topics_job_creates_topics_with_the_same_settings() -> None:
    job = BY_KIND["Job"]["wire-ingest-topics"]["spec"]["template"]["spec"]
    (container,) = job["containers"]
    assert container["args"] == ["topics", "create"]
    assert {ref.get("configMapRef", ref.get("secretRef", {}))["name"] for ref in container["envFrom"]} \
        == {"wire-ingest-config", "wire-ingest-kafka-credentials"}
