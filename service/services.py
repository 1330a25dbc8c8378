"""Run the long-lived services (poller, worker or both) until told to stop."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from service.config import Settings
from service.errors import ConfigError
from service.observability.health import Health

log = logging.getLogger(__name__)

# of SHUTDOWN_GRACE_S, kept for the process itself to exit (slow on a loaded machine)
EXIT_MARGIN_S = 1.0
EXIT_MARGIN_SHARE = 0.15

# what a service left running at the end of the grace period gives up, and why nothing is lost
_LEFT_BEHIND = {
    "worker": "its batch stays uncommitted and is re-delivered to the next owner of its partitions",
    "poller": "feeds being polled or published keep their last saved state and are polled again",
}

# set when a service thread was left running at the end of the grace period:
# the command then exits without running kafka-python's exit hooks, which
# would wait for the same unreachable broker again
hard_exit = threading.Event()


def run_services(settings: Settings, *, poll: bool, work: bool, stop: threading.Event,
                 passthrough: bool = False, health: Health | None = None,
                 cluster: bool = False) -> int:
    """Start the requested services in threads, serve observability, wait for
    `stop`, then shut down within the grace period. Returns the exit code;
    raises the ConfigError a service stopped with (the CLI exits 2)."""
    health = health or Health()
    server = None
    if settings.http_listen:
        from service.observability.http import serve_observability

        server = serve_observability(settings.http_listen, health)
    threads: list[threading.Thread] = []
    errors: list[BaseException] = []

    def guard(name: str, target: Callable[[], object]) -> threading.Thread:
        def body() -> None:
            try:
                target()
            except ConfigError as exc:  # the message says it all: no traceback
                log.error("service stopped: configuration error",
                          extra={"service": name, "error": str(exc)})
                errors.append(exc)
                stop.set()
            except BaseException as exc:
                log.exception("service crashed", extra={"service": name})
                errors.append(exc)
                stop.set()

        t = threading.Thread(target=body, name=name, daemon=True)
        t.start()
        return t

    if work:
        from service.worker.loop import Worker

        worker = Worker(settings, health=health, enrich=not passthrough)
        health.add_status("worker", lambda: vars(worker.stats))
        threads.append(guard("worker", lambda: worker.run(stop)))
    if cluster:
        from service.clustering.assigner import Assigner

        assigner = Assigner(settings, health=health)
        health.add_status("cluster", lambda: {"assigned": assigner.assigned,
                                              "skipped": assigner.skipped,
                                              "partitions": len(assigner.state)})
        threads.append(guard("cluster", lambda: assigner.run(stop)))
    if poll:
        from service.feeds.app import run_poller
        from service.feeds.feedsfile import load_feeds_file

        feeds = load_feeds_file(settings.feeds_file) if settings.feeds_file else []
        threads.append(guard("poller", lambda: run_poller(settings, feeds, stop, health)))
    log.info("started", extra={"services": [t.name for t in threads]})
    stop.wait()
    # the services bound their own shutdown by the grace period; this is the backstop
    margin = max(EXIT_MARGIN_S, EXIT_MARGIN_SHARE * settings.shutdown_grace_s)
    deadline = time.monotonic() + max(0.0, settings.shutdown_grace_s - margin)
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    if server is not None:
        server.close()
    alive = [t.name for t in threads if t.is_alive()]
    if alive:
        # nothing is lost: what was not committed is consumed (or polled) again
        log.warning("shutdown: abandoned", extra={
            "abandoned": "; ".join(f"{name} still stopping when the grace period ran out: "
                                   f"{_LEFT_BEHIND.get(name, 'its work in flight')}" for name in alive),
            "grace_s": settings.shutdown_grace_s})
        hard_exit.set()
    for e in errors:
        if isinstance(e, ConfigError):
            raise e  # the CLI prints it and exits 2, as for one found before start-up
    return 1 if errors else 0
