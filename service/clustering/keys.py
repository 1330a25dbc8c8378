"""Worker side: from an enriched article to the records it sends to the
cluster-keys topic. One record per partition its band keys hash to (not one
per band), each keyed by one of its own band keys so that Kafka's default
partitioner puts it on that partition; the record says how many parts the
document has, so the assigner knows when it has heard from all of them."""

from __future__ import annotations

from functools import lru_cache

from kafka.partitioner.default import murmur2

from service.clustering.records import Record, encode, sketch_to_json, snippet
from service.clustering.sketch import Sketch
from service.model import Article


@lru_cache(maxsize=65536)
def partition_of(key: str, partitions: int) -> int:
    """The partition Kafka's default partitioner (murmur2, positive) gives `key`."""
    return (murmur2(key.encode("utf-8")) & 0x7FFFFFFF) % partitions


def group_bands(bands: tuple[str, ...], partitions: int) -> dict[int, list[str]]:
    groups: dict[int, list[str]] = {}
    for band in bands:
        groups.setdefault(partition_of(band, partitions), []).append(band)
    return dict(sorted(groups.items()))


def key_records(a: Article, partitions: int, *, seen: float) -> list[tuple[bytes, bytes]]:
    """(key, value) of each cluster-keys record of `a`; none without a sketch.

    `seen` is when wire-ingest first saw the story (its fetch time): the
    order in which documents count as earlier."""
    s = a.extra.get("syndication")
    if not isinstance(s, Sketch):
        return []
    groups = group_bands(s.bands, partitions)
    common: Record = {"type": "doc", "doc": a.id, "seen": seen, "source": a.source_name,
                      "agency": a.agencies[0] if a.agencies else None, "parts": len(groups),
                      # partition of each text band, in band order: which partition owns a pair
                      "layout": [partition_of(b, partitions) for b in s.bands if b[0] == "t"],
                      "sketch": sketch_to_json(s)}
    out = []
    for part, bands in enumerate(groups.values()):
        record = {**common, "part": part, "bands": bands}
        if part == 0:  # the assigner needs the text of added paragraphs once, not per part
            record["snippets"] = [snippet(p) for p in a.paragraphs[:len(s.paragraphs)]]
        out.append((bands[0].encode(), encode(record)))
    return out
