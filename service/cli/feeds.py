"""`wire-ingest feeds ...`: inspect feeds, and manage the feed definitions
in the feeds topic (add, remove, list, import-opml)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

import yaml

from service.config import Settings
from service.errors import ConfigError
from service.feeds.feedsfile import FeedConfig, feed_from_mapping, load_feeds_file


def register(sub: Any) -> None:
    feeds = sub.add_parser("feeds", help="Inspect feeds and manage feed definitions.",
                           description=__doc__)
    cmds = feeds.add_subparsers(dest="feeds_command", required=True, metavar="SUBCOMMAND")

    inspect = cmds.add_parser("inspect", help="Normalise files, folders or URLs and report the "
                              "records and rejections (no broker needed).")
    inspect.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
    inspect.add_argument("--json", action="store_true", help="JSON lines even on a terminal.")
    inspect.add_argument("--records", action="store_true", help="Also print every record.")
    inspect.add_argument("--timezone", default=None, help="IANA zone for naive feed times.")
    inspect.set_defaults(handler=cmd_inspect)

    opml = cmds.add_parser("import-opml", help="Add the feeds of an OPML file to the feeds topic "
                           "(or write them as a feeds file with --output).")
    opml.add_argument("file")
    opml.add_argument("--output", default=None,
                      help="Write a YAML feeds file here instead ('-' for stdout).")
    opml.set_defaults(handler=cmd_import_opml)

    add = cmds.add_parser("add", help="Add or update feed definitions in the feeds topic.")
    add.add_argument("url", nargs="?", help="Feed URL (or use --file).")
    add.add_argument("--name", help="Display name (required with a URL).")
    add.add_argument("--id", dest="feed_id", default=None, help="Feed id (default: hash of URL).")
    add.add_argument("--timezone", default=None, help="IANA zone for naive feed times.")
    add.add_argument("--interval", type=float, default=None, help="Seconds between polls.")
    add.add_argument("--identity", default=None,
                     choices=["auto", "guid", "link", "title+date", "content"],
                     help="How entries are matched to earlier stories (default auto).")
    add.add_argument("--publisher", default=None,
                     help="Publisher id: feeds of one publisher share story ids.")
    add.add_argument("--file", default=None, help="Add every feed of a YAML/TOML feeds file.")
    add.set_defaults(handler=cmd_add)

    remove = cmds.add_parser("remove", help="Remove feeds (and their state) by id.")
    remove.add_argument("ids", nargs="+", metavar="FEED_ID")
    remove.set_defaults(handler=cmd_remove)

    listing = cmds.add_parser("list", help="List the feed definitions in the feeds topic.")
    listing.add_argument("--json", action="store_true", help="JSON lines.")
    listing.set_defaults(handler=cmd_list)


# --------------------------------------------------------------------- inspect


def cmd_inspect(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    """Exit 0 unless normalising raised an unhandled exception (a bug)."""
    from service.feeds.inspection import Tally, inspect_targets
    from service.transport.serde import encode_raw

    out = out or sys.stdout
    as_json = args.json or not out.isatty()
    tally = Tally()
    if not as_json:
        print(f"{'status':8} {'records':>7} {'rejections':>10}  source / detail", file=out)
    for item in inspect_targets(list(args.targets), settings, timezone=args.timezone):
        tally.add(item)
        row = item.summary()
        if as_json:
            print(json.dumps(row, ensure_ascii=False), file=out)
        else:
            detail = f"  ({row['detail']})" if row["detail"] and row["status"] != "ok" else ""
            print(f"{row['status']:8} {row['records']:>7} {len(row['rejections']):>10}  "
                  f"{row['source']}{detail}", file=out)
        if args.records and item.result is not None:
            for record in item.result.records:
                print(encode_raw(record).decode("utf-8"), file=out)
    summary = tally.as_dict()
    if as_json:
        print(json.dumps(summary), file=out)
    else:
        reasons = ", ".join(f"{k}={v}" for k, v in summary["rejections_by_reason"].items()) or "none"
        print(f"\n{tally.sources} sources: {tally.ok} ok, {tally.rejected} rejected, "
              f"{tally.errors} errors; {tally.records} records; {tally.bozo} bozo; "
              f"rejections: {reasons}", file=out)
    return 1 if tally.errors else 0


# ------------------------------------------------------------ feed definitions


def _dump_feeds(feeds: list[FeedConfig]) -> str:
    return yaml.safe_dump({"feeds": [f.to_dict() for f in feeds]}, sort_keys=False,
                          allow_unicode=True)


def cmd_import_opml(args: argparse.Namespace, settings: Settings) -> int:
    from service.feeds.opml import load_opml

    feeds, problems = load_opml(args.file)
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    if args.output == "-":
        sys.stdout.write(_dump_feeds(feeds))
    elif args.output:
        Path(args.output).write_text(_dump_feeds(feeds), encoding="utf-8")
        print(f"wrote {len(feeds)} feeds to {args.output}")
    else:
        _require_kafka(settings, "feeds import-opml", "--output FILE")
        from service.feeds.catalog import put_feeds
        from service.transport.admin import ensure_topics

        ensure_topics(settings)
        written = put_feeds(settings, feeds)
        print(f"{len(feeds)} feeds in {args.file}: {len(written)} added or changed")
    return 0


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    if args.file:
        feeds = load_feeds_file(args.file)
    elif args.url:
        entry: dict[str, Any] = {"url": args.url, "name": args.name}
        for key, value in (("id", args.feed_id), ("timezone", args.timezone),
                           ("interval", args.interval), ("identity", args.identity),
                           ("publisher", args.publisher)):
            if value is not None:
                entry[key] = value
        feeds = [feed_from_mapping(entry, where="feeds add")]
    else:
        raise ConfigError("feeds add: give a URL (with --name) or --file FEEDS_FILE")
    _require_kafka(settings, "feeds add")
    from service.feeds.catalog import put_feeds
    from service.transport.admin import ensure_topics

    ensure_topics(settings)
    written = put_feeds(settings, feeds)
    for feed in feeds:
        print(f"{'written  ' if feed.id in written else 'unchanged'} {feed.id}  {feed.url}")
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    _require_kafka(settings, "feeds remove")
    from service.feeds.catalog import remove_feeds

    removed = set(remove_feeds(settings, args.ids))
    for fid in args.ids:
        print(f"{'removed ' if fid in removed else 'unknown '} {fid}")
    return 0 if removed == set(args.ids) else 1


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    _require_kafka(settings, "feeds list")
    from service.feeds.catalog import list_feeds

    feeds = list_feeds(settings)
    for feed in feeds:
        if args.json:
            print(json.dumps(feed.to_dict(), ensure_ascii=False))
        else:
            interval = f"{feed.interval:g}s" if feed.interval else "default"
            print(f"{feed.id:24} {interval:>8}  {feed.name}  <{feed.url}>")
    if not args.json:
        print(f"{len(feeds)} feeds", file=sys.stderr)
    return 0


def _require_kafka(settings: Settings, command: str, alternative: str | None = None) -> None:
    if not settings.bootstrap_servers:
        hint = f" (or use {alternative})" if alternative else ""
        raise ConfigError(f"KAFKA_BOOTSTRAP_SERVERS is not set: `wire-ingest {command}` edits "
                          f"the feeds topic{hint}")
