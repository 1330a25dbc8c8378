"""Story lifecycle end to end: a real HTTP feed server, the poller publishing
to a real broker (its state on the feed-state topic), a worker enriching,
and the enriched topic read back. Versions with change summaries, a
correction and a kill for an earlier story, an embargo, a flash, and a feed
whose GUIDs rotate on every poll. All stories here are written for these tests."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import pytest
from feeds_http_server import FeedServer, Route, SeenRequest
from feeds_kafka_helpers import raw_records, read_topic, wait_for

from service.config import Settings
from service.feeds.feedsfile import FeedConfig
from service.feeds.poller import Poller
from service.feeds.sink import KafkaSink
from service.feeds.state import FeedState
from service.history import history_lines, read_versions
from service.observability.health import Health
from service.observability.http import serve_observability
from service.transport.admin import ensure_topics
from service.transport.compacted import read_compacted
from service.transport.kafka import make_producer
from tests.conftest import make_test_settings
from tests.fixtures.knowledge.schema import errors as schema_errors
from tests.kafka_helpers import running_worker

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

UTC_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
NINJS_TIMES = ("firstCreated", "versionCreated", "embargoedUntil")


def rss(items: list[dict[str, str]]) -> bytes:
    """RSS 2.0 from dicts with guid, title, link (optional), date (optional), html."""
    out = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
           "<title>Lifecycle Wire</title><link>http://example.org/</link>"]
    for item in items:
        link = f"<link>{item['link']}</link>" if item.get("link") else ""
        out.append(f"<item><guid isPermaLink=\"false\">{item['guid']}</guid>"
                   f"<title>{item['title']}</title>{link}"
                   f"<pubDate>{item.get('date', 'Mon, 04 Mar 2024 09:30:00 +0000')}</pubDate>"
                   f"<content:encoded><![CDATA[{item['html']}]]></content:encoded></item>")
    out.append("</channel></rss>")
    return "".join(out).encode("utf-8")


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


@dataclass
class Desk:
    """One broker, one feed server, one worker for the module; a poller that
    tests can replace (as a rebalance or restart would)."""

    settings: Settings
    server: FeedServer
    poller: Poller
    stop: threading.Event
    thread: threading.Thread
    feeds: dict[str, FeedConfig] = field(default_factory=dict)

    def start_poller(self, feeds: list[FeedConfig]) -> None:
        for feed in feeds:
            self.feeds[feed.id] = feed
            self.poller.upsert_feed(feed)

    def restart_poller(self) -> None:
        """Stop the poller and start a new one that reads the feeds' state back
        from the compacted feed-state topic, as a new group member does."""
        self.stop.set()
        self.thread.join(15)
        assert not self.thread.is_alive()
        self.poller, self.stop, self.thread = _run_poller(self.settings)
        states = [FeedState.from_bytes(v) for v in
                  read_compacted(self.settings, self.settings.feed_state_topic).values() if v]
        self.poller.restore_states(states)
        self.start_poller(list(self.feeds.values()))

    def remembered_version(self, feed_id: str, story: str) -> int:
        """The version of `story` in the feed's state on the feed-state topic."""
        value = read_compacted(self.settings, self.settings.feed_state_topic).get(feed_id.encode())
        seen = FeedState.from_bytes(value).seen if value else ()
        return max((s.version for s in seen if s.story_id == story), default=0)

    def docs(self, feed_id: str | None = None) -> list[dict[str, Any]]:
        out = [orjson.loads(v) for _, v in read_topic(self.settings, self.settings.enriched_topic)
               if v is not None]
        return [d for d in out if feed_id is None or d["x_wire"]["source"] == feed_id]

    def versions(self, story: str) -> list[dict[str, Any]]:
        docs = [d for d in self.docs() if d["x_wire"]["id"] == story]
        return sorted(docs, key=lambda d: int(d["version"]))


def _run_poller(settings: Settings) -> tuple[Poller, threading.Event, threading.Thread]:
    producer = make_producer(settings)
    poller = Poller(settings, KafkaSink(settings, producer))
    stop = threading.Event()

    def run() -> None:
        try:
            poller.run(stop)
        finally:
            producer.close(timeout=5)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return poller, stop, thread


@pytest.fixture(scope="module")
def desk(broker: str) -> Iterator[Desk]:
    settings = make_test_settings(broker, http_per_host_rps=0.0, feed_fetch_pages=False,
                                  min_poll_interval_s=0.2, max_poll_interval_s=1.0,
                                  topic_partitions=2)
    ensure_topics(settings)
    with FeedServer() as server, running_worker(settings):
        poller, stop, thread = _run_poller(settings)
        d = Desk(settings, server, poller, stop, thread)
        try:
            yield d
        finally:
            d.stop.set()
            d.thread.join(15)


def feed(desk: Desk, path: str, name: str, **extra: Any) -> FeedConfig:
    return FeedConfig(path.strip("/"), name, desk.server.url(path), interval=0.2, **extra)


def assert_valid(docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        assert schema_errors(doc) == [], doc["x_wire"]["id"]
        for key in NINJS_TIMES:
            if key in doc:
                assert UTC_SECONDS.match(doc[key]), (key, doc[key])
        for key in ("fetched_at",):
            assert UTC_SECONDS.match(doc["x_wire"][key])


# ---------------------------------------------------------------- versions

STORY = {"guid": "cairo-talks", "link": "http://example.org/world/cairo-talks",
         "title": "Ceasefire talks resume in Cairo"}
P1 = "CAIRO (Lifecycle Wire) - Negotiators for both sides met in Cairo on Monday for a new round of talks."
P2 = "Mediators said the first session lasted four hours and would continue on Tuesday."
P3 = "Neither delegation spoke to reporters as they left the building."
P4 = "A senior mediator said a draft text on prisoner releases was now on the table."
P2B = "Mediators said the first session lasted six hours and would continue on Wednesday."


def test_a_story_updated_three_times_is_one_uri_with_versions_and_change_summaries(
        desk: Desk, tmp_path: Any) -> None:
    route = {"items": [{**STORY, "html": paragraphs(P1, P2, P3)}]}
    desk.server.routes["/versions"] = lambda _req: Route(rss(route["items"]))
    desk.start_poller([feed(desk, "/versions", "versions")])
    story = "versions:cairo-talks"
    wait_for(lambda: len(desk.versions(story)) == 1, 30, "version 1")

    route["items"] = [{**STORY, "html": paragraphs(P1, P2, P3, P4)}]
    wait_for(lambda: len(desk.versions(story)) == 2, 30, "version 2")

    wait_for(lambda: desk.remembered_version("versions", story) == 2, 20, "version 2 in the state")
    desk.restart_poller()  # version state lives on the feed-state topic, not in the process
    route["items"] = [{**STORY, "title": "UPDATE 1-Ceasefire talks in Cairo run into a second day",
                       "html": paragraphs("(Updates with length of first session, new date)",
                                          P1, P2B, P3, P4)}]
    wait_for(lambda: len(desk.versions(story)) == 3, 30, "version 3")
    polls = len(desk.server.hits("/versions"))
    wait_for(lambda: len(desk.server.hits("/versions")) >= polls + 2, 20, "unchanged polls")

    docs = desk.versions(story)
    assert [d["version"] for d in docs] == ["1", "2", "3"], (
        "unchanged republications add nothing", [(d["version"], d["x_wire"].get("changes"),
                                                  d["x_wire"]["fetched_at"]) for d in docs])
    assert len({d["uri"] for d in docs}) == 1
    assert "changes" not in docs[0]["x_wire"]
    assert docs[1]["x_wire"]["changes"] == {"previous_version": 1, "headline_changed": False,
                                            "paragraphs_added": 1, "paragraphs_removed": 0,
                                            "matched_by": "guid"}
    assert docs[2]["x_wire"]["changes"] == {"previous_version": 2, "headline_changed": True,
                                            "paragraphs_added": 1, "paragraphs_removed": 1,
                                            "matched_by": "guid"}
    v3 = docs[2]
    assert v3["headlines"][0]["value"] == "Ceasefire talks in Cairo run into a second day"
    assert v3["edNote"] == "Updates with length of first session, new date"
    assert v3["x_wire"]["correction"] is False and v3["pubStatus"] == "usable"
    assert not any("Updates with" in p for p in v3["x_wire"]["paragraphs"])
    # a later version is dated when the change was seen
    assert docs[1]["versionCreated"] == docs[1]["x_wire"]["fetched_at"]
    assert docs[0]["versionCreated"] == "2024-03-04T09:30:00Z"
    assert docs[0]["x_wire"]["published"]["original"] == "Mon, 04 Mar 2024 09:30:00 +0000"
    assert_valid(docs)

    lines = history_lines(read_versions(desk.settings, docs[0]["uri"]))
    assert [line.split()[0] for line in lines] == ["v1", "v2", "v3"]
    assert "1 paragraph added, 0 removed" in lines[1]
    assert "headline changed; 1 paragraph added, 1 removed" in lines[2]
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": desk.settings.kafka_bootstrap_servers,
           "TOPIC_PREFIX": desk.settings.topic_prefix, "HTTP_LISTEN": ""}
    cli = subprocess.run([sys.executable, "-m", "service.cli.main", "history", story], env=env,
                         capture_output=True, text=True, timeout=60)
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.count("\nv") + cli.stdout.startswith("v") == 3
    assert "Ceasefire talks in Cairo run into a second day" in cli.stdout


# ------------------------------------------------------- correction and kill

GRAIN = {"guid": "grain-2024", "link": "http://example.org/markets/grain",
         "title": "Wheat prices climb after dry spell"}
G1 = "CHICAGO (Lifecycle Wire) - Wheat futures rose 4% on Monday after a dry spell in the plains."
G1C = "CHICAGO (Lifecycle Wire) - Wheat futures rose 3% on Monday after a dry spell in the plains."
G2 = "Traders said farmers were holding back sales while they waited for rain."


def test_a_correction_and_a_kill_advisory_keep_the_earlier_story_uri(desk: Desk) -> None:
    route = {"items": [{**GRAIN, "html": paragraphs(G1, G2)}]}
    desk.server.routes["/desk"] = lambda _req: Route(rss(route["items"]))
    desk.start_poller([feed(desk, "/desk", "desk")])
    story = "desk:grain-2024"
    wait_for(lambda: len(desk.versions(story)) == 1, 30, "the story")

    route["items"] = [{**GRAIN, "title": "CORRECTED-Wheat prices climb after dry spell",
                       "html": paragraphs("(Corrects size of the rise in paragraph 1 to 3% from 4%)",
                                          G1C, G2)}]
    wait_for(lambda: len(desk.versions(story)) == 2, 30, "the correction")

    # the kill comes as a new entry with its own GUID, naming the story by its headline
    kill = {"guid": "grain-2024-kill", "link": "http://example.org/advisories/77",
            "title": "KILL-Wheat prices climb after dry spell",
            "html": paragraphs("KILL KILL KILL",
                               "The story headlined \"Wheat prices climb after dry spell\" has been "
                               "withdrawn. It reported a price move that did not happen. Please "
                               "delete it from all systems.")}
    route["items"] = [kill, route["items"][0]]
    wait_for(lambda: len(desk.versions(story)) == 3, 30, "the kill")

    first, corrected, killed = desk.versions(story)
    assert first["uri"] == corrected["uri"] == killed["uri"]
    assert first["pubStatus"] == "usable" and first["x_wire"]["correction"] is False
    assert corrected["pubStatus"] == "usable" and corrected["x_wire"]["correction"] is True
    assert corrected["edNote"] == "Corrects size of the rise in paragraph 1 to 3% from 4%"
    assert corrected["x_wire"]["changes"]["correction_notice"].startswith("(Corrects size")
    assert corrected["x_wire"]["changes"]["paragraphs_added"] == 1
    assert corrected["headlines"][0]["value"] == "Wheat prices climb after dry spell"
    assert killed["pubStatus"] == "canceled"
    assert killed["edNote"].startswith("KILL KILL KILL The story headlined")
    assert killed["x_wire"]["changes"]["matched_by"] == "headline-notice"
    assert killed["x_wire"]["entry_id"] == "desk:grain-2024-kill"
    assert killed["urgency"] == 2
    assert len(desk.docs("desk")) == 3, "the kill entry is not a story of its own"
    assert_valid([first, corrected, killed])


# ------------------------------------------------------- embargo and flash

def test_an_embargoed_story_and_a_flash_bulletin(desk: Desk) -> None:
    items = [
        {"guid": "budget", "link": "http://example.org/economy/budget",
         "title": "Finance ministry to unveil spending plan",
         "html": paragraphs("EMBARGOED UNTIL 0001 GMT March 5, 2024",
                            "ECON-BUDGET/SPENDING",
                            "LONDON (Lifecycle Wire) - The finance ministry will set out a spending "
                            "plan on Tuesday that trims transport projects.",
                            "Officials said the plan would be debated in parliament next week.")},
        {"guid": "quake", "link": "http://example.org/world/quake",
         "title": "FLASH - STRONG QUAKE STRIKES OFF CHILE COAST - SEISMOLOGISTS", "html": ""},
        {"guid": "harbour", "link": "http://example.org/world/harbour",
         "title": "Harbour reopens after storm",
         "html": paragraphs("The harbour reopened on Monday after crews cleared debris.")},
    ]
    desk.server.routes["/signals"] = Route(rss(items))
    desk.start_poller([feed(desk, "/signals", "signals", timezone="Europe/London")])
    wait_for(lambda: len(desk.docs("signals")) == 3, 30, "three stories")
    docs = {d["x_wire"]["id"]: d for d in desk.docs("signals")}

    budget = docs["signals:budget"]
    assert budget["embargoedUntil"] == "2024-03-05T00:01:00Z"
    assert budget["x_wire"]["embargoed_until"]["original"] == "0001 GMT March 5, 2024"
    assert budget["slugline"] == "ECON-BUDGET/SPENDING"
    assert budget["pubStatus"] == "usable" and budget["urgency"] == 5
    assert budget["x_wire"]["paragraphs"][0].startswith("The finance ministry")

    quake = docs["signals:quake"]
    assert quake["urgency"] == 1
    assert quake["headlines"][0]["value"] == "STRONG QUAKE STRIKES OFF CHILE COAST - SEISMOLOGISTS"
    assert {s["kind"] for s in quake["x_wire"]["signals"]} >= {"flash", "bulletin"}
    assert docs["signals:harbour"]["urgency"] == 5
    assert "embargoedUntil" not in docs["signals:harbour"]
    assert_valid(list(docs.values()))


# ------------------------------------------------------------ rotating GUIDs

ROTATING = [(f"http://example.org/local/{slug}", title, text) for slug, title, text in (
    ("bridge", "Old bridge closes for repairs", "The river crossing will shut for six weeks."),
    ("library", "Library extends opening hours", "The central library will open until ten."),
    ("market", "Night market returns to the square", "Forty stalls are expected on Friday."),
    ("ferry", "Ferry timetable changes in spring", "Two early sailings will be dropped."))]


def test_a_feed_whose_guids_rotate_on_every_poll_gives_each_story_once(desk: Desk) -> None:
    counter = itertools.count()
    edited = {"on": False}

    def route(_req: SeenRequest) -> Route:
        n = next(counter)
        items = []
        for i, (link, title, text) in enumerate(ROTATING):
            if i == 0 and edited["on"]:
                text += " Buses will replace the crossing on weekdays."
            items.append({"guid": f"tag:rotating:{n}:{i}", "link": link, "title": title,
                          "html": paragraphs(text)})
        return Route(rss(items))

    desk.server.routes["/rotating"] = route
    health = Health()
    health.add_status("feeds", desk.poller.status)
    with serve_observability("127.0.0.1:0", health) as obs:
        desk.start_poller([feed(desk, "/rotating", "rotating")])
        wait_for(lambda: len(desk.server.hits("/rotating")) >= 6, 30, "six polls")
        edited["on"] = True
        wait_for(lambda: len(desk.server.hits("/rotating")) >= 10, 30, "ten polls")
        wait_for(lambda: len(desk.docs("rotating")) >= 5, 30, "the edit")
        status = httpx.get(f"{obs.url}/status").json()
        metrics_text = httpx.get(f"{obs.url}/metrics").text

    raw = [r for r in raw_records(desk.settings) if r.feed.id == "rotating"]
    docs = desk.docs("rotating")
    assert len(raw) == 5 and len(docs) == 5, [(d["x_wire"]["id"], d["version"]) for d in docs]
    ids = sorted({d["x_wire"]["id"] for d in docs})
    assert len(ids) == 4, "one id per story over ten polls"
    bridge = [d for d in docs if d["x_wire"]["source_url"] == ROTATING[0][0]]
    assert [d["version"] for d in bridge] == ["1", "2"]
    assert bridge[0]["uri"] == bridge[1]["uri"]
    assert bridge[1]["x_wire"]["changes"]["matched_by"] == "link"
    assert bridge[1]["x_wire"]["identity"] == "link"
    row = next(r for r in status["feeds"] if r["id"] == "rotating")
    assert row["guid_rotation_detected"] is True and row["identity"] == "link"
    assert row["identity_configured"] == "auto" and row["guid_rotations"] >= 3
    gauge = re.search(r"^wire_ingest_feeds_rotating_guids (\S+)$", metrics_text, re.MULTILINE)
    assert gauge and float(gauge.group(1)) >= 1
    assert_valid(docs)


# ------------------------------------------------------ one publisher, two feeds

def test_the_same_story_in_two_feeds_of_one_publisher_keeps_one_id(desk: Desk) -> None:
    story = {"guid": "4471", "title": "Council approves new tram line",
             "html": paragraphs("The city council approved a fourth tram line on Monday.")}
    only_world = {"guid": "4472", "title": "Museum reopens after repairs",
                  "html": paragraphs("The museum reopened its doors after two years.")}
    desk.server.routes["/pub-world"] = Route(rss([story, only_world]))
    desk.server.routes["/pub-top"] = Route(rss([story]))
    desk.start_poller([feed(desk, "/pub-world", "pub-world", publisher="lifecycle-pub"),
                       feed(desk, "/pub-top", "pub-top", publisher="lifecycle-pub")])
    wait_for(lambda: len(desk.docs("pub-world")) == 2 and len(desk.docs("pub-top")) == 1, 30,
             "both feeds")
    world = {d["headlines"][0]["value"]: d for d in desk.docs("pub-world")}
    top = desk.docs("pub-top")[0]
    tram = world["Council approves new tram line"]
    assert tram["x_wire"]["id"] == top["x_wire"]["id"] == "lifecycle-pub:4471"
    assert tram["uri"] == top["uri"] and tram["version"] == top["version"] == "1"
    assert world["Museum reopens after repairs"]["x_wire"]["id"] == "lifecycle-pub:4472"
    assert_valid([tram, top])
