"""Dead letters that must fit the message size: cut, with size and hash."""

from __future__ import annotations

import hashlib

import pytest

from service.config import load_settings
from service.errors import ConfigError
from service.worker.batch import Output
from service.worker.oversize import DLQ_KEEP_BYTES, cut_dead_letter, fits, record_size

HEADERS = [("dlq-reason", b"invalid-record"), ("dlq-stage", b"decode")]


def test_a_dead_letter_that_fits_keeps_its_original_bytes() -> None:
    o = Output("dlq", b"k", b"x" * 1000, HEADERS)
    assert cut_dead_letter(o, 100_000) is o


def test_a_dead_letter_too_large_is_cut_with_its_size_and_hash() -> None:
    value = bytes(range(256)) * 8000  # 2 MB
    cut = cut_dead_letter(Output("dlq", b"k", value, HEADERS), 1024 * 1024)
    headers = dict(cut.headers)
    assert cut.value == value[:DLQ_KEEP_BYTES]
    assert headers["dlq-original-size"] == str(len(value)).encode()
    assert headers["dlq-original-sha256"] == hashlib.sha256(value).hexdigest().encode()
    assert headers["dlq-truncated"] == b"true" and headers["dlq-reason"] == b"invalid-record"
    assert fits(cut, 1024 * 1024)


def test_a_cut_dead_letter_fits_even_a_small_limit() -> None:
    cut = cut_dead_letter(Output("dlq", b"k", b"y" * 200_000, HEADERS), 20_000)
    assert fits(cut, 20_000) and 0 < len(cut.value or b"") < 20_000


def test_record_size_counts_key_value_and_headers() -> None:
    small = record_size(Output("t", None, b"", []))
    assert record_size(Output("t", b"kk", b"vvv", [("h", b"12")])) == small + 2 + 3 + 1 + 2 + 8


@pytest.mark.parametrize(("record", "message"), [(4 << 20, 4 << 20), (1 << 20, (1 << 20) + 1000)])
def test_message_size_must_leave_room_above_the_record_size(record: int, message: int) -> None:
    with pytest.raises(ConfigError, match=r"KAFKA_MAX_MESSAGE_BYTES=.*MAX_RECORD_BYTES"):
        load_settings({"MAX_RECORD_BYTES": str(record), "KAFKA_MAX_MESSAGE_BYTES": str(message)})


def test_the_default_sizes_are_consistent() -> None:
    s = load_settings({})
    assert s.kafka_max_message_bytes >= s.max_record_bytes + 64 * 1024
