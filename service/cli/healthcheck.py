"""`wire-ingest healthcheck`: exit 0 when the local process is ready, 1 when
it is not or cannot be reached. Meant for container HEALTHCHECKs and exec
probes, so it is quick, quiet on success and uses only the standard library.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from typing import Any

from service.config import Settings
from service.errors import ConfigError
from service.observability.http import parse_listen

DEFAULT_TIMEOUT_S = 3.0


def readyz_url(listen: str) -> str:
    """The /readyz URL of a process listening on `listen`; wildcard binds are
    reached over loopback."""
    host, port = parse_listen(listen)
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return f"http://{netloc}/readyz"


def _failing_checks(body: bytes) -> str:
    try:
        report = json.loads(body)
        checks = report.get("checks", {})
        failing = [f"{name}: {c.get('detail') or 'not ok'}" for name, c in checks.items()
                   if not c.get("ok")]
    except (ValueError, AttributeError):
        return "unreadable readiness report"
    return "; ".join(failing) or "no checks registered yet"


def run_healthcheck(settings: Settings, *, url: str | None = None,
                    timeout_s: float = DEFAULT_TIMEOUT_S) -> int:
    """GET /readyz of the process configured by `settings` (or `url`)."""
    if url is None:
        if not settings.http_listen:
            print("healthcheck: HTTP_LISTEN is empty, the endpoint is disabled", file=sys.stderr)
            return 1
        try:
            url = readyz_url(settings.http_listen)
        except ConfigError as exc:
            print(f"healthcheck: {exc}", file=sys.stderr)
            return 1
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as resp:
            resp.read()
            return 0
    except urllib.error.HTTPError as exc:
        print(f"healthcheck: not ready ({exc.code}): {_failing_checks(exc.read())}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        print(f"healthcheck: {url} unreachable: {reason}", file=sys.stderr)
        return 1


def _cmd_healthcheck(args: argparse.Namespace, settings: Settings) -> int:
    return run_healthcheck(settings, url=args.url, timeout_s=args.timeout)


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "healthcheck", help="Exit 0 when the local service is ready, 1 otherwise.",
        description="GET /readyz of the running service (HTTP_LISTEN) and exit 0 when it is "
                    "ready, 1 when it is not ready or unreachable.")
    p.add_argument("--url", default=None,
                   help="Readiness URL to check instead of the one derived from HTTP_LISTEN.")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S,
                   help="Seconds to wait for an answer.")
    p.set_defaults(handler=_cmd_healthcheck)
