"""The assigner's three steps, as pure state machines over plain records.
Each owns the state of one partition of its input topic; every change of
state is also returned as a changelog entry (key, value or None), which the
process writes to the compacted state topic, on the same partition number.

1. `BandIndex` (input: cluster-keys, partitioned by band key). Holds, per
   band key, the recent documents that had it. A document's part meets the
   documents that share one of its bands, verifies each (`compare.relate`),
   and reports what it found to the matches topic, keyed by document. A
   candidate counts only when it was seen earlier ((seen, id) order), so
   "copy of" always points back in time and can never form a cycle.
   `root` records (feedback from step 2) tell it which cluster a document it
   holds ended up in (state key r/doc; the entry itself is b/doc).
2. `Collector` (input: cluster-matches, keyed by document). Gathers the
   parts of one document (a document's bands land on several partitions;
   each part says how many there are), and makes the one decision for it:
   the cluster of its earliest-rooted copy match (`closest`), or a new
   cluster. It
   sends the decision to the decisions topic keyed by cluster id, and the
   cluster back to every band partition holding the document (`root`), so
   later copies of a copy find the cluster, not the copy.
3. `ClusterBook` (input: cluster-decisions, keyed by cluster). One entry per
   live cluster: founder, first source and time, agency, members. Adds the
   document (a decision replayed after a crash is recognised and dropped),
   and publishes the assignment to `wire.clusters`, keyed by cluster.

Every step forgets what is older than the window, measured on the
documents' own seen times (so a replay forgets the same things).
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakValueDictionary

from service.clustering.compare import HIGH_BITS, MIN_JACCARD, differing_bins, relate, related_only
from service.clustering.records import (
    BadClusterRecord,
    Record,
    iso,
    sketch_from_json,
)
from service.clustering.sketch import BANDS, BINS, ROWS, Sketch

BUCKET_CAP = 64  # documents kept per band key: a band shared by more is not telling much
FACT_BUCKET_CAP = 16  # facts recur more across stories; follow-ups come soon after the story
MAX_RELATED = 5
EXPIRY_STEPS = 168  # look for expired state each window/168 of event time (an hour of 7 days)


@dataclass
class _Expiry:
    """When the next scan for expired state is due: scanning on every record
    would cost O(state) per record."""

    window_s: float
    next_at: float | None = None

    def due(self, watermark: float) -> bool:
        if self.next_at is None:
            self.next_at = watermark + self.window_s / EXPIRY_STEPS
            return False
        if watermark < self.next_at:
            return False
        self.next_at = watermark + self.window_s / EXPIRY_STEPS
        return True


@dataclass(frozen=True, slots=True)
class Emit:
    """A record to produce: `to` names the topic role (keys, matches,
    decisions, clusters, state); `partition` is set for state entries."""

    to: str
    key: str
    value: Record | None
    partition: int | None = None


_FIRST_BIN_OF_BAND = sum(1 << (15 + 16 * ROWS * band) for band in range(BANDS))


def owner(differing: int, layout: list[int]) -> int | None:
    """The partition that verifies a pair of signatures: the one holding the
    first text band they share (`differing`: `compare.differing_bins` of the
    two; `layout`: the partition of each of the first signature's text
    bands). A pair of documents meets on every partition where they share a
    band; verifying it there only once saves the assigner most of its work
    on copies, which share most bands."""
    assert ROWS == 3, "the test below is written for bands of three rows"
    equal = ~differing & HIGH_BITS
    shared = equal & equal >> 16 & equal >> 32 & _FIRST_BIN_OF_BAND
    if not shared:
        return None
    band = ((shared & -shared).bit_length() - 16) // (16 * ROWS)
    return layout[band] if band < len(layout) else None


def _root_of(rec: Record) -> Record:
    return {"id": rec["doc"], "seen": rec["seen"], "source": rec.get("source"),
            "agency": rec.get("agency")}


# A cluster root as held in the index: (id, seen, source, agency), strings interned
# (every partition of a process holding the document shares them); a dict costs 3x.
Root = tuple[str, Any, str | None, str | None]


def _intern(text: Any) -> Any:
    return sys.intern(text) if isinstance(text, str) else text


def _pack_root(root: Record) -> Root:
    return (_intern(root["id"]), root["seen"], _intern(root.get("source")),
            _intern(root.get("agency")))


def _root_record(root: Root) -> Record:
    return {"id": root[0], "seen": root[1], "source": root[2], "agency": root[3]}


_TEXT = ord("t")


def band_id(band: str) -> int:
    """A band key ("tNN-xxxxxxxx", see `sketch.band_keys`) as one int: the
    index holds ints (32 bytes each) instead of the strings (61)."""
    try:
        return int(band[4:], 16) << 16 | int(band[1:3]) << 8 | ord(band[0])
    except (ValueError, IndexError) as exc:
        raise BadClusterRecord(f"malformed band key {band!r}") from exc


# The sketches of the documents held, shared by every partition of this process
# that holds the same document (its parts carry the same sketch): one copy per
# process instead of one per part. Keyed by document and the hash of its signature
# (not the 384 characters), so a document re-sent with another text gets its own;
# gone when the last entry holding it goes.
_SKETCHES: WeakValueDictionary[tuple[str, int], Sketch] = WeakValueDictionary()


def _shared_sketch(doc: str, value: Record) -> Sketch:
    key = (doc, hash(value["sig"]))
    found = _SKETCHES.get(key)
    if found is None:
        found = _SKETCHES[key] = sketch_from_json(value)
    return found


@dataclass(slots=True, eq=False)
class _Entry:
    doc: str
    seq: int
    seen: float
    sketch: Sketch
    root: Root
    reply: str
    bands: tuple[int, ...]  # band_id of each band of this part


# a bucket: the one entry that has the band (most bands) or the list of them
Bucket = _Entry | list[_Entry]


@dataclass
class BandIndex:
    partition: int
    window_s: float
    entries: dict[str, _Entry] = field(default_factory=dict)
    buckets: dict[int, Bucket] = field(default_factory=dict)
    arrivals: deque[_Entry] = field(default_factory=deque)
    late_roots: dict[str, Record] = field(default_factory=dict)
    seq: int = 0
    watermark: float = 0.0
    expiry: _Expiry | None = None

    def handle(self, rec: Record) -> list[Emit]:
        if rec.get("type") == "root":
            return self._root(rec)
        doc = sys.intern(rec["doc"])
        seen = float(rec["seen"])
        me = _shared_sketch(doc, rec["sketch"])
        bands = tuple(band_id(b) for b in rec["bands"])
        layout = rec.get("layout") or []
        known = self.entries.get(doc)
        seq = known.seq if known is not None else self.seq + 1
        self.watermark = max(self.watermark, seen)
        horizon = self.watermark - self.window_s
        matches: list[Record] = []
        for cand, by_text in self._candidates(bands, doc).items():
            cand_id = cand.doc
            cand_seen = cand.seen
            if cand.seq >= seq or cand_seen > seen or (cand_seen == seen and cand_id >= doc) \
                    or cand_seen < horizon:
                continue  # not earlier, or out of the window (expiry only runs now and then)
            if not by_text:
                # met on fact bands only: not the same text (it would share a text band
                # with near certainty), so a follow-up or nothing
                relation = related_only(me, cand.sketch)
            else:
                differing = differing_bins(me.signature, cand.sketch.signature)
                j = (BINS - differing.bit_count()) / BINS  # compare.jaccard
                # a same-text pair shares bands on several partitions: only the one holding
                # the first shared band verifies it (a follow-up is reported wherever found)
                if j >= MIN_JACCARD and owner(differing, layout) not in (self.partition, None):
                    continue
                relation = relate(me, cand.sketch, j)
            if relation is not None:
                matches.append({"id": cand_id, "kind": relation.kind,
                                "j": round(relation.jaccard, 3), "root": _root_record(cand.root),
                                "cut": list(relation.cut), "added": list(relation.added)})
        out = [Emit("matches", doc, {k: v for k, v in rec.items()
                                     if k not in ("sketch", "bands", "layout")}
                    | {"matches": matches, "reply": rec["bands"][0]})]
        if known is None:
            self.seq = seq
            # provisional until step 2 decides (the `root` feedback), chosen as it will
            # choose from what this partition saw
            same = [m for m in matches if m["kind"] != "related"]
            root = closest(same)["root"] if same else _root_of(rec)
            entry = _Entry(doc, seq, seen, me, _pack_root(root), sys.intern(rec["bands"][0]), bands)
            self._store(entry)
            out.append(self._state(entry, rec["sketch"], rec["bands"]))
        self.watermark = max(self.watermark, seen)
        return out + self.expire()

    def _candidates(self, bands: Iterable[int], doc: str) -> dict[_Entry, bool]:
        """Candidate entries, each with whether it shares a text band."""
        found: dict[_Entry, bool] = {}
        entries = self.entries
        buckets = self.buckets
        for band in bands:
            bucket = buckets.get(band)
            if bucket is None:
                continue
            text = band & 0xFF == _TEXT
            held = (bucket,) if isinstance(bucket, _Entry) else bucket
            for cand in held:
                if cand in found:
                    if text:
                        found[cand] = True
                elif cand.doc != doc and entries.get(cand.doc) is cand:
                    found[cand] = text
        return found

    def _store(self, entry: _Entry) -> None:
        known = self.entries.get(entry.doc)
        if known is not None:  # restored twice (a state topic not yet compacted)
            self._unindex(known)
        else:
            self.arrivals.append(entry)
        self.entries[entry.doc] = entry
        for band in entry.bands:
            bucket = self.buckets.get(band)
            if bucket is None:
                self.buckets[band] = entry
            elif isinstance(bucket, _Entry):
                if bucket is not entry:
                    self.buckets[band] = [bucket, entry]
            elif entry not in bucket:
                bucket.append(entry)
                if len(bucket) > (BUCKET_CAP if band & 0xFF == _TEXT else FACT_BUCKET_CAP):
                    del bucket[0]

    def _unindex(self, entry: _Entry) -> None:
        for band in entry.bands:
            bucket = self.buckets.get(band)
            if bucket is entry:
                del self.buckets[band]
            elif isinstance(bucket, list) and entry in bucket:
                bucket.remove(entry)
                if len(bucket) == 1:
                    self.buckets[band] = bucket[0]

    def _state(self, entry: _Entry, sketch: Record, bands: list[str]) -> Emit:
        """The state entry of a stored document: its sketch and bands as the
        record carried them (re-encoding them would give the same)."""
        return Emit("state", f"b/{entry.doc}", {"seq": entry.seq, "seen": entry.seen,
                                                "sketch": sketch,
                                                "bands": bands,
                                                "root": _root_record(entry.root),
                                                "reply": entry.reply}, self.partition)

    def _root(self, rec: Record) -> list[Emit]:
        entry = self.entries.get(rec["doc"])
        if entry is None or _root_record(entry.root) == rec["root"]:
            return []
        entry.root = _pack_root(rec["root"])
        # its own small state entry: rewriting the whole entry would re-encode the sketch
        return [Emit("state", f"r/{rec['doc']}", {"root": rec["root"]}, self.partition)]

    def restore(self, key: str, value: Record) -> None:
        doc = sys.intern(key[2:])
        if key.startswith("r/"):
            if doc in self.entries:
                self.entries[doc].root = _pack_root(value["root"])
            else:  # read before its entry: applied when the entry comes
                self.late_roots[doc] = value["root"]
            return
        self.seq = max(self.seq, int(value["seq"]))
        self._store(_Entry(doc, int(value["seq"]), float(value["seen"]),
                           _shared_sketch(doc, value["sketch"]),
                           _pack_root(self.late_roots.pop(doc, value["root"])),
                           sys.intern(value["reply"]), tuple(band_id(b) for b in value["bands"])))
        self.watermark = max(self.watermark, float(value["seen"]))

    def expire(self) -> list[Emit]:
        self.expiry = self.expiry or _Expiry(self.window_s)
        if not self.expiry.due(self.watermark):
            return []
        horizon = self.watermark - self.window_s
        old = []
        # arrivals are nearly in seen order: one seen out of order expires a little late
        while self.arrivals and self.arrivals[0].seen < horizon:
            old.append(self.arrivals.popleft())
        out = []
        for gone in old:
            entry = self.entries.get(gone.doc)
            if entry is None:
                continue
            del self.entries[gone.doc]
            self._unindex(entry)
            doc = entry.doc
            out.append(Emit("state", f"b/{doc}", None, self.partition))
            if entry.root[0] != doc:  # there may be a root entry too
                out.append(Emit("state", f"r/{doc}", None, self.partition))
        return out


def closest(same: list[Record]) -> Record:
    """The same-story match that decides the cluster: the one whose cluster
    root was seen first (a copy of a copy usually also matches the original
    itself, and a root is only provisional while its own decision is in
    flight), then the root itself, then the closest text. What a copy cut or
    added is told against that match."""
    return min(same, key=lambda m: (m["root"]["seen"], m["root"]["id"], m["id"] != m["root"]["id"],
                                    -m["j"], m["id"]))


def _strength(match: Record) -> tuple[bool, float]:
    """A pair's parts may disagree (a fact-band partition only tests for a
    follow-up): the same-story verdict wins, then the closer estimate."""
    return match["kind"] != "related", match["j"]


def decide(doc: Record, matches: list[Record]) -> Record:
    """The one decision for a document, from the matches of all its parts."""
    best: dict[str, Record] = {}
    for m in matches:
        if m["id"] not in best or _strength(m) > _strength(best[m["id"]]):
            best[m["id"]] = m
    same = [m for m in best.values() if m["kind"] != "related"]
    decision: Record = {"doc": doc["doc"], "seen": doc["seen"], "source": doc.get("source"),
                        "agency": doc.get("agency")}
    if same:
        of = closest(same)
        root = of["root"]
        snippets = doc.get("snippets") or []
        decision |= {"cluster": root["id"], "role": of["kind"], "of": of["id"],
                     "jaccard": of["j"], "root": root, "cut": of["cut"],
                     "added": [{"position": i, "text": snippets[i] if i < len(snippets) else ""}
                               for i in of["added"]]}
    else:
        root = _root_of(doc)
        decision |= {"cluster": doc["doc"], "role": "original", "root": root}
    related = sorted({m["root"]["id"] for m in best.values()
                      if m["kind"] == "related" and m["root"]["id"] != root["id"]})
    if related:
        decision["related"] = related[:MAX_RELATED]
    return decision


@dataclass
class Collector:
    partition: int
    window_s: float
    pending: dict[str, Record] = field(default_factory=dict)
    watermark: float = 0.0
    expiry: _Expiry | None = None

    def _add(self, rec: Record) -> Record:
        doc = rec["doc"]
        state = self.pending.setdefault(doc, {"doc": doc, "seen": rec["seen"], "parts": rec["parts"],
                                              "source": rec.get("source"),
                                              "agency": rec.get("agency"), "got": {}})
        state["got"][str(rec["part"])] = {"matches": rec["matches"], "reply": rec["reply"]}
        if "snippets" in rec:
            state["snippets"] = rec["snippets"]
        self.watermark = max(self.watermark, float(rec["seen"]))
        return state

    def handle(self, rec: Record) -> list[Emit]:
        doc, part = rec["doc"], str(rec["part"])
        state = self._add(rec)
        if len(state["got"]) < int(state["parts"]):
            # one state entry per part (m/part/doc), not the growing whole
            return [Emit("state", f"m/{part}/{doc}", rec, self.partition), *self.expire()]
        del self.pending[doc]
        decision = decide(state, [m for got in state["got"].values() for m in got["matches"]])
        out = [Emit("decisions", decision["cluster"], decision)]
        out += [Emit("state", f"m/{k}/{doc}", None, self.partition) for k in state["got"] if k != part]
        if decision["root"]["id"] != doc:  # an original's entries already name it as root
            out += [Emit("keys", got["reply"], {"type": "root", "doc": doc, "root": decision["root"]})
                    for got in state["got"].values()]
        return out + self.expire()

    def restore(self, key: str, value: Record) -> None:
        self._add(value)

    def expire(self) -> list[Emit]:
        """A document whose parts never all arrive (a worker's send lost
        half-way, which at-least-once redelivery repairs) is dropped after
        the window."""
        self.expiry = self.expiry or _Expiry(self.window_s)
        if not self.expiry.due(self.watermark):
            return []
        horizon = self.watermark - self.window_s
        old = [doc for doc, s in self.pending.items() if float(s["seen"]) < horizon]
        out = []
        for doc in old:
            out += [Emit("state", f"m/{k}/{doc}", None, self.partition) for k in self.pending[doc]["got"]]
            del self.pending[doc]
        return out


@dataclass
class ClusterBook:
    partition: int
    window_s: float
    clusters: dict[str, Record] = field(default_factory=dict)
    watermark: float = 0.0
    expiry: _Expiry | None = None

    def handle(self, d: Record) -> list[Emit]:
        cid = d["cluster"]
        root = d["root"]
        c = self.clusters.get(cid)
        if c is None:  # strings interned: the band index of this process holds the same
            c = self.clusters[sys.intern(cid)] = {
                "founder": _intern(root["id"]), "first_seen": root["seen"],
                "first_source": _intern(root.get("source")), "agency": _intern(root.get("agency")),
                "members": {}, "last_seen": d["seen"]}
        self.watermark = max(self.watermark, float(d["seen"]))
        if d["doc"] in c["members"]:
            return self.expire()  # a replayed decision: already counted and published
        c["members"][sys.intern(d["doc"])] = sys.intern(d["role"])
        c["last_seen"] = max(float(c["last_seen"]), float(d["seen"]))
        if float(d["seen"]) < float(c["first_seen"]):  # feeds delivered out of order
            c["first_seen"], c["first_source"] = d["seen"], d.get("source")
        c["agency"] = c["agency"] or d.get("agency")
        roles = list(c["members"].values())
        assignment = {k: v for k, v in d.items() if k not in ("root", "seen")} | {
            "seen": iso(float(d["seen"])), "first_seen": iso(float(c["first_seen"])),
            "first_source": c["first_source"], "agency": c["agency"],
            "copies": roles.count("copy"), "updates": roles.count("update"),
            "members": len(roles)}
        return [Emit("clusters", cid, assignment), Emit("state", f"c/{cid}", c, self.partition),
                *self.expire()]

    def restore(self, key: str, value: Record) -> None:
        self.clusters[key[2:]] = value
        self.watermark = max(self.watermark, float(value["last_seen"]))

    def expire(self) -> list[Emit]:
        self.expiry = self.expiry or _Expiry(self.window_s)
        if not self.expiry.due(self.watermark):
            return []
        horizon = self.watermark - self.window_s
        old = [cid for cid, c in self.clusters.items() if float(c["last_seen"]) < horizon]
        for cid in old:
            del self.clusters[cid]
        return [Emit("state", f"c/{cid}", None, self.partition) for cid in old]


STEPS: dict[str, Any] = {"keys": BandIndex, "matches": Collector, "decisions": ClusterBook}
# state key prefix -> the step (input topic role) whose state it is
STATE_PREFIXES = {"b/": "keys", "r/": "keys", "m/": "matches", "c/": "decisions"}
