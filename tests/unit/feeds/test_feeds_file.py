from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import ConfigError
from service.feeds.feedsfile import FeedConfig, feed_id_for, load_feeds_file
from service.model import FeedRef


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_feeds_with_defaults_and_optional_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, "feeds.yaml", """
feeds:
  - url: https://example.org/world.rss
    name: World
    timezone: Asia/Amman
    interval: 120
    id: world
  - url: https://example.org/sport.rss
    name: Sport
""")
    world, sport = load_feeds_file(path)
    assert world == FeedConfig("world", "World", "https://example.org/world.rss", "Asia/Amman", 120.0)
    assert world.ref == FeedRef("world", "World", "https://example.org/world.rss", "Asia/Amman")
    assert sport.id == feed_id_for("https://example.org/sport.rss")
    assert sport.interval is None and sport.timezone is None


def test_toml_feeds(tmp_path: Path) -> None:
    path = _write(tmp_path, "feeds.toml", """
[[feeds]]
url = "https://example.org/a.xml"
name = "A"
interval = 60
""")
    (feed,) = load_feeds_file(path)
    assert (feed.name, feed.interval) == ("A", 60.0)


def test_default_id_is_stable_and_differs_per_url() -> None:
    assert feed_id_for("https://a.example/x") == feed_id_for("https://a.example/x")
    assert feed_id_for("https://a.example/x") != feed_id_for("https://a.example/y")


@pytest.mark.parametrize(("entry", "message"), [
    ("    name: Bad zone\n    url: https://e.org/f\n    timezone: Mars/Olympus", "timezone"),
    ("    name: No url\n", "'url'"),
    ("    name: Bad url\n    url: ftp://e.org/f", "'url'"),
    ("    url: https://e.org/f\n", "'name'"),
    ("    name: Slow\n    url: https://e.org/f\n    interval: -5", "interval"),
    ("    name: Never\n    url: https://e.org/f\n    interval: .nan", "interval"),
    ("    name: Forever\n    url: https://e.org/f\n    interval: .inf", "interval"),
    ("    name: Typo\n    url: https://e.org/f\n    intervall: 5", "intervall"),
    ("    name: Bad id\n    url: https://e.org/f\n    id: 'a b'", "'id'"),
])
def test_errors_name_the_feed_and_the_field(tmp_path: Path, entry: str, message: str) -> None:
    path = _write(tmp_path, "feeds.yml", "feeds:\n  -\n" + entry + "\n")
    with pytest.raises(ConfigError) as info:
        load_feeds_file(path)
    assert message in str(info.value)
    assert "feed #1" in str(info.value)


def test_duplicate_ids_and_unknown_extension_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "feeds.yaml", "feeds:\n  - {url: 'https://e.org/a', name: A, id: x}\n"
                  "  - {url: 'https://e.org/b', name: B, id: x}\n")
    with pytest.raises(ConfigError, match="share the id 'x'"):
        load_feeds_file(path)
    with pytest.raises(ConfigError, match="extension"):
        load_feeds_file(_write(tmp_path, "feeds.json", "{}"))
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_feeds_file(_write(tmp_path, "broken.yaml", "feeds: [unclosed"))
