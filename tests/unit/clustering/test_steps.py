"""The assigner's steps wired in memory with Kafka's partitioning: one
decision per document although its bands land on several partitions,
replays and restored state, the window."""

from __future__ import annotations

from typing import Any

import orjson

from service.clustering.local import LocalAssigner
from service.clustering.records import decode, encode
from service.clustering.steps import STATE_PREFIXES, BandIndex, ClusterBook, Collector, decide
from service.clustering.view import describe
from tests.fixtures.syndication.generator import wire_stories
from tests.unit.clustering.helpers import T0, records

DOCS = wire_stories(4, seed=11)
HOUR = 3600.0


def _run(assigner: LocalAssigner, docs: list[Any], start: float = T0) -> dict[str, dict[str, Any]]:
    out = {}
    for k, d in enumerate(docs):
        for a in assigner.feed(records(d.id, d.text, start + k * 60, partitions=assigner.partitions,
                                       source=d.outlet)):
            out[a["doc"]] = a
    return out


def test_each_document_gets_one_decision_and_copies_join_the_original() -> None:
    assigner = LocalAssigner(partitions=5)
    got = _run(assigner, DOCS)
    assert len(assigner.assignments) == len(DOCS) == len(got)
    for d in DOCS:
        a = got[d.id]
        assert a["cluster"] == f"{d.story}-0"
        assert a["role"] == {"original": "original", "copy": "copy", "update": "update"}[d.role]
    last = got[DOCS[6].id]  # the update, last of the first story
    assert (last["copies"], last["updates"], last["members"]) == (5, 1, 7)
    assert last["first_source"] == DOCS[0].outlet
    trimmed = got[next(d.id for d in DOCS if d.variation == "trimmed")]
    assert trimmed["cut"] and not trimmed["added"]
    update = got[DOCS[6].id]
    assert len(update["added"]) >= 2 and all(x["text"] for x in update["added"])
    assert "cluster" in describe(update) and "+ ¶" in describe(update)


def test_a_replayed_document_is_not_counted_twice() -> None:
    assigner = LocalAssigner(partitions=3)
    _run(assigner, DOCS[:4])
    again = assigner.feed(records(DOCS[2].id, DOCS[2].text, T0 + 120, partitions=3))
    assert again == [], "the cluster book recognises the document"
    nxt = assigner.feed(records(DOCS[4].id, DOCS[4].text, T0 + 240, partitions=3))
    assert nxt[0]["copies"] == 4, "three copies before it, none counted twice"


def test_state_restored_from_the_changelog_gives_the_same_decisions() -> None:
    """What a new owner does after a rebalance: rebuild each step from the
    state entries (last value per key) and carry on."""
    first = LocalAssigner(partitions=3)
    changelog: dict[tuple[int, str], bytes | None] = {}
    route = first._route

    def keep(e: Any) -> None:
        if e.to == "state":
            changelog[(e.partition, e.key)] = None if e.value is None else encode(e.value)
        route(e)

    first._route = keep  # type: ignore[method-assign]
    _run(first, DOCS[:7])
    second = LocalAssigner(partitions=3)
    for (partition, key), value in changelog.items():
        if value is not None:
            role = STATE_PREFIXES[key[:2]]
            second.steps[role][partition].restore(key, decode(value, state=True))
    rest = _run(second, DOCS[7:], start=T0 + HOUR)
    reference = _run(LocalAssigner(partitions=3), DOCS)
    for d in DOCS[7:]:
        assert rest[d.id]["cluster"] == reference[d.id]["cluster"]
        assert rest[d.id]["copies"] == reference[d.id]["copies"]


def test_state_older_than_the_window_is_forgotten() -> None:
    assigner = LocalAssigner(partitions=2, window_s=2 * HOUR)
    story = [d for d in DOCS if d.story == DOCS[0].story]
    _run(assigner, story[:1])
    late = _run(assigner, story[1:2], start=T0 + 10 * HOUR)
    assert late[story[1].id]["role"] == "original", "the original left the window"
    other = DOCS[7:8]
    _run(assigner, other, start=T0 + 30 * HOUR)  # moves event time on: expiry runs
    index = assigner.steps["keys"]
    assert all(story[0].id not in bi.entries for bi in index)


def test_parts_are_collected_before_deciding() -> None:
    c = Collector(0, 7 * 86400.0)
    part = {"doc": "d", "seen": T0, "parts": 2, "source": "s", "agency": None, "reply": "t00-1",
            "matches": []}
    first = c.handle({**part, "part": 0})
    assert [(e.to, e.key) for e in first] == [("state", "m/0/d")]
    second = c.handle({**part, "part": 1, "reply": "t01-2"})
    decisions = [e for e in second if e.to == "decisions"]
    assert len(decisions) == 1 and decisions[0].value is not None
    assert decisions[0].value["role"] == "original" and c.pending == {}
    assert [(e.key, e.value) for e in second if e.to == "state"] == [("m/0/d", None)]
    restored = Collector(0, 7 * 86400.0)  # a new owner, from the state entry of part 0
    restored.restore("m/0/d", first[0].value or {})
    assert [e.to for e in restored.handle({**part, "part": 1})] == ["decisions", "state"]


def test_decide_prefers_the_earliest_root_and_links_follow_ups() -> None:
    root = {"id": "o", "seen": 1.0, "source": "wire", "agency": "A"}
    own = {"id": "c1", "seen": 5.0, "source": "x", "agency": None}  # a copy whose decision is in flight
    matches = [
        {"id": "c1", "kind": "copy", "j": 0.95, "root": own, "cut": [], "added": []},
        {"id": "o", "kind": "copy", "j": 0.7, "root": root, "cut": [3], "added": [0]},
        {"id": "e", "kind": "related", "j": 0.05, "root": {"id": "e", "seen": 2.0}, "cut": [],
         "added": []},
    ]
    d = decide({"doc": "x", "seen": 9.0, "snippets": ["Share this"]}, matches)
    assert (d["cluster"], d["of"], d["role"], d["cut"]) == ("o", "o", "copy", [3])
    assert d["added"] == [{"position": 0, "text": "Share this"}] and d["related"] == ["e"]


def test_malformed_records_are_refused_clearly() -> None:
    import pytest

    from service.clustering.records import BadClusterRecord

    for bad in (None, b"{", b"[1]", b'{"x": 1}'):
        with pytest.raises(BadClusterRecord):
            decode(bad)
    assert decode(orjson.dumps({"doc": "d"})) == {"doc": "d"}


def test_steps_are_independent_per_partition() -> None:
    assert BandIndex(1, 10.0).partition == 1 and ClusterBook(2, 10.0).clusters == {}
