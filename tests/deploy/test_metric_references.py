"""Every metric the Grafana dashboard and the alert rules query is one the
service exports (a renamed metric would silently empty a panel or disarm an
alert)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from service.observability.catalog import exported_series_names
from tests.deploy.conftest import DEPLOY
from tests.deploy.promql import metric_names

DASHBOARDS = sorted((DEPLOY / "grafana" / "dashboards").glob("*.json"))
RULES = DEPLOY / "prometheus-rules.yml"
# Series Prometheus itself attaches to every target.
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped"}


def dashboard_exprs(path: Path) -> Iterator[tuple[str, str]]:
    def walk(panels: list[dict[str, object]]) -> Iterator[tuple[str, str]]:
        for panel in panels:
            for target in panel.get("targets", []):  # type: ignore[attr-defined]
                yield f"{panel['title']}/{target['refId']}", target["expr"]
            yield from walk(panel.get("panels", []))  # type: ignore[arg-type]

    yield from walk(json.loads(path.read_text(encoding="utf-8"))["panels"])


def rule_exprs() -> Iterator[tuple[str, str]]:
    for group in yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"]:
        for rule in group["rules"]:
            yield rule.get("alert") or rule["record"], rule["expr"]


def all_queries() -> list[tuple[str, str]]:
    queries = [(f"{p.name}:{name}", expr) for p in DASHBOARDS for name, expr in dashboard_exprs(p)]
    return queries + [(f"rules:{name}", expr) for name, expr in rule_exprs()]


def test_there_is_a_dashboard_and_rules_to_check() -> None:
    assert DASHBOARDS, "deploy/grafana/dashboards/*.json is missing"
    assert len(list(dashboard_exprs(DASHBOARDS[0]))) >= 20
    assert {name for name, _ in rule_exprs()} >= {
        "WireIngestConsumerLagGrowing", "WireIngestDeadLetters", "WireIngestFeedsParked",
        "WireIngestBrokerUnreachable"}


@pytest.mark.parametrize(("where", "expr"), all_queries(), ids=[q[0] for q in all_queries()])
def test_query_uses_only_exported_metrics(where: str, expr: str) -> None:
    used = metric_names(expr)
    assert used, f"{where}: no metric found in {expr!r}"
    unknown = used - exported_series_names() - PROMETHEUS_SERIES
    assert not unknown, f"{where} queries metrics the service does not export: {sorted(unknown)}"


def test_the_dashboard_covers_throughput_latency_lag_errors_and_feed_health() -> None:
    used = set().union(*(metric_names(e) for p in DASHBOARDS for _, e in dashboard_exprs(p)))
    for series in ("wire_ingest_records_consumed_total", "wire_ingest_records_enriched_total",
                   "wire_ingest_fetch_duration_seconds_bucket",
                   "wire_ingest_stage_duration_seconds_bucket",
                   "wire_ingest_fetch_to_enriched_seconds_bucket",
                   "wire_ingest_publish_to_enriched_seconds_bucket", "wire_ingest_consumer_lag",
                   "wire_ingest_records_dead_lettered_total", "wire_ingest_producer_errors_total",
                   "wire_ingest_feed_polls_total", "wire_ingest_feeds_parked",
                   "wire_ingest_broker_up"):
        assert series in used, f"the dashboard does not show {series}"


def test_dashboard_panels_use_the_provisioned_datasource() -> None:
    provisioned = yaml.safe_load(
        (DEPLOY / "grafana/provisioning/datasources/prometheus.yml").read_text())["datasources"]
    uids = {d["uid"] for d in provisioned}
    for path in DASHBOARDS:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for panel in doc["panels"]:
            if panel["type"] != "row":
                assert panel["datasource"]["uid"] in uids, panel["title"]
        ids = [p["id"] for p in doc["panels"]]
        assert len(ids) == len(set(ids)), "panel ids must be unique"
