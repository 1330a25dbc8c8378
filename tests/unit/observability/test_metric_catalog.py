"""The metric catalog, and the naming rules every metric in metrics.py must
follow (this is the review checklist, enforced)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from service.errors import PoisonError
from service.observability import catalog, metrics

FAMILIES = catalog.families()
# Labels whose values are unbounded (one series per feed, article, URL...) or
# that collide with the labels Prometheus adds to every target.
FORBIDDEN_LABELS = {"id", "feed", "feed_id", "url", "host", "article", "article_id", "guid",
                    "title", "message", "detail", "path", "instance", "job"}


def test_every_metric_object_in_metrics_py_is_catalogued() -> None:
    defined = [v for v in vars(metrics).values() if isinstance(v, Counter | Gauge | Histogram | Info)]
    assert len(FAMILIES) == len(defined) >= 15


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.name)
def test_metric_follows_the_naming_conventions(family: catalog.MetricFamily) -> None:
    assert re.fullmatch(r"wire_ingest_[a-z0-9_]+", family.name)
    assert family.help.strip(), "every metric explains itself"
    if family.type == "histogram":
        assert family.name.endswith(("_seconds", "_bytes")), "histograms are in base units"
    if family.type == "gauge":
        assert not family.name.endswith("_total"), "_total is for counters"
    if re.search(r"duration|latency|_time|_age|_delay", family.name):
        assert family.name.endswith("_seconds"), "times are in seconds"
    if "bytes" in family.name:
        assert family.name.endswith(("_bytes", "_bytes_total"))
    assert not set(family.labels) & FORBIDDEN_LABELS, "label sets must stay bounded"
    assert "le" not in family.labels and "quantile" not in family.labels


def test_series_names_match_a_real_exposition() -> None:
    registry = CollectorRegistry()
    module = SimpleNamespace(
        c=Counter("demo_things_total", "c", ["kind"], registry=registry),
        g=Gauge("demo_level", "g", registry=registry),
        h=Histogram("demo_wait_seconds", "h", ["stage"], registry=registry),
        i=Info("demo_build", "i", registry=registry),
    )
    module.c.labels("a").inc()
    module.h.labels("s").observe(0.1)
    module.i.info({"version": "1"})
    exposed = {sample.name for fam in text_string_to_metric_families(generate_latest(registry).decode())
               for sample in fam.samples}
    assert catalog.exported_series_names(registry, module) == exposed


def test_series_names_include_suffixes_and_process_metrics() -> None:
    names = catalog.exported_series_names()
    assert {"wire_ingest_records_consumed_total", "wire_ingest_stage_duration_seconds_bucket",
            "wire_ingest_stage_duration_seconds_count", "wire_ingest_build_info",
            "wire_ingest_consumer_lag", "process_cpu_seconds_total"} <= names
    assert "wire_ingest_records_consumed" not in names  # a counter is queried with _total


def test_labelled_metrics_keep_their_label_names_before_first_use() -> None:
    by_name = {f.name: f for f in catalog.families()}
    assert by_name["wire_ingest_consumer_lag"].labels == ("topic", "partition")
    assert by_name["wire_ingest_stage_duration_seconds"].labels == ("stage",)


def test_every_dead_letter_reason_is_exported_from_the_start() -> None:
    text = generate_latest(metrics.REGISTRY).decode()
    reasons = {s.labels["reason"] for fam in text_string_to_metric_families(text)
               for s in fam.samples if s.name == "wire_ingest_records_dead_lettered_total"}
    expected = {cls.reason for cls in [PoisonError, *PoisonError.__subclasses__()]}
    assert expected <= reasons
    assert {"invalid-record", "stage-failure"} <= reasons
