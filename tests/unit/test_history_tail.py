"""What `wire-ingest history` and `wire-ingest tail` print about a story's
versions (pure functions over enriched documents)."""

from __future__ import annotations

from service.history import describe_change, history_lines, is_version_of
from service.tail import describe


def test_history_describes_each_version() -> None:
    v1 = {"uri": "urn:x", "version": "1", "versionCreated": "2024-03-04T09:30:00Z",
          "pubStatus": "usable", "urgency": 5, "headlines": [{"role": "main", "value": "Bridge"}],
          "x_wire": {"id": "city:b1", "correction": False}}
    v2 = {**v1, "version": "2", "pubStatus": "canceled", "edNote": "KILL",
          "x_wire": {"id": "city:b1", "correction": True,
                     "changes": {"previous_version": 1, "headline_changed": True,
                                 "paragraphs_added": 2, "paragraphs_removed": 1,
                                 "matched_by": "headline-notice",
                                 "correction_notice": "(Corrects date)"}}}
    assert describe_change(v1) == "first version"
    assert describe_change(v2) == ("headline changed; 2 paragraphs added, 1 removed; matched by "
                                   "headline-notice; correction: (Corrects date); pubStatus canceled "
                                   "(KILL)")
    assert history_lines([v1, v2])[1].startswith("v2  2024-03-04T09:30:00Z  canceled  urgency 5  Bridge")
    assert is_version_of(v2, "city:b1") and is_version_of(v2, "urn:x")
    assert not is_version_of(v2, "city:b2")


def test_tail_shows_the_lifecycle_only_when_it_says_something() -> None:
    doc = {"headlines": [{"role": "main", "value": "Bridge"}], "version": "1",
           "pubStatus": "usable", "urgency": 5, "x_wire": {"source": "City"}}
    assert describe(doc).splitlines() == ["\u25b6 Bridge", "  City"]
    killed = {**doc, "version": "3", "pubStatus": "canceled", "urgency": 2, "edNote": "KILL"}
    assert describe(killed).splitlines()[2] == "  version 3 | CANCELED | urgency 2 | note: KILL"
