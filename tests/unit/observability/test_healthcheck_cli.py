from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from service.cli.healthcheck import readyz_url, run_healthcheck
from service.cli.main import main
from service.config import load_settings
from service.observability.health import Health
from service.observability.http import ObservabilityServer, serve_observability


@pytest.fixture
def health() -> Health:
    h = Health()
    h.expect("broker")
    return h


@pytest.fixture
def server(health: Health) -> Iterator[ObservabilityServer]:
    with serve_observability("127.0.0.1:0", health) as srv:
        yield srv


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_exit_code_follows_readiness(server: ObservabilityServer, health: Health,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings({"HTTP_LISTEN": f"127.0.0.1:{server.port}"})
    assert run_healthcheck(settings) == 1
    assert "broker: not reported yet" in capsys.readouterr().err
    health.set("broker", True, "connected")
    assert run_healthcheck(settings) == 0
    health.set("broker", False, "connection refused")
    assert run_healthcheck(settings) == 1
    assert "broker: connection refused" in capsys.readouterr().err


def test_unreachable_endpoint_is_not_ready(capsys: pytest.CaptureFixture[str]) -> None:
    settings = load_settings({"HTTP_LISTEN": f"127.0.0.1:{closed_port()}"})
    assert run_healthcheck(settings, timeout_s=1) == 1
    assert "unreachable" in capsys.readouterr().err


def test_disabled_endpoint_cannot_be_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_healthcheck(load_settings({"HTTP_LISTEN": ""})) == 1
    assert "HTTP_LISTEN is empty" in capsys.readouterr().err


@pytest.mark.parametrize(("listen", "url"), [
    ("0.0.0.0:9308", "http://127.0.0.1:9308/readyz"),
    (":9400", "http://127.0.0.1:9400/readyz"),
    ("[::]:9308", "http://[::1]:9308/readyz"),
    ("10.1.2.3:9308", "http://10.1.2.3:9308/readyz"),
])
def test_wildcard_binds_are_checked_over_loopback(listen: str, url: str) -> None:
    assert readyz_url(listen) == url


def test_cli_subcommand_uses_the_url_override(server: ObservabilityServer, health: Health,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # HTTP_LISTEN points nowhere useful: only --url can make this pass.
    monkeypatch.setenv("HTTP_LISTEN", f"127.0.0.1:{closed_port()}")
    health.set("broker", True)
    assert main(["healthcheck", "--url", f"{server.url}/readyz"]) == 0
    assert main(["healthcheck", "--timeout", "1"]) == 1
    health.set("broker", False)
    assert main(["healthcheck", "--url", f"{server.url}/readyz"]) == 1
