"""Server-side request forgery guard: which addresses a fetch may reach, and
an httpcore network backend that resolves a host once, checks every
address, and connects to the address it checked (so a DNS answer that
changes between check and connect cannot slip through)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The host resolves only to addresses the poller must not contact."""


# Ranges Python's `is_global` still calls global but that lead inside a
# network: deprecated IPv6 site-local, and IPv4 protocol assignments.
_NOT_GLOBAL = (ipaddress.ip_network("fec0::/10"), ipaddress.ip_network("192.0.0.0/24"))
# IPv6 prefixes that carry an IPv4 address in their last 32 bits: IPv4-compatible
# (deprecated ::/96) and the NAT64 well-known prefix.
_EMBEDS_IPV4 = (ipaddress.ip_network("::/96"), ipaddress.ip_network("64:ff9b::/96"))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if any(ip in net for net in _EMBEDS_IPV4) and int(ip) > 1:  # :: and ::1 are themselves
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_allowed(ip: IPAddress) -> bool:
    """Only globally routable unicast addresses: not private, loopback,
    link-local (cloud metadata lives there), shared (100.64/10), reserved,
    unspecified or multicast, also when wrapped in an IPv6 address."""
    if isinstance(ip, ipaddress.IPv6Address):
        wrapped = _embedded_ipv4(ip)
        if wrapped is not None:
            return address_allowed(wrapped)
    if any(ip in net for net in _NOT_GLOBAL if net.version == ip.version):
        return False
    return ip.is_global and not ip.is_multicast


def refusal_reason(host: str, ip: IPAddress) -> str:
    kinds = [name for name, flag in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                                     ("multicast", ip.is_multicast), ("private", ip.is_private))
             if flag]
    return f"{host} resolves to {ip} ({', '.join(kinds) or 'not globally routable'})"


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves and checks before connecting; refuses with `AddressRefused`."""

    def __init__(self, *, allow_private: bool, inner: httpcore.AsyncNetworkBackend | None = None):
        self._allow_private = allow_private
        self._inner = inner or httpcore.AnyIOBackend()

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[IPAddress]:
        try:
            return [ipaddress.ip_address(host)]
        except ValueError:
            pass
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        seen: dict[str, IPAddress] = {}
        for *_, sockaddr in infos:
            seen.setdefault(str(sockaddr[0]), ipaddress.ip_address(str(sockaddr[0]).split("%")[0]))
        return list(seen.values())

    def _check(self, host: str, addresses: Iterable[IPAddress]) -> list[IPAddress]:
        addresses = list(addresses)
        if self._allow_private:
            return addresses
        allowed = [ip for ip in addresses if address_allowed(ip)]
        if not allowed:
            raise AddressRefused(refusal_reason(host, addresses[0]) if addresses
                                 else f"{host} has no address")
        return allowed

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        addresses = self._check(host, await self._resolve(host, port, timeout))
        last_error: Exception | None = None
        for ip in addresses:
            try:
                return await self._inner.connect_tcp(str(ip), port, timeout=timeout,
                                                     local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None
        raise last_error

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        raise AddressRefused("unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
