"""`wire-ingest` entry point: parse flags, configure logging, dispatch.

The CLI only wires; each command's work lives in the package it names.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from service import __version__
from service.cli import commands, feeds, healthcheck
from service.config import load_settings
from service.errors import ConfigError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wire-ingest",
        description="News wire feeds in, enriched IPTC ninjs documents out, on Kafka.")
    parser.add_argument("--version", action="version", version=f"wire-ingest {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.register(sub)
    feeds.register(sub)
    healthcheck.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(os.environ)
        return int(args.handler(args, settings) or 0)
    except ConfigError as exc:
        print(f"wire-ingest: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run() -> None:
    code = main()
    from service.services import hard_exit

    if hard_exit.is_set():  # a service was left stopping at the end of the grace period
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
