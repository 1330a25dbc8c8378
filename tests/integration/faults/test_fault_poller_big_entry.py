"""Fault test 12 (issue 12, item 2): a feed with an entry over 1 MiB (fine:
under MAX_RECORD_BYTES, published) and one over MAX_RECORD_BYTES (rejected
with a reason), among ordinary entries. A real poller publishes every
other entry exactly once, never parks the feed or loops in publish_error,
and counts the rejected entry."""

from __future__ import annotations

import http.server
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from faults_harness import ServiceProcess, TopicReader, fault_settings, report, wait_until

from service.transport.admin import ensure_topics
from service.transport.embedded import EmbeddedBroker

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(180)]

MAX_RECORD = 2 * 1024 * 1024


def _item(guid: str, title: str, paragraphs: int) -> str:
    body = "".join(f"<p>Cargo traffic resumed after storm number {i}, officials said.</p>"
                   for i in range(paragraphs))
    return (f'<item><guid isPermaLink="false">{guid}</guid><title>{title}</title>'
            f"<link>https://news.example.com/{guid.rsplit(':', 1)[-1]}</link>"
            f"<description><![CDATA[{body or 'Short item.'}]]></description></item>")


def test_entries_over_one_mib_are_published_or_rejected_and_the_feed_goes_on(
        own_broker: EmbeddedBroker, tmp_path: Path) -> None:
    s = fault_settings(own_broker.bootstrap, max_record_bytes=MAX_RECORD,
                       kafka_max_message_bytes=MAX_RECORD + 256 * 1024)
    ensure_topics(s)
    run = uuid.uuid4().hex[:6]
    ids = [f"urn:fault:{run}:{n}" for n in range(8)]
    # newest first, as feeds are: the big ones sit between ordinary entries
    items = [_item(ids[0], "Ordinary 0", 0), _item(ids[1], "Ordinary 1", 0),
             _item(ids[2], "Over one MiB", 11_000),  # ~1.5 MB raw record: published
             _item(ids[3], "Over the record limit", 40_000),  # ~5.5 MB: rejected
             *[_item(ids[n], f"Ordinary {n}", 0) for n in range(4, 8)]]
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big</title>'
            + "".join(items) + "</channel></rss>").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Content-Length", str(len(feed)))
            self.end_headers()
            self.wfile.write(feed)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    feeds_file = tmp_path / "feeds.yaml"
    feeds_file.write_text(f"feeds:\n  - url: http://127.0.0.1:{server.server_address[1]}/big.rss\n"
                          "    name: Big\n    id: big\n    interval: 1\n")
    proc = ServiceProcess("poll", s, tmp_path, "poller", {
        "FEEDS_FILE": str(feeds_file), "HTTP_ALLOW_PRIVATE": "true", "FEED_FETCH_PAGES": "false",
        "MIN_POLL_INTERVAL_S": "0.5"}).start()
    wanted = set(ids) - {ids[3]}
    try:
        with TopicReader(s, s.raw_topic, committed=False, ids="raw") as raw:
            wait_until(lambda: wanted <= raw.ids_seen(), 60, "every publishable entry", alive=[proc])
            time.sleep(6)  # several more polls: nothing may be published again
            records = raw.snapshot()
        code, _ = proc.terminate(timeout=30)
    finally:
        proc.ensure_dead()
        server.shutdown()
        server.server_close()
    counts = Counter(r.id for r in records)
    rejected = [line for line in proc.logs().splitlines() if "entry-too-large" in line
                or "entry rejected" in line]
    publish_errors = proc.logs().count("publishing feed big failed")
    report("poller-big-entries", broker=getattr(own_broker, "kind", "tansu"), published=len(records), distinct=len(counts),
           republished=sum(n - 1 for n in counts.values()), rejected_logged=len(rejected),
           publish_errors=publish_errors, exit_code=code)
    assert set(counts) == wanted
    assert all(n == 1 for n in counts.values()), counts
    assert publish_errors == 0
    assert rejected and ids[3] in rejected[0] and "MAX_RECORD_BYTES" in rejected[0]
    assert code == 0
