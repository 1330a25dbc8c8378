"""Topic creation: idempotent, with the configured names and partition counts."""

from __future__ import annotations

import contextlib
import logging

from kafka.admin import KafkaAdminClient
from kafka.errors import TopicAlreadyExistsError

from service.config import Settings
from service.transport.kafka import client_security_config

log = logging.getLogger(__name__)

COMPACTED = {"cleanup.policy": "compact"}


def topic_plan(s: Settings) -> dict[str, dict[str, object]]:
    """Every topic wire-ingest uses, with how it should be created."""
    plain = {"num_partitions": s.topic_partitions, "replication_factor": s.topic_replication}
    return {
        s.raw_topic: dict(plain),
        s.enriched_topic: dict(plain),
        s.dlq_topic: dict(plain),
        s.feeds_topic: {**plain, "configs": dict(COMPACTED)},
        s.feed_state_topic: {**plain, "configs": dict(COMPACTED)},
        **{topic: ({**plain, "configs": dict(COMPACTED)} if role == "state" else dict(plain))
           for role, topic in s.cluster_topics.items()},
    }


def ensure_topics(s: Settings, plan: dict[str, dict[str, object]] | None = None) -> list[str]:
    """Create missing topics; return the names created. Existing topics are left as they are."""
    plan = plan if plan is not None else topic_plan(s)
    admin = KafkaAdminClient(bootstrap_servers=s.bootstrap_servers, client_id=f"{s.kafka_client_id}-admin",
                             request_timeout_ms=s.kafka_request_timeout_ms, **client_security_config(s))
    try:
        existing = set(admin.list_topics())
        missing = {name: spec for name, spec in plan.items() if name not in existing}
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another instance won the race
                admin.create_topics(missing, timeout_ms=10_000, wait_for_metadata=True)
            log.info("created topics", extra={"topics": sorted(missing)})
        return sorted(missing)
    finally:
        admin.close()
