"""`wire-ingest feeds add|list|remove` against a real broker."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from service.cli.feeds import register
from service.feeds.catalog import list_feeds
from tests.conftest import make_test_settings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


def run(settings: object, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["feeds", *argv])
    return int(args.handler(args, settings))


def test_add_list_remove(broker: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_test_settings(broker)
    file = tmp_path / "feeds.toml"
    file.write_text('[[feeds]]\nurl = "https://e.org/a.xml"\nname = "A"\nid = "a"\n'
                    '[[feeds]]\nurl = "https://e.org/b.xml"\nname = "B"\nid = "b"\n', encoding="utf-8")
    assert run(settings, "add", "--file", str(file)) == 0
    assert run(settings, "add", "https://e.org/c.xml", "--name", "C", "--id", "c",
               "--interval", "90") == 0
    assert run(settings, "add", "--file", str(file)) == 0  # idempotent
    assert "unchanged a" in capsys.readouterr().out
    feeds = list_feeds(settings)
    assert [(f.id, f.interval) for f in feeds] == [("a", None), ("b", None), ("c", 90.0)]
    assert run(settings, "remove", "b") == 0
    assert run(settings, "remove", "nope") == 1
    assert [f.id for f in list_feeds(settings)] == ["a", "c"]
    assert run(settings, "list", "--json") == 0
    assert '"id": "c"' in capsys.readouterr().out
