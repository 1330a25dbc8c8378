from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
import yaml

from service.cli.feeds import register
from service.config import load_settings
from service.errors import ConfigError
from service.feeds.teaser import _fallback_extract

RSS = (b'<rss version="2.0"><channel><title>Local</title><item><guid>1</guid><title>One</title>'
       b"<description>d</description></item></channel></rss>")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "feeds"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.xml").write_bytes(RSS)
    (folder / "sub" / "page.html").write_bytes(b"<!doctype html><html><body>x</body></html>")
    return folder


def test_inspect_json_lines_and_summary(tmp_path: Path) -> None:
    args = parse("feeds", "inspect", str(_corpus(tmp_path)), str(tmp_path / "missing.xml"))
    out = io.StringIO()
    assert args.handler(args, load_settings({}), out=out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    by_name = {Path(r["source"]).name: r for r in rows[:-1]}
    assert by_name["good.xml"]["status"] == "ok" and by_name["good.xml"]["records"] == 1
    assert by_name["page.html"]["status"] == "rejected"
    assert by_name["page.html"]["rejections"] == ["html-page"]
    assert by_name["missing.xml"]["status"] == "rejected"
    assert rows[-1]["sources"] == 3 and rows[-1]["records"] == 1 and rows[-1]["errors"] == 0
    assert rows[-1]["rejections_by_reason"] == {"html-page": 1, "not-found": 1}


def test_inspect_table_on_a_terminal(tmp_path: Path) -> None:
    args = parse("feeds", "inspect", str(_corpus(tmp_path)), "--records")
    out = FakeTty()
    assert args.handler(args, load_settings({}), out=out) == 0
    text = out.getvalue()
    assert "status" in text.splitlines()[0]
    assert "HTML page" in text
    assert '"title":"One"' in text  # --records prints the record JSON
    assert "2 sources: 1 ok, 1 rejected, 0 errors; 1 records" in text


def test_import_opml_to_a_feeds_file(tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text('<opml version="1.0"><body><outline text="W" xmlUrl="https://e.org/w.xml"/>'
                    "</body></opml>", encoding="utf-8")
    target = tmp_path / "feeds.yaml"
    args = parse("feeds", "import-opml", str(opml), "--output", str(target))
    assert args.handler(args, load_settings({})) == 0
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert doc["feeds"][0]["url"] == "https://e.org/w.xml" and doc["feeds"][0]["name"] == "W"


def test_topic_commands_need_a_broker(tmp_path: Path) -> None:
    args = parse("feeds", "add", "https://e.org/x.xml", "--name", "X")
    with pytest.raises(ConfigError, match="KAFKA_BOOTSTRAP_SERVERS"):
        args.handler(args, load_settings({}))
    bad = parse("feeds", "add", "https://e.org/x.xml")
    with pytest.raises(ConfigError, match="'name'"):
        bad.handler(bad, load_settings({}))


def test_fallback_extractor_keeps_article_paragraphs() -> None:
    html = ("<html><body><nav><p>Menu entry that is long enough to count as text</p></nav>"
            "<article><p>The storm moved north overnight, officials said on Monday.</p>"
            "<p>Crews worked to restore power to thousands of homes on the coast.</p>"
            "</article><footer><p>Copyright notice that is long enough to count</p></footer>"
            "</body></html>")
    text = _fallback_extract(html) or ""
    assert text.split("\n\n") == ["The storm moved north overnight, officials said on Monday.",
                                  "Crews worked to restore power to thousands of homes on the coast."]
