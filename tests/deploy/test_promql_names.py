from __future__ import annotations

import pytest

from tests.deploy.promql import metric_names


@pytest.mark.parametrize(("expr", "names"), [
    ("up", {"up"}),
    ('sum by (reason) (rate(wire_ingest_records_dead_lettered_total{reason!="x"}[5m]))',
     {"wire_ingest_records_dead_lettered_total"}),
    ("histogram_quantile(0.95, sum by (le, stage) (rate(a_seconds_bucket[$__rate_interval])))",
     {"a_seconds_bucket"}),
    ("sum(rate(a_total[10m])) / clamp_min(sum(rate(b_total[10m])), 1e-9) > 0.05",
     {"a_total", "b_total"}),
    ("x > 1000 and on () sum(y offset 5m) == 0", {"x", "y"}),
    ("sum(a) without (instance) or vector(0)", {"a"}),
    ('label_replace(m, "dst", "$1", "src", "(.*)")', {"m"}),
    ("max_over_time(wire_ingest_broker_up[2m:30s]) == 0", {"wire_ingest_broker_up"}),
    ('count by (version) (wire_ingest_build_info{job=~"wire.*"}) * on (instance) group_left (x) z',
     {"wire_ingest_build_info", "z"}),
    ("sum(rate(a[${__range}])) + 2.5e3", {"a"}),
])
def test_metric_names(expr: str, names: set[str]) -> None:
    assert metric_names(expr) == names
