"""Story identity rules (service/feeds/identity.py), pure: records and
remembered entries in, what to publish and the new memory out."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import orjson
import pytest

from service.errors import ConfigError
from service.feeds.feedsfile import feed_from_mapping
from service.feeds.identity import ROTATION_SWITCH, paragraph_keys, resolve
from service.feeds.records import EntryParts, build_record, record_id
from service.feeds.state import FeedState, SeenEntry
from service.model import FeedRef, RawArticle
from service.transport.serde import decode_raw, encode_raw

FEED = FeedRef("city", "City Desk", "https://example.org/city.rss")
WHEN = datetime(2024, 3, 4, 9, 30, tzinfo=UTC)


def entry(guid: str | None, title: str, *paragraphs: str, link: str | None = None,
          feed: FeedRef = FEED) -> RawArticle:
    parts = EntryParts(guid=guid, guid_is_link=False, link=link, title=title,
                       published_at=WHEN, content="".join(f"<p>{p}</p>" for p in paragraphs))
    return build_record(feed, parts, WHEN)


BRIDGE = ("The river crossing will shut for six weeks from Monday.",
          "Buses will run every ten minutes while the work goes on.")


def test_versions_count_paragraphs_added_and_removed_and_headline_changes() -> None:
    first = resolve([entry("b1", "Bridge closes", *BRIDGE)], (), 100, configured="guid")
    assert [(r.id, r.version, r.changes) for r in first.publish] == [("city:b1", 1, None)]
    longer = entry("b1", "Bridge closes", *BRIDGE, "Cyclists may still use the footpath.")
    second = resolve([longer], first.seen, 100, configured="guid")
    change = second.publish[0].changes
    assert second.publish[0].version == 2 and change is not None
    assert (change.previous_version, change.headline_changed, change.paragraphs_added,
            change.paragraphs_removed, change.matched_by) == (1, False, 1, 0, "guid")
    reworded = entry("b1", "UPDATE 1-Bridge closure extended",
                     "(Updates with longer closure)", "The river crossing will shut for eight weeks.",
                     BRIDGE[1], "Cyclists may still use the footpath.")
    third = resolve([reworded], second.seen, 100, configured="guid")
    change = third.publish[0].changes
    assert change is not None and third.publish[0].version == 3
    # the update note is not a body paragraph; one paragraph was reworded
    assert (change.headline_changed, change.paragraphs_added, change.paragraphs_removed) == (True, 1, 1)
    again = resolve([reworded], third.seen, 100, configured="guid")
    assert again.publish == () and again.suppressed == 1


def test_a_headline_label_alone_does_not_count_as_a_new_headline() -> None:
    first = resolve([entry("b1", "Bridge closes", *BRIDGE)], (), 100, configured="guid")
    refiled = resolve([entry("b1", "REFILE-Bridge closes", *BRIDGE)], first.seen, 100,
                      configured="guid")
    assert refiled.publish[0].changes is not None
    assert refiled.publish[0].changes.headline_changed is False


def rotating(poll: int, edit: bool = False) -> list[RawArticle]:
    stories = [("bridge", "Bridge closes", BRIDGE[0]), ("library", "Library opens late",
               "The library will open until ten."), ("market", "Night market returns",
               "Forty stalls are expected.")]
    return [entry(f"tag:x:{poll}:{i}", title, text + (" More buses." if edit and i == 0 else ""),
                  link=f"https://example.org/{slug}") for i, (slug, title, text) in enumerate(stories)]


def test_auto_detects_rotating_guids_and_switches_to_links() -> None:
    state = resolve(rotating(0), (), 100)
    assert state.new == 3 and state.switched_to is None
    ids = {r.id for r in state.publish}
    rotations = 0
    for poll in range(1, 10):
        state = resolve(rotating(poll, edit=poll >= 6), state.seen, 100, switched=state.switched_to,
                        rotations_before=rotations)
        rotations += state.rotations
        if poll == 6:
            assert [(r.id, r.version) for r in state.publish] == [("tag:x:0:0", 2)]
            assert state.publish[0].entry_id == "tag:x:6:0"
            assert state.publish[0].changes and state.publish[0].changes.matched_by == "link"
            assert state.publish[0].identity == "link"
        else:
            assert state.publish == ()
        assert {s.story_id for s in state.seen} == ids
    assert rotations >= ROTATION_SWITCH and state.switched_to == "link"


def test_guid_policy_does_not_look_past_guids() -> None:
    first = resolve(rotating(0), (), 100, configured="guid")
    second = resolve(rotating(1), first.seen, 100, configured="guid")
    assert second.new == 3 and second.rotations == 0 and second.switched_to is None


def test_link_title_date_and_content_policies_key_new_stories() -> None:
    linked = resolve([entry("g1", "Bridge closes", *BRIDGE, link="https://example.org/bridge?utm_source=x")],
                     (), 100, configured="link")
    assert linked.publish[0].id == "https://example.org/bridge"
    assert linked.publish[0].entry_id == "city:g1"
    moved = resolve([entry("g2", "Bridge closes", BRIDGE[0], link="https://example.org/bridge")],
                    linked.seen, 100, configured="link")
    assert [(r.id, r.version) for r in moved.publish] == [("https://example.org/bridge", 2)]

    dated = resolve([entry(None, "Bridge closes", *BRIDGE)], (), 100, configured="title+date")
    assert dated.publish[0].id.startswith("city:title-date:")
    labelled = resolve([entry(None, "UPDATE 1-Bridge closes", BRIDGE[0])], dated.seen, 100,
                       configured="title+date")
    assert labelled.publish[0].id == dated.publish[0].id and labelled.publish[0].version == 2

    content = resolve([entry(None, "Bridge closes", *BRIDGE)], (), 100, configured="content")
    assert content.publish[0].id.startswith("city:content:")
    assert resolve([entry(None, "Bridge closes", *BRIDGE)], content.seen, 100,
                   configured="content").publish == ()


def test_a_kill_sent_as_a_new_entry_becomes_the_next_version_of_the_story() -> None:
    first = resolve([entry("b1", "Bridge closes", *BRIDGE)], (), 100, configured="guid")
    kill = entry("b1-kill", "KILL-Bridge closes", "KILL KILL KILL",
                 "The story headlined \"Bridge closes\" has been withdrawn.")
    both = [kill, entry("b1", "Bridge closes", *BRIDGE)]
    second = resolve(both, first.seen, 100, configured="guid")
    assert [(r.id, r.version, r.entry_id) for r in second.publish] == [("city:b1", 2, "city:b1-kill")]
    assert second.publish[0].changes and second.publish[0].changes.matched_by == "headline-notice"
    third = resolve(both, second.seen, 100, configured="guid")
    assert third.publish == () and third.suppressed == 2
    after = resolve([entry("b1", "Bridge closes", BRIDGE[0])], third.seen, 100, configured="guid")
    assert after.publish[0].version == 3, "versions continue after the notice's"


def test_an_unlabelled_new_entry_with_the_same_headline_is_a_new_story() -> None:
    first = resolve([entry("b1", "Bridge closes", *BRIDGE)], (), 100, configured="guid")
    other = resolve([entry("b2", "Bridge closes", "Another town, another bridge.")], first.seen,
                    100, configured="guid")
    assert [(r.id, r.version) for r in other.publish] == [("city:b2", 1)]


def test_feeds_of_one_publisher_share_story_ids() -> None:
    world = FeedRef("world", "World", "https://example.org/world.rss", publisher="example")
    top = FeedRef("top", "Top", "https://example.org/top.rss", publisher="example")
    parts = EntryParts(guid="story-9", guid_is_link=False, link=None, title="Bridge closes")
    assert record_id(world, parts) == record_id(top, parts) == "example:story-9"
    assert record_id(FEED, parts) == "city:story-9"
    a = resolve([entry(None, "Bridge closes", *BRIDGE, feed=world)], (), 10, configured="title+date")
    b = resolve([entry(None, "Bridge closes", *BRIDGE, feed=top)], (), 10, configured="title+date")
    assert a.publish[0].id == b.publish[0].id


def test_paragraph_keys_leave_out_wire_notes() -> None:
    plain = entry("b1", "Bridge closes", *BRIDGE)
    noted = entry("b1", "Bridge closes", "(Corrects length of closure)", *BRIDGE,
                  "This story has been corrected to show the closure lasts six weeks.")
    assert paragraph_keys(plain) == paragraph_keys(noted) != ""


def test_state_keeps_identity_keys_and_reads_old_rows() -> None:
    first = resolve([entry("b1", "Bridge closes", *BRIDGE)], (), 100)
    state = FeedState("city", seen=first.seen, identity="link", guid_rotations=4)
    back = FeedState.from_bytes(state.to_bytes())
    assert back == state and back.seen[0].paragraphs and back.seen[0].link == ""
    assert state.material() != replace(state, guid_rotations=5).material()
    old = b'{"feed_id": "city", "seen": [["city:b1", "abc", 2]], "v": 1}'
    assert FeedState.from_bytes(old).seen == (SeenEntry("city:b1", "abc", 2),)
    # a poller from before identity keys reads three-field rows: they stay three fields
    assert all(len(row) == 3 for row in orjson.loads(state.to_bytes())["seen"])


def test_raw_records_carry_the_lifecycle_through_the_topic() -> None:
    first = resolve([entry("b1", "Bridge closes", *BRIDGE)], (), 100)
    second = resolve([entry("b1", "Bridge closes", BRIDGE[0])], first.seen, 100)
    record = second.publish[0]
    assert decode_raw(encode_raw(record)) == record
    assert record.changes and record.changes.paragraphs_removed == 1


def test_feeds_file_validates_identity_and_publisher() -> None:
    feed = feed_from_mapping({"url": "https://e.org/a.rss", "name": "A", "identity": "title+date",
                              "publisher": "example"})
    assert (feed.identity, feed.publisher, feed.ref.publisher) == ("title+date", "example", "example")
    assert "identity" in feed.to_dict()
    with pytest.raises(ConfigError, match="'identity' must be one of auto, guid, link"):
        feed_from_mapping({"url": "https://e.org/a.rss", "name": "A", "identity": "uuid"})
    with pytest.raises(ConfigError, match="'publisher'"):
        feed_from_mapping({"url": "https://e.org/a.rss", "name": "A", "publisher": "a b"})


def test_identity_and_publisher_travel_through_the_feeds_topic() -> None:
    from service.feeds.catalog import decode_feed, encode_feed

    feed = feed_from_mapping({"url": "https://e.org/a.rss", "name": "A", "identity": "link",
                              "publisher": "example"})
    assert decode_feed(encode_feed(feed)) == feed
    plain = feed_from_mapping({"url": "https://e.org/a.rss", "name": "A"})
    assert b"identity" not in encode_feed(plain), "definitions without a rule are unchanged"


def test_a_story_listed_twice_in_one_body_is_published_once() -> None:
    twice = [entry("a1", "Bridge closes", *BRIDGE, link="https://example.org/bridge"),
             entry("a2", "Bridge closes", *BRIDGE, link="https://example.org/bridge")]
    result = resolve(twice, (), 100, configured="link")
    assert [(r.id, r.version) for r in result.publish] == [("https://example.org/bridge", 1)]
    assert result.suppressed == 1
