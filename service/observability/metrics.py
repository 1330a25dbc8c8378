"""Every Prometheus metric wire-ingest exports is defined here, and only here.

Names follow Prometheus conventions: base units, `_total` counters,
`_seconds` histograms, and label sets bounded by construction (no feed or
article ids as labels; per-feed detail lives on the /status endpoint).
"""

from __future__ import annotations

from functools import cache

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, ProcessCollector

from service import SCHEMA_VERSION, __version__
from service.errors import PoisonError

REGISTRY = CollectorRegistry(auto_describe=True)
# process_cpu_seconds_total, process_resident_memory_bytes, ... (Linux only).
PROCESS = ProcessCollector(registry=REGISTRY)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
STAGE_BUCKETS = (0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1)
AGE_BUCKETS = (1, 5, 15, 30, 60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400)
# Fetch to enrichment: sub-second normally, minutes to hours while a backlog drains.
PIPELINE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)

BUILD_INFO = Info("wire_ingest_build", "Version of the running service.", registry=REGISTRY)
BUILD_INFO.info({"version": __version__, "schema_version": SCHEMA_VERSION})

# --- poller
FEED_POLLS = Counter("wire_ingest_feed_polls_total", "Feed polls by outcome.", ["outcome"],
                     registry=REGISTRY)
FETCH_SECONDS = Histogram("wire_ingest_fetch_duration_seconds", "Time to fetch one feed.",
                          buckets=LATENCY_BUCKETS, registry=REGISTRY)
FETCH_BYTES = Counter("wire_ingest_fetch_bytes_total", "Bytes received from feeds (decoded).",
                      registry=REGISTRY)
ITEMS = Counter("wire_ingest_feed_items_total", "Feed entries by what happened to them.",
                ["result"], registry=REGISTRY)  # new, updated, seen, rotated-guid, rejected
FEEDS_DUE = Gauge("wire_ingest_feeds_due", "Feeds due for a poll now.", registry=REGISTRY)
FEEDS_OVERDUE = Gauge("wire_ingest_feeds_overdue", "Feeds overdue by more than their interval.",
                      registry=REGISTRY)
FEEDS_PARKED = Gauge("wire_ingest_feeds_parked", "Feeds parked after repeated failures.",
                     registry=REGISTRY)
FEEDS_ROTATING_GUIDS = Gauge(
    "wire_ingest_feeds_rotating_guids", "Owned feeds whose GUIDs were found to change for the "
    "same story; their identity rule switched from GUIDs to links or content (see /status).",
    registry=REGISTRY)
FEEDS_OWNED = Gauge("wire_ingest_feeds_owned", "Feeds this poller instance is responsible for.",
                    registry=REGISTRY)

# --- worker
RECORDS_CONSUMED = Counter("wire_ingest_records_consumed_total", "Raw records consumed.",
                           registry=REGISTRY)
RECORDS_ENRICHED = Counter("wire_ingest_records_enriched_total", "Records enriched and produced.",
                           registry=REGISTRY)
RECORDS_DEAD_LETTERED = Counter("wire_ingest_records_dead_lettered_total",
                                "Records sent to the dead-letter topic.", ["reason"],
                                registry=REGISTRY)
STAGE_SECONDS = Histogram("wire_ingest_stage_duration_seconds", "Time per enrichment stage.",
                          ["stage"], buckets=STAGE_BUCKETS, registry=REGISTRY)


@cache
def stage_seconds(stage: str) -> Histogram:
    """The STAGE_SECONDS child of one stage. Looked up once per stage name
    (a bounded set, the pipeline's stages): `labels()` takes a lock and
    validates on every call, and the worker observes every stage of every
    record."""
    return STAGE_SECONDS.labels(stage=stage)


PUBLISH_AGE_SECONDS = Histogram("wire_ingest_publish_to_enriched_seconds",
                                "Now minus the article's publish time, at enrichment.",
                                buckets=AGE_BUCKETS, registry=REGISTRY)
FETCH_AGE_SECONDS = Histogram("wire_ingest_fetch_to_enriched_seconds",
                              "Now minus the article's fetch time, at enrichment.",
                              buckets=PIPELINE_BUCKETS, registry=REGISTRY)
PRODUCER_ERRORS = Counter("wire_ingest_producer_errors_total", "Failed produce requests.",
                          ["topic"], registry=REGISTRY)
IN_FLIGHT = Gauge("wire_ingest_records_in_flight", "Records consumed and not yet committed.",
                  registry=REGISTRY)
CONSUMER_LAG = Gauge("wire_ingest_consumer_lag", "Records behind the partition end, per "
                     "assigned partition.", ["topic", "partition"], registry=REGISTRY)
BROKER_UP = Gauge("wire_ingest_broker_up", "1 when the broker answered the last check.",
                  registry=REGISTRY)

# --- cluster assigner
CLUSTER_ASSIGNMENTS = Counter("wire_ingest_cluster_assignments_total",
                              "Documents assigned to a syndication cluster, by role "
                              "(original, copy, update).", ["role"], registry=REGISTRY)
CLUSTER_COPIES = Gauge("wire_ingest_cluster_copies",
                       "Copies and updates in the clusters this assigner holds (divided by "
                       "wire_ingest_clusters: copies per cluster).", registry=REGISTRY)
CLUSTER_LARGEST = Gauge("wire_ingest_cluster_largest_members",
                        "Documents in the largest cluster this assigner holds.", registry=REGISTRY)
CLUSTER_ASSIGN_SECONDS = Histogram("wire_ingest_fetch_to_cluster_seconds",
                                   "Now minus the document's fetch time, when its cluster "
                                   "assignment is published.", buckets=PIPELINE_BUCKETS,
                                   registry=REGISTRY)
CLUSTERS_LIVE = Gauge("wire_ingest_clusters", "Clusters in the window held by this assigner.",
                      registry=REGISTRY)
CLUSTER_STATE_DOCUMENTS = Gauge("wire_ingest_cluster_state_documents",
                                "Documents in the window held by this assigner's band index.",
                                registry=REGISTRY)
CLUSTER_RECORDS_SKIPPED = Counter("wire_ingest_cluster_records_skipped_total",
                                  "Malformed records on the clustering topics, skipped.",
                                  registry=REGISTRY)


def _poison_reasons(cls: type[PoisonError] = PoisonError) -> set[str]:
    reasons = {cls.reason}
    for sub in cls.__subclasses__():
        reasons |= _poison_reasons(sub)
    return reasons


# Every dead-letter reason exists (at 0) from start-up, so the first dead
# letter after a restart is an increase that rate() and alerts can see.
for _reason in sorted(_poison_reasons()):
    RECORDS_DEAD_LETTERED.labels(reason=_reason)
