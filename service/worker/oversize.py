"""Records too large to produce: they become dead letters that fit.

One set of sizes governs the pipeline (checked at start-up, see
`service.config`): raw records up to MAX_RECORD_BYTES are accepted, and every
record produced must fit KAFKA_MAX_MESSAGE_BYTES (the producer's
max_request_size and the topics' max.message.bytes). An enriched document
can be larger than its raw record; when it does not fit, the raw record is
dead-lettered instead (reason `output-too-large`). A dead letter whose
original bytes do not fit either (a raw record above the limit that some
other producer wrote) keeps the first DLQ_KEEP_BYTES of them, with the
original size and SHA-256 in headers, so the partition moves on and the
record can still be identified.
"""

from __future__ import annotations

import hashlib

from service.worker.batch import Headers, Output

# framing of one record in a batch (batch header, varints, attributes), rounded up generously
RECORD_OVERHEAD_BYTES = 1024
DLQ_KEEP_BYTES = 64 * 1024  # of the original, when a dead letter must be cut


def record_size(o: Output) -> int:
    """An upper bound of the bytes `o` takes in a produce request."""
    headers = sum(len(k.encode()) + len(v) + 8 for k, v in o.headers)
    return RECORD_OVERHEAD_BYTES + len(o.key or b"") + len(o.value or b"") + headers


def fits(o: Output, limit: int) -> bool:
    return record_size(o) <= limit


def cut_dead_letter(o: Output, limit: int, *, force: bool = False) -> Output:
    """`o` (a dead letter) with its value cut to at most DLQ_KEEP_BYTES so the
    record fits `limit`, the original's size and SHA-256 in headers.
    Unchanged when it fits, unless `force` (the broker refused it anyway)."""
    value = o.value or b""
    if fits(o, limit) and not force:
        return o
    extra: Headers = [
        ("dlq-truncated", b"true"),
        ("dlq-original-size", str(len(value)).encode()),
        ("dlq-original-sha256", hashlib.sha256(value).hexdigest().encode()),
    ]
    headers = [*o.headers, *extra]
    room = limit - record_size(Output(o.topic, o.key, b"", headers))
    return Output(o.topic, o.key, value[:max(0, min(DLQ_KEEP_BYTES, room))], headers)
