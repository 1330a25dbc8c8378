from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.errors import ConfigError
from service.observability import metrics
from service.observability.health import Health
from service.observability.http import ObservabilityServer, parse_listen, serve_observability


@pytest.fixture
def health() -> Health:
    return Health()


@pytest.fixture
def server(health: Health) -> Iterator[ObservabilityServer]:
    with serve_observability("127.0.0.1:0", health) as srv:
        yield srv


def sample_value(text: str, name: str, labels: dict[str, str] | None = None) -> float | None:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and (labels is None or sample.labels == labels):
                return float(sample.value)
    return None


def test_metrics_serves_the_registry_in_prometheus_text_format(server: ObservabilityServer) -> None:
    before = sample_value(httpx.get(f"{server.url}/metrics").text,
                          "wire_ingest_records_consumed_total") or 0.0
    metrics.RECORDS_CONSUMED.inc(3)
    response = httpx.get(f"{server.url}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert sample_value(response.text, "wire_ingest_records_consumed_total") == before + 3
    assert sample_value(response.text, "wire_ingest_build_info") == 1.0


def test_metrics_speaks_openmetrics_when_asked(server: ObservabilityServer) -> None:
    response = httpx.get(f"{server.url}/metrics",
                         headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.rstrip().endswith("# EOF")


def test_healthz_is_ok_even_before_any_check_reported(server: ObservabilityServer) -> None:
    response = httpx.get(f"{server.url}/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_readyz_is_503_until_every_expected_check_is_ok(server: ObservabilityServer,
                                                       health: Health) -> None:
    health.expect("broker", "partitions")
    health.set("broker", True, "connected")
    response = httpx.get(f"{server.url}/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["ready"] is False
    assert body["checks"]["broker"]["ok"] is True
    assert body["checks"]["partitions"] == {"ok": False, "detail": "not reported yet",
                                            "since": body["checks"]["partitions"]["since"]}
    health.set("partitions", True, "3 assigned")
    response = httpx.get(f"{server.url}/readyz")
    assert response.status_code == 200
    assert response.json()["ready"] is True


def test_readyz_is_not_ready_with_no_checks_at_all(server: ObservabilityServer) -> None:
    assert httpx.get(f"{server.url}/readyz").status_code == 503


def test_readyz_turns_503_again_when_a_check_fails(server: ObservabilityServer,
                                                   health: Health) -> None:
    health.set("broker", True)
    assert httpx.get(f"{server.url}/readyz").status_code == 200
    health.set("broker", False, "NoBrokersAvailable")
    response = httpx.get(f"{server.url}/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["detail"] == "NoBrokersAvailable"


def test_status_includes_the_registered_providers(server: ObservabilityServer,
                                                  health: Health) -> None:
    from datetime import UTC, datetime

    when = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    health.set("feeds", True, "12 loaded")
    health.add_status("poller", lambda: {"feeds": 12, "last_poll": when})
    body = httpx.get(f"{server.url}/status").json()
    assert body["ready"] is True
    assert body["poller"] == {"feeds": 12, "last_poll": "2024-05-01T12:00:00+00:00"}
    assert body["checks"]["feeds"]["detail"] == "12 loaded"


def test_unknown_paths_are_404_and_list_the_endpoints(server: ObservabilityServer) -> None:
    response = httpx.get(f"{server.url}/nope")
    assert response.status_code == 404
    assert "/readyz" in response.json()["endpoints"]


def test_head_returns_headers_without_a_body(server: ObservabilityServer) -> None:
    response = httpx.head(f"{server.url}/healthz")
    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""


def test_close_releases_the_port(health: Health) -> None:
    srv = serve_observability("127.0.0.1:0", health)
    port = srv.port
    srv.close()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
    serve_observability(f"127.0.0.1:{port}", health).close()  # can be bound again


def test_a_port_in_use_is_a_config_error_naming_the_setting(health: Health) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError, match="HTTP_LISTEN"):
            serve_observability(f"127.0.0.1:{port}", health)


@pytest.mark.parametrize(("listen", "expected"), [
    ("127.0.0.1:9308", ("127.0.0.1", 9308)),
    (":9308", ("0.0.0.0", 9308)),
    ("0.0.0.0:0", ("0.0.0.0", 0)),
    ("[::1]:9400", ("::1", 9400)),
    ("metrics.local:80", ("metrics.local", 80)),
])
def test_parse_listen(listen: str, expected: tuple[str, int]) -> None:
    assert parse_listen(listen) == expected


@pytest.mark.parametrize("listen", ["9308", "host:", "host:port", "host:70000", ""])
def test_parse_listen_rejects_malformed_addresses(listen: str) -> None:
    with pytest.raises(ConfigError, match="HTTP_LISTEN"):
        parse_listen(listen)


def test_ipv6_loopback_is_served_when_available(health: Health) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        srv = serve_observability("[::1]:0", health)
    except ConfigError:
        pytest.skip("::1 cannot be bound here")
    with srv:
        assert srv.url.startswith("http://[::1]:")
        assert httpx.get(f"{srv.url}/healthz").status_code == 200
