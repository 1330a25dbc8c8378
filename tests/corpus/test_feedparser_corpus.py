"""feedparser's own test corpus (~2,100 feeds, many deliberately broken)
through the feed normaliser and `wire-ingest feeds inspect`: no unhandled
exception, every record well formed, rejections counted by reason."""

from __future__ import annotations

import argparse
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.cli.feeds import cmd_inspect
from service.config import load_settings
from service.feeds.feedsfile import feed_id_for
from service.feeds.normalise import normalise_feed
from service.model import FeedRef
from service.transport.serde import decode_raw, encode_raw

pytestmark = pytest.mark.timeout(120)

_HEADER = re.compile(rb"^Header:\s*([^:\r\n]+):\s*(.*?)\s*$", re.MULTILINE)
FETCHED = datetime(2024, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def corpus(shared_dir: Path) -> list[Path]:
    root = shared_dir / "corpora" / "feedparser-tests"
    if not root.is_dir():
        pytest.skip(f"feedparser corpus not found at {root}")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != "LICENSE")
    assert len(files) > 2000
    return files


def _headers(body: bytes) -> dict[str, str]:
    """The HTTP headers a corpus file declares in its leading comment."""
    head = body[:4096]
    return {k.decode("latin-1").strip(): v.decode("latin-1") for k, v in _HEADER.findall(head)}


def test_every_corpus_file_normalises_to_well_formed_records(corpus: list[Path]) -> None:
    reasons: Counter[str] = Counter()
    records = bozo = with_headers = 0
    for path in corpus:
        body = path.read_bytes()
        headers = _headers(body)
        with_headers += bool(headers)
        feed = FeedRef(feed_id_for(str(path)), path.name, path.as_uri(), "Europe/Paris")
        result = normalise_feed(body, headers, feed, FETCHED, max_entries=500)
        bozo += result.bozo is not None
        reasons.update(r.reason for r in result.rejections)
        for record in result.records:
            records += 1
            assert record.id.strip(), path
            assert record.title or record.summary or record.content, path
            assert re.fullmatch(r"[0-9a-f]{64}", record.content_hash), path
            for moment in (record.published_at, record.updated_at, record.fetched_at):
                assert moment is None or moment.utcoffset() is not None, path
            assert decode_raw(encode_raw(record)) == record, path
        if result.rejected:
            assert result.records == (), path
    print(f"\ncorpus: {len(corpus)} files ({with_headers} with HTTP headers), {records} records, "
          f"{bozo} bozo; rejections: {dict(sorted(reasons.items()))}")
    assert records > 500


def test_feeds_inspect_on_the_corpus_reports_no_errors(corpus: list[Path], shared_dir: Path) -> None:
    out = io.StringIO()
    args = argparse.Namespace(targets=[str(shared_dir / "corpora" / "feedparser-tests")],
                              json=True, records=False, timezone=None)
    code = cmd_inspect(args, load_settings({}), out=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    summary = lines[-1]
    print(f"\nfeeds inspect: {summary}")
    assert code == 0
    assert summary["summary"] is True and summary["errors"] == 0
    assert summary["sources"] == len(corpus) == len(lines) - 1
    assert summary["ok"] + summary["rejected"] == summary["sources"]
    assert sum(row["records"] for row in lines[:-1]) == summary["records"]
