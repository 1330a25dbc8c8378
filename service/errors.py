"""The exception tree. What an exception says is what happens to the message.

    WireIngestError
    ├── ConfigError            bad settings or feeds file: refuse to start
    ├── TransientError         retry with backoff; never dead-letter
    │   ├── BrokerUnavailable  Kafka unreachable or timing out
    │   └── FetchTransient     HTTP timeout, 5xx, 429, connection reset
    └── PoisonError            deterministic: dead-letter (worker) or reject (poller)
        ├── InvalidRecord      raw record is not JSON, too large, or violates the schema
        ├── StageFailure       an enrichment stage raised on this input
        ├── InputTooLarge      input beyond a documented limit
        └── FeedRejected       a feed body that cannot be turned into entries
"""

from __future__ import annotations


class WireIngestError(Exception):
    """Root of every error wire-ingest raises on purpose."""


class ConfigError(WireIngestError):
    """A setting or the feeds file is invalid; the message names the setting."""


class TransientError(WireIngestError):
    """Worth retrying later: the same input may succeed."""


class BrokerUnavailable(TransientError):
    pass


class FetchTransient(TransientError):
    pass


class PoisonError(WireIngestError):
    """Retrying cannot help: the input itself is the problem."""

    reason = "poison"


class InvalidRecord(PoisonError):
    reason = "invalid-record"


class StageFailure(PoisonError):
    reason = "stage-failure"

    def __init__(self, stage: str, cause: BaseException) -> None:
        super().__init__(f"stage {stage!r} failed: {type(cause).__name__}: {cause}")
        self.stage = stage
        self.cause = cause


class InputTooLarge(PoisonError):
    reason = "input-too-large"


class FeedRejected(PoisonError):
    reason = "feed-rejected"
