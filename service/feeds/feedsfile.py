"""The feeds file: which feeds to poll, as YAML (`feeds:` list) or TOML
(`[[feeds]]` tables).

    feeds:
      - url: https://example.org/world.rss
        name: Example World
        timezone: Europe/London   # optional: naive feed times are read in it
        interval: 300             # optional: seconds between polls
        id: example-world         # optional: default is a stable hash of the url
        identity: auto            # optional: guid, link, title+date, content or auto
        publisher: example        # optional: feeds of one publisher share story ids

`load_feeds_file` validates every entry and raises `ConfigError` naming the
feed and the field, so a typo stops the poller at start-up, not at 3 a.m.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from service.errors import ConfigError
from service.model import FeedRef

_KNOWN_FIELDS = frozenset({"url", "name", "timezone", "interval", "id", "identity", "publisher"})
IDENTITY_POLICIES = ("auto", "guid", "link", "title+date", "content")  # service/feeds/identity.py
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """One configured feed. `interval` is seconds between polls (None: the
    poller's default)."""

    id: str
    name: str
    url: str
    timezone: str | None = None
    interval: float | None = None
    identity: str | None = None  # None: auto
    publisher: str | None = None

    @property
    def ref(self) -> FeedRef:
        return FeedRef(id=self.id, name=self.name, url=self.url, timezone=self.timezone,
                       publisher=self.publisher)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def feed_id_for(url: str) -> str:
    """Stable default id of a feed: a short hash of its URL as written."""
    return "f-" + hashlib.sha256(url.strip().encode("utf-8")).hexdigest()[:16]


def load_feeds_file(path: str | Path) -> list[FeedConfig]:
    """Read and validate a YAML (.yaml/.yml) or TOML (.toml) feeds file."""
    p = Path(path)
    try:
        text = p.read_bytes()
    except OSError as exc:
        raise ConfigError(f"feeds file {p}: cannot read it: {exc.strerror or exc}") from None
    suffix = p.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            doc = yaml.safe_load(text)
        elif suffix == ".toml":
            doc = tomllib.loads(text.decode("utf-8"))
        else:
            raise ConfigError(f"feeds file {p}: unknown extension {p.suffix!r} "
                              "(expected .yaml, .yml or .toml)")
    except (yaml.YAMLError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"feeds file {p}: not valid {suffix[1:].upper()}: {exc}") from None
    return feeds_from_document(doc, source=str(p))


def feeds_from_document(doc: Any, *, source: str = "feeds file") -> list[FeedConfig]:
    """Validate an already-parsed feeds document (a mapping with a `feeds` list)."""
    if doc is None:
        doc = {}
    if not isinstance(doc, Mapping):
        raise ConfigError(f"{source}: expected a mapping with a 'feeds' list at the top level")
    entries = doc.get("feeds", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{source}: 'feeds' must be a list")
    feeds = [feed_from_mapping(entry, where=f"{source}: feed #{i + 1}")
             for i, entry in enumerate(entries)]
    seen: dict[str, str] = {}
    for feed in feeds:
        if feed.id in seen:
            raise ConfigError(f"{source}: feeds {seen[feed.id]!r} and {feed.name!r} share the id "
                              f"{feed.id!r}")
        seen[feed.id] = feed.name
    return feeds


def feed_from_mapping(entry: Any, *, where: str = "feed") -> FeedConfig:
    """Validate one feed definition; errors name the feed and the field."""
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where}: expected a mapping with 'url' and 'name'")
    label = f"{where} ({entry.get('name') or entry.get('url') or 'unnamed'})"
    unknown = sorted(set(map(str, entry)) - _KNOWN_FIELDS)
    if unknown:
        raise ConfigError(f"{label}: unknown field(s) {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(_KNOWN_FIELDS))})")
    url = _required_str(entry, "url", label)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{label}: field 'url' must be an absolute http(s) URL, got {url!r}")
    name = _required_str(entry, "name", label)
    timezone = entry.get("timezone")
    if timezone is not None:
        if not isinstance(timezone, str) or not timezone.strip():
            raise ConfigError(f"{label}: field 'timezone' must be an IANA zone name like 'Asia/Amman'")
        timezone = timezone.strip()
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"{label}: field 'timezone': unknown IANA zone {timezone!r}") from None
    interval = entry.get("interval")
    if interval is not None:
        if isinstance(interval, bool) or not isinstance(interval, int | float) or interval <= 0 \
                or not math.isfinite(interval):
            raise ConfigError(f"{label}: field 'interval' must be a positive number of seconds, "
                              f"got {interval!r}")
        interval = float(interval)
    feed_id = entry.get("id")
    if feed_id is None:
        feed_id = feed_id_for(url)
    elif not isinstance(feed_id, str) or not _ID_PATTERN.match(feed_id):
        raise ConfigError(f"{label}: field 'id' must be 1-128 letters, digits or ._:- "
                          f"(starting with a letter or digit), got {feed_id!r}")
    identity = entry.get("identity")
    if identity is not None and identity not in IDENTITY_POLICIES:
        raise ConfigError(f"{label}: field 'identity' must be one of "
                          f"{', '.join(IDENTITY_POLICIES)}, got {identity!r}")
    publisher = entry.get("publisher")
    if publisher is not None and (not isinstance(publisher, str)
                                  or not _ID_PATTERN.match(publisher)):
        raise ConfigError(f"{label}: field 'publisher' must be 1-128 letters, digits or ._:- "
                          f"(starting with a letter or digit), got {publisher!r}")
    return FeedConfig(id=feed_id, name=name, url=url, timezone=timezone, interval=interval,
                      identity=identity, publisher=publisher)


def _required_str(entry: Mapping[str, Any], field: str, label: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{label}: field {field!r} is required and must be a non-empty string")
    return value.strip()
