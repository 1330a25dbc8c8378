"""Run the long-lived services (poller, worker or both) until told to stop."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from service.config import Settings
from service.observability.health import Health

log = logging.getLogger(__name__)


def run_services(settings: Settings, *, poll: bool, work: bool, stop: threading.Event,
                 passthrough: bool = False, health: Health | None = None,
                 cluster: bool = False) -> int:
    """Start the requested services in threads, serve observability, wait for
    `stop`, then shut down within the grace period. Returns the exit code."""
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
    for t in threads:
        t.join(timeout=settings.shutdown_grace_s + 5)
    if server is not None:
        server.close()
    alive = [t.name for t in threads if t.is_alive()]
    if alive:
        log.error("did not stop within the grace period", extra={"services": alive})
        return 1
    return 1 if errors else 0
