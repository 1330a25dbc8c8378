"""records_consumed_total counts a record when it is consumed, so it never
trails records_enriched_total (issue 12, item 10: it lagged by a batch)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from typing import Any

import pytest

from service.config import Settings
from service.observability import metrics
from service.pipeline.registry import default_pipeline
from service.pipeline.runner import Outcome, Pipeline
from service.worker.loop import Worker
from tests.integration.faults.faults_harness import raw_stories
from tests.kafka_helpers import drain, produce_raw

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


class Sampling:
    """The default pipeline, noting both counters each time a record is enriched."""

    def __init__(self) -> None:
        self.pipeline: Pipeline = default_pipeline()
        self.stages = self.pipeline.stages
        self.samples: list[tuple[float, float]] = []

    def run(self, article: Any) -> Outcome:
        self.samples.append((metrics.RECORDS_CONSUMED._value.get(),
                             metrics.RECORDS_ENRICHED._value.get()))
        return self.pipeline.run(article)


def test_consumed_counts_each_record_before_it_is_enriched(kafka_settings: Settings) -> None:
    s = replace(kafka_settings, max_in_flight=50)
    stories = raw_stories(uuid.uuid4().hex[:6], 40, 3)
    produce_raw(s, [(k, v) for k, v, _ in stories])
    pipeline = Sampling()
    stop = threading.Event()
    worker = Worker(s, pipeline=pipeline)  # type: ignore[arg-type]
    thread = threading.Thread(target=worker.run, args=(stop,), daemon=True)
    thread.start()
    try:
        drain(s, s.enriched_topic, len(stories), timeout_s=60)
    finally:
        stop.set()
        thread.join(20)
    assert len(pipeline.samples) >= len(stories)
    # when a record is being enriched, it has been counted as consumed, and
    # every record enriched before it too
    assert all(consumed >= enriched + 1 for consumed, enriched in pipeline.samples), \
        pipeline.samples[:5]
