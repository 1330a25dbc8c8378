"""The pure parts of clustering: sketch, band keys, routing, verification."""

from __future__ import annotations

import random

import orjson
from kafka.partitioner.default import DefaultPartitioner

from service.clustering.compare import facts_agree, jaccard, relate
from service.clustering.keys import group_bands, partition_of
from service.clustering.sketch import BANDS, BINS, one_permutation_minhash, sketch
from tests.fixtures.syndication.generator import same_event_pairs, template_pairs, wire_stories
from tests.unit.clustering.helpers import records, sketch_of

STORY = wire_stories(3, seed=7)


def _by(story: str, variation: str = "") -> str:
    return next(d.text for d in STORY if d.story == story and d.variation == variation)


def test_signature_is_stable_and_insensitive_to_typesetting() -> None:
    a = sketch(("The mayor said “no” to the plan on Monday.", "Work starts in May."))
    b = sketch(('THE MAYOR SAID "NO" TO THE PLAN ON MONDAY.', "Work   starts in May."))
    assert a is not None and b is not None
    assert len(a.bins()) == BINS and a.signature == b.signature
    assert a.paragraphs == b.paragraphs and a.bands == b.bands
    assert sketch(("", "  ")) is None


def test_minhash_estimates_jaccard() -> None:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(3000)]
    base = set(rng.sample(words, 600))
    other = set(list(base)[:400]) | set(rng.sample(words, 200))
    truth = len(base & other) / len(base | other)
    a, b = one_permutation_minhash(base, BINS), one_permutation_minhash(other, BINS)
    estimate = sum(x == y for x, y in zip(a, b, strict=True)) / BINS
    assert abs(estimate - truth) < 0.12


def test_bands_route_like_kafkas_default_partitioner() -> None:
    s = sketch_of(STORY[0].text)
    assert sum(b.startswith("t") for b in s.bands) == BANDS
    kafka = DefaultPartitioner()

    class Metadata:  # the three questions kafka-python's partitioner asks of cluster metadata
        def topics(self) -> set[str]:
            return {"k"}

        def partitions_for_topic(self, topic: str) -> set[int]:
            return set(range(6))

        available_partitions_for_topic = partitions_for_topic

    for band in s.bands:
        assert partition_of(band, 6) == kafka.partition("k", band, band.encode(), None, None,
                                                        Metadata())
    groups = group_bands(s.bands, 6)
    assert sorted(b for g in groups.values() for b in g) == sorted(s.bands)


def test_key_records_one_per_partition_keyed_by_a_band_of_that_partition() -> None:
    out = records("d1", STORY[0].text, seen=100.0, partitions=4)
    values = [orjson.loads(v) for _, v in out]
    assert [v["part"] for v in values] == list(range(len(out)))
    assert {v["parts"] for v in values} == {len(out)}
    for key, v in zip((k for k, _ in out), values, strict=True):
        assert key.decode() == v["bands"][0]
        assert {partition_of(b, 4) for b in v["bands"]} == {partition_of(key.decode(), 4)}
    assert "snippets" in values[0] and all("snippets" not in v for v in values[1:])


def test_republications_are_copies_and_the_update_is_an_update() -> None:
    story = STORY[0].story
    original = sketch_of(_by(story))
    for variation in ("chrome", "trimmed", "promo", "caption", "reordered"):
        relation = relate(sketch_of(_by(story, variation)), original)
        assert relation is not None and relation.kind == "copy", variation
    update = relate(sketch_of(_by(story, "update")), original)
    assert update is not None and update.kind == "update" and len(update.added) >= 2


def test_what_a_trimmed_copy_cut_and_a_promo_copy_added() -> None:
    story = STORY[1].story
    original = sketch_of(_by(story))
    trimmed = relate(sketch_of(_by(story, "trimmed")), original)
    assert trimmed is not None and trimmed.cut and trimmed.cut[-1] == len(original.paragraphs) - 1
    promo = relate(sketch_of(_by(story, "promo")), original)
    # the promo block is page furniture that the anatomy stages strip before the sketch
    assert promo is not None and promo.kind == "copy" and not promo.cut
    parts = _by(story).split("\n\n")
    note = "Residents of the valley were told to keep their windows shut while crews worked overnight."
    inserted = relate(sketch_of("\n\n".join([*parts[:3], note, *parts[3:]])), original)
    assert inserted is not None and inserted.kind == "copy" and not inserted.cut
    assert len(inserted.added) == 1  # one paragraph, by position


def test_distinct_stories_do_not_relate() -> None:
    a, b = sketch_of(STORY[0].text), sketch_of(STORY[7].text)
    assert relate(a, b) is None and jaccard(a, b) < 0.3


def test_same_event_told_differently_is_related_not_copy() -> None:
    linked = 0
    for a, b in same_event_pairs(10, seed=8):
        relation = relate(sketch_of(b.text), sketch_of(a.text))
        assert relation is None or relation.kind == "related"
        linked += relation is not None
    assert linked >= 7


def test_template_stories_with_other_figures_are_not_the_same_story() -> None:
    for a, b in template_pairs(10, seed=9):
        sa, sb = sketch_of(a.text), sketch_of(b.text)
        relation = relate(sb, sa)
        assert relation is None or relation.kind == "related"
        if jaccard(sa, sb) >= 0.5:  # the words agree: the figures must be what tells them apart
            assert not facts_agree(sa, sb)


def test_a_sentence_start_is_found_as_a_search_of_the_whole_prefix_finds_it() -> None:
    """`_starts_sentence` looks only where a match can begin; it must agree
    with the plain search of everything before the word, at every offset."""
    from service.clustering.sketch import _SENTENCE_START, _starts_sentence

    rng = random.Random(7)
    alphabet = ["a", "B", " ", "\n", ".", "!", "?", '"', "\u201c", "(", "\t", "\u00a0", ")"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        for at in range(len(text) + 1):
            assert _starts_sentence(text, at) == bool(_SENTENCE_START.search(text[:at])), (text, at)
