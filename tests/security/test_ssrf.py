"""Server-side request forgery: every address the poller could be steered to
(private, loopback, link-local, shared, multicast, cloud metadata, in any
spelling, behind any redirect or DNS answer) is refused unless
HTTP_ALLOW_PRIVATE is set, and listeners on internal addresses see zero
connections."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from service.config import Settings, load_settings
from service.feeds import ssrf
from service.feeds.fetch import Fetcher, FetchResult
from tests.security.servers import Listener, listening, respond

pytestmark = pytest.mark.timeout(60)

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
OK = respond("200 OK", {"Content-Type": "application/rss+xml"}, FEED)


def settings(**overrides: Any) -> Settings:
    base: dict[str, Any] = {"http_allow_private": False, "http_per_host_rps": 0.0,
                            "http_total_timeout_s": 5.0, "http_connect_timeout_s": 2.0}
    base.update(overrides)
    return load_settings({}, **base)


def fetch(s: Settings, url: str) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(s) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(go())


# ------------------------------------------------------------- address matrix

REFUSED = [
    "10.0.0.1", "172.16.0.1", "192.168.1.1",  # private
    "127.0.0.1", "127.255.255.254",  # loopback
    "169.254.169.254", "169.254.0.1",  # link-local, cloud metadata
    "100.64.0.1", "100.127.255.254",  # shared address space (carrier-grade NAT)
    "224.0.0.1", "239.255.255.250", "255.255.255.255",  # multicast, broadcast
    "0.0.0.0", "198.18.0.1", "240.0.0.1",  # unspecified, benchmarking, reserved
    "::1", "::",  # IPv6 loopback, unspecified
    "fc00::1", "fd12:3456::1", "fd00:ec2::254",  # unique local fc00::/7 (AWS metadata v6)
    "fe80::1", "ff02::1",  # link-local, multicast
    "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1",  # IPv4-mapped
    "2002:7f00:1::1", "2002:a9fe:a9fe::1",  # 6to4 wrapping loopback / metadata
]
# Python's is_global calls these global; the guard must not.
WRAPPED_OR_DEPRECATED = {
    "::127.0.0.1": "IPv4-compatible IPv6 (deprecated ::/96) is not unwrapped",
    "64:ff9b::a9fe:a9fe": "NAT64 well-known prefix 64:ff9b::/96 wrapping 169.254.169.254",
    "fec0::1": "deprecated site-local fec0::/10",
    "192.0.0.8": "IETF protocol assignments 192.0.0.0/24 (not globally reachable)",
}
ALLOWED = ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:81b::200e"]


@pytest.mark.parametrize("address", REFUSED)
def test_internal_addresses_are_refused(address: str) -> None:
    assert not ssrf.address_allowed(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", list(WRAPPED_OR_DEPRECATED))
def test_wrapped_and_deprecated_internal_addresses_are_refused(address: str) -> None:
    assert not ssrf.address_allowed(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_are_allowed(address: str) -> None:
    assert ssrf.address_allowed(ipaddress.ip_address(address))


def test_refusal_applies_to_every_resolved_address_unless_allowed_by_config() -> None:
    guarded = ssrf.GuardedBackend(allow_private=False)
    internal = [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1")]
    with pytest.raises(ssrf.AddressRefused):
        guarded._check("localhost", internal)
    mixed = [ipaddress.ip_address("10.0.0.1"), ipaddress.ip_address("8.8.8.8")]
    assert guarded._check("mixed.example", mixed) == [ipaddress.ip_address("8.8.8.8")]
    assert ssrf.GuardedBackend(allow_private=True)._check("localhost", internal) == internal


# -------------------------------------------- spellings against a real listener


@pytest.fixture(scope="module")
def internal() -> Iterator[Listener]:
    with listening(OK) as listener:
        yield listener


@pytest.fixture(scope="module")
def internal_v6() -> Iterator[Listener]:
    try:
        with listening(OK, host="::1") as listener:
            yield listener
    except OSError:
        pytest.skip("no IPv6 loopback here")


SPELLINGS = ["127.0.0.1", "localhost", "2130706433", "0x7f.0.0.1", "0x7f000001", "127.1",
             "017700000001", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "LOCALHOST",
             "user:secret@127.0.0.1"]


@pytest.mark.parametrize("host", SPELLINGS)
def test_loopback_spellings_are_refused_and_never_connected(internal: Listener, host: str) -> None:
    before = internal.connections
    result = fetch(settings(), f"http://{host}:{internal.port}/feed")
    assert result.outcome == "refused", result
    assert "address refused" in (result.error or "")
    assert internal.connections == before


@pytest.mark.parametrize("host", ["0177.0.0.1", "00000177.0.0.01", "127.0.0.01", "010.0.0.1"])
def test_octal_spelling_is_refused_and_never_connects(internal: Listener, host: str) -> None:
    # httpx will not parse dotted quads with leading zeros, which browsers and
    # curl read as octal (0177.0.0.1 is 127.0.0.1): refused as an invalid URL,
    # not retried as a server error, and nothing reaches the listener.
    before = internal.connections
    result = fetch(settings(), f"http://{host}:{internal.port}/feed")
    assert result.outcome == "refused", result
    assert "invalid URL" in (result.error or "") and "IPv4" in (result.error or "")
    assert internal.connections == before


def test_ipv6_loopback_is_refused(internal_v6: Listener) -> None:
    result = fetch(settings(), f"http://[::1]:{internal_v6.port}/feed")
    assert result.outcome == "refused"
    assert internal_v6.connections == 0


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/feed",
                                 "gopher://127.0.0.1:70/_feed", "FILE:///etc/hostname",
                                 "data:text/xml,<rss/>", "dict://127.0.0.1:11211/stat"])
def test_non_http_schemes_are_refused(url: str) -> None:
    result = fetch(settings(http_allow_private=True), url)
    assert result.outcome == "refused"
    assert result.body == b""


def test_the_same_listener_is_reached_when_config_allows_private(internal: Listener) -> None:
    before = internal.connections
    result = fetch(settings(http_allow_private=True), f"{internal.url}/feed")
    assert result.outcome == "ok" and result.body == FEED
    assert internal.connections == before + 1


# ------------------------------------------------- redirects and DNS rebinding

PUBLIC_STAND_IN = "127.0.0.2"  # treated as a public address in the tests below


@pytest.fixture
def public_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.2 passes the guard (standing in for an Internet server); the
    rest of loopback, 127.0.0.1 included, stays internal."""
    real = ssrf.address_allowed

    def allowed(ip: ssrf.IPAddress) -> bool:
        return str(ip) == PUBLIC_STAND_IN or real(ip)

    monkeypatch.setattr(ssrf, "address_allowed", allowed)


def redirect_to(location: str) -> Any:
    return respond("302 Found", {"Location": location, "Content-Length": "0"})


@pytest.mark.parametrize("target", ["http://127.0.0.1:{port}/feed", "http://localhost:{port}/feed",
                                    "http://2130706433:{port}/feed",
                                    "http://[::ffff:127.0.0.1]:{port}/feed"])
def test_redirect_hop_to_internal_address_is_refused(public_stand_in: None, internal: Listener,
                                                     target: str) -> None:
    before = internal.connections
    location = target.format(port=internal.port)
    with listening(redirect_to(location), host=PUBLIC_STAND_IN) as public:
        result = fetch(settings(), f"{public.url}/feed")
    assert public.connections == 1, "the allowed server was asked"
    assert result.outcome == "refused"
    assert internal.connections == before


def test_redirect_to_file_scheme_is_refused(public_stand_in: None) -> None:
    with listening(redirect_to("file:///etc/passwd"), host=PUBLIC_STAND_IN) as public:
        result = fetch(settings(), f"{public.url}/feed")
    assert public.connections == 1
    assert result.outcome == "refused" and b"root" not in result.body


def _fake_dns(monkeypatch: pytest.MonkeyPatch, name: str, answers: list[str]) -> list[str]:
    """`name` resolves to the next of `answers` on each lookup (the last one
    repeats); returns the log of answers given."""
    real = socket.getaddrinfo
    given: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != name:
            return real(host, port, *args, **kwargs)
        answer = answers[min(len(given), len(answers) - 1)]
        given.append(answer)
        return real(answer, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return given


def test_dns_rebinding_connects_to_the_checked_address(public_stand_in: None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """First answer public, every later one internal: a client that checks one
    answer and connects by name (a second lookup) would reach 127.0.0.1."""
    with listening(OK, host=PUBLIC_STAND_IN) as public:
        try:
            internal_cm = listening(OK, host="127.0.0.1", port=public.port)
            internal = internal_cm.__enter__()
        except OSError:
            pytest.skip("port taken on 127.0.0.1")
        try:
            given = _fake_dns(monkeypatch, "rebind.example", [PUBLIC_STAND_IN, "127.0.0.1"])
            result = fetch(settings(), f"http://rebind.example:{public.port}/feed")
        finally:
            internal_cm.__exit__(None, None, None)
    assert given[0] == PUBLIC_STAND_IN
    assert internal.connections == 0
    assert public.connections == 1 and result.outcome == "ok"


def test_dns_answer_pointing_inside_is_refused(public_stand_in: None, internal: Listener,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    before = internal.connections
    _fake_dns(monkeypatch, "inside.example", ["127.0.0.1"])
    result = fetch(settings(), f"http://inside.example:{internal.port}/feed")
    assert result.outcome == "refused"
    assert internal.connections == before


def test_default_settings_refuse_private_addresses() -> None:
    assert load_settings({}).http_allow_private is False
    assert replace(load_settings({}), http_allow_private=True).http_allow_private
