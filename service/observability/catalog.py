"""What `metrics.REGISTRY` exports, described without scraping it: one
`MetricFamily` per metric (name, type, help, label names) and the full set of
series names a query may use (`_total`, `_bucket`, `_info`, ... included).

The operations docs' metrics reference and the deploy tests (dashboard and
alert queries use only exported metrics) are built from this.
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry
from prometheus_client.metrics import MetricWrapperBase

from service.observability import metrics

# Series a family of each type exposes, as suffixes of the family name. The
# `_created` series come from prometheus_client's counters and histograms.
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_count", "_sum", "_created"),
    "summary": ("", "_count", "_sum", "_created"),
    "info": ("_info",),
    "stateset": ("",),
    "enum": ("",),
    "gauge": ("",),
    "unknown": ("",),
    "gaugehistogram": ("_bucket", "_gcount", "_gsum"),
}


@dataclass(frozen=True, slots=True)
class MetricFamily:
    name: str  # family name as exposed (counters: without `_total`)
    type: str
    help: str
    labels: tuple[str, ...]

    @property
    def series(self) -> tuple[str, ...]:
        return tuple(self.name + suffix for suffix in _SUFFIXES.get(self.type, ("",)))

    @property
    def query_name(self) -> str:
        """The name one would write in PromQL for this family's main series."""
        return self.series[0] if self.type in ("counter", "info") else self.name


def families(module: object = metrics) -> list[MetricFamily]:
    """The metrics defined as module attributes of `module`, sorted by name.

    Label names are read from the metric objects (the registry's collect()
    omits labelled metrics that have no children yet)."""
    found: dict[str, MetricFamily] = {}
    for value in vars(module).values():
        if isinstance(value, MetricWrapperBase):
            for desc in value.describe():
                found[desc.name] = MetricFamily(
                    desc.name, desc.type, desc.documentation,
                    tuple(getattr(value, "_labelnames", ())))
    return sorted(found.values(), key=lambda f: f.name)


def registry_families(registry: CollectorRegistry = metrics.REGISTRY,
                      module: object = metrics) -> list[MetricFamily]:
    """Every family `registry` can export: the metrics `module` defines plus
    custom collectors (e.g. process metrics; label names unknown for those)."""
    by_name = {f.name: f for f in families(module)}
    out: dict[str, MetricFamily] = {}
    for family in registry.collect():
        known = by_name.get(family.name)
        out[family.name] = known or MetricFamily(family.name, family.type, family.documentation, ())
    for name, known in by_name.items():  # labelled metrics with no children yet
        out.setdefault(name, known)
    return sorted(out.values(), key=lambda f: f.name)


def exported_series_names(registry: CollectorRegistry = metrics.REGISTRY,
                          module: object = metrics) -> frozenset[str]:
    """Every series name a PromQL query against wire-ingest may reference."""
    return frozenset(s for f in registry_families(registry, module) for s in f.series)
