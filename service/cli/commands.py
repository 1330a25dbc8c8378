"""The service's own commands: poll, work, run, enrich, tail, history, topics, demo."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from service.config import Settings

log = logging.getLogger("wire_ingest")

Handler = Callable[[argparse.Namespace, Settings], int]


def register(sub: Any) -> None:
    def add(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    add("poll", cmd_poll, "Poll the configured feeds and publish raw articles.")
    work = add("work", cmd_work, "Consume raw articles, enrich them, produce enriched documents.")
    work.add_argument("--passthrough", action="store_true",
                      help="Skip enrichment (copy raw to enriched): for measuring the plumbing.")
    add("run", cmd_run, "Poller and worker in one process, for small deployments.")
    enrich = add("enrich", cmd_enrich, "Enrich one local file (article text, HTML page or feed) "
                 "and print the result as JSON; no broker needed.")
    enrich.add_argument("path")
    enrich.add_argument("--timezone", default=None, help="IANA timezone of the source (naive times).")
    enrich.add_argument("--source-url", default=None, help="URL the file was published at.")
    enrich.add_argument("--compact", action="store_true", help="One line per document.")
    tail = add("tail", cmd_tail, "Print what arrives on the enriched topic.")
    tail.add_argument("--from-beginning", action="store_true")
    tail.add_argument("--json", action="store_true", help="Print the documents as JSON lines.")
    tail.add_argument("--max", type=int, default=None, help="Stop after this many documents.")
    tail.add_argument("--timeout", type=float, default=None, help="Stop after this many seconds.")
    history = add("history", cmd_history, "Show every version of one story on the enriched topic, "
                  "with what each version changed.")
    history.add_argument("id", help="The story's article id (x_wire.id) or its ninjs uri.")
    history.add_argument("--json", action="store_true", help="Print the documents as JSON lines.")
    add("cluster", cmd_cluster, "Assign enriched documents to syndication clusters (copies of "
        "one wire story, updates, follow-ups); scale by running more instances.")
    clusters = add("clusters", cmd_clusters, "Show cluster assignments as they arrive.")
    clusters.add_argument("--from-beginning", action="store_true")
    clusters.add_argument("--json", action="store_true", help="Print the assignments as JSON lines.")
    clusters.add_argument("--max", type=int, default=None, help="Stop after this many assignments.")
    clusters.add_argument("--timeout", type=float, default=None, help="Stop after this many seconds.")
    topics = add("topics", cmd_topics, "Create the topics with their configs (idempotent), or "
                 "list them with the configs the broker reports.")
    topics.add_argument("action", choices=["create", "list"])
    demo = add("demo", cmd_demo, "Self-contained demo: embedded broker, sample feeds, poller and "
               "worker, enriched articles shown as they arrive.")
    demo.add_argument("--articles", type=int, default=None,
                      help="Stop after this many enriched articles (default: all sample stories).")
    demo.add_argument("--timeout", type=float, default=90.0, help="Stop after this many seconds.")
    demo.add_argument("--json", action="store_true", help="Print whole documents as JSON.")


# ------------------------------------------------------------------ lifecycle


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT: the process stops gracefully."""
    stop = threading.Event()

    def _set(signum: int, _frame: object) -> None:
        log.info("stopping on signal", extra={"signal": signal.Signals(signum).name})
        stop.set()

    signal.signal(signal.SIGTERM, _set)
    signal.signal(signal.SIGINT, _set)
    return stop


def _configure_logging(settings: Settings, fmt: str | None = None) -> None:
    from service.observability.logging import configure_logging

    configure_logging(fmt or settings.log_format, settings.log_level, settings=settings)


# ------------------------------------------------------------------- commands


def cmd_poll(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_kafka("poll")
    _configure_logging(settings)
    from service.services import run_services

    return run_services(settings, poll=True, work=False, stop=stop_on_signals())


def cmd_work(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_kafka("work")
    _configure_logging(settings)
    from service.services import run_services

    return run_services(settings, poll=False, work=True, stop=stop_on_signals(),
                        passthrough=args.passthrough)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_kafka("run")
    _configure_logging(settings)
    from service.services import run_services

    return run_services(settings, poll=True, work=True, stop=stop_on_signals())


def cmd_enrich(args: argparse.Namespace, settings: Settings) -> int:
    from service.enrich_file import enrich_path

    return enrich_path(args.path, timezone=args.timezone, source_url=args.source_url,
                       compact=args.compact, settings=settings)


def cmd_tail(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_kafka("tail")
    from service.tail import tail_enriched

    tail_enriched(settings, from_beginning=args.from_beginning, as_json=args.json,
                  max_docs=args.max, timeout_s=args.timeout, stop=stop_on_signals())
    return 0


def cmd_history(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_kafka("history")
    import orjson

    from service.history import history_lines, read_versions

    docs = read_versions(settings, args.id)
    if not docs:
        print(f"no versions of {args.id!r} on {settings.enriched_topic}")
        return 1
    for line in ([orjson.dumps(d).decode() for d in docs] if args.json else history_lines(docs)):
        print(line)
    return 0


def cmd_cluster(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_kafka("cluster")
    _configure_logging(settings)
    from service.services import run_services

    return run_services(settings, poll=False, work=False, cluster=True, stop=stop_on_signals())


def cmd_clusters(args: argparse.Namespace, settings: Settings) -> int:
    settings.require_kafka("clusters")
    from service.clustering.view import tail_clusters

    tail_clusters(settings, from_beginning=args.from_beginning, as_json=args.json,
                  max_records=args.max, timeout_s=args.timeout, stop=stop_on_signals())
    return 0


def cmd_topics(args: argparse.Namespace, settings: Settings) -> int:
    """`create`: create missing topics with their configs and bring the
    configs of existing ones up to the plan. `list`: partitions,
    replication and configs as the broker reports them."""
    settings.require_kafka("topics")
    from kafka.errors import KafkaError

    from service.transport.admin import (
        apply_topic_configs,
        ensure_topics,
        read_topic_configs,
        read_topic_layout,
        topic_configs,
    )

    planned = topic_configs(settings)
    if args.action == "create":
        # sizes are not checked here: apply_topic_configs raises them to the plan
        created = ensure_topics(settings, check_sizes=False)
        applied = apply_topic_configs(settings)
        for name in planned:
            outcome = applied.get(name, [])
            if isinstance(outcome, str):
                note = f"\tconfigs: {outcome}"
            else:
                note = f"\tconfigs set: {','.join(outcome)}" if outcome else ""
            print(f"{name}\t{'created' if name in created else 'exists'}{note}")
        return 0
    try:
        layout = read_topic_layout(settings, list(planned))
    except KafkaError as exc:  # not the plan printed as if it were the cluster's state
        print(f"wire-ingest: could not reach the broker at {settings.kafka_bootstrap_servers}: "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        actual = read_topic_configs(settings, [n for n in planned if n in layout])
    except KafkaError as exc:  # Tansu keeps no topic configs and drops the request
        print(f"wire-ingest: the broker does not describe topic configs ({exc})", file=sys.stderr)
        actual = {}
    for name, wanted in planned.items():
        if name not in layout:
            print(f"{name}\tmissing (wire-ingest topics create)")
            continue
        partitions, replicas = layout[name]
        have = actual.get(name, {})
        shown = " ".join(f"{k}={v}" for k, v in sorted(have.items())) or "(broker reports no configs)"
        drift = {k: v for k, v in wanted.items() if have and have.get(k) != v}
        line = f"{name}\tpartitions={partitions}\treplication={replicas}\t{shown}"
        if drift:
            line += "\tplan differs: " + " ".join(f"{k}={v}" for k, v in sorted(drift.items()))
        print(line)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    # The demo's console is for articles: only warnings and errors interleave with them.
    from service.observability.logging import configure_logging

    configure_logging("console", "WARNING" if settings.log_level == "INFO" else settings.log_level,
                      settings=settings)
    from service.demo.run import run_demo

    return run_demo(settings, articles=args.articles, timeout_s=args.timeout, as_json=args.json,
                    stop=stop_on_signals())
