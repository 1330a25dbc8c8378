"""The HTTP edge of the poller: one async client, every limit enforced.

`Fetcher.fetch` follows redirects itself (each hop goes through the SSRF
guard and the host limiter), streams the raw bytes and decodes them with a
bounded decoder, and enforces a total deadline over the whole download.
It never raises for network trouble: the outcome is in the `FetchResult`.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import time
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from service.config import Settings
from service.feeds.decode import BodyDecoder, BodyTooLarge, UnsupportedEncoding
from service.feeds.hostlimits import HostLimiter
from service.feeds.ssrf import AddressRefused, GuardedBackend

Outcome = Literal["ok", "not_modified", "client_error", "server_error", "timeout", "refused"]

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PERMANENT = frozenset({301, 308})


@dataclass(frozen=True, slots=True)
class FetchResult:
    outcome: Outcome
    url: str  # the URL the final response came from
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    body: bytes = b""
    permanent_url: str | None = None  # set when every redirect hop was permanent
    error: str | None = None
    seconds: float = 0.0
    received_bytes: int = 0  # decoded


def classify(status: int) -> Outcome:
    if status == 304:
        return "not_modified"
    if 200 <= status < 300:
        return "ok"
    if status in (408, 429) or status >= 500:
        return "server_error" if status != 408 else "timeout"
    return "client_error"


class Fetcher:
    """Owns the HTTP client; use as `async with Fetcher(settings) as f:`."""

    def __init__(self, settings: Settings, *, limiter: HostLimiter | None = None) -> None:
        self._s = settings
        self._limiter = limiter or HostLimiter(settings.http_per_host_concurrency,
                                               settings.http_per_host_rps)
        self._global = asyncio.Semaphore(settings.http_max_concurrency)
        limits = httpx.Limits(max_connections=settings.http_max_concurrency,
                              max_keepalive_connections=settings.http_max_concurrency)
        transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
        # httpx has no public hook for the network backend; the pool's is the
        # one place where the resolved address can be checked and then used.
        transport._pool._network_backend = GuardedBackend(
            allow_private=settings.http_allow_private)
        no_cookies = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
        self._client = httpx.AsyncClient(
            transport=transport, follow_redirects=False, trust_env=False, cookies=no_cookies,
            timeout=httpx.Timeout(connect=settings.http_connect_timeout_s,
                                  read=settings.http_read_timeout_s,
                                  write=settings.http_read_timeout_s,
                                  pool=settings.http_total_timeout_s),
            headers={"User-Agent": settings.http_user_agent, "Accept-Encoding": "gzip, deflate"})

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    accept: str = FEED_ACCEPT) -> FetchResult:
        """GET `url` (conditionally when validators are given) within every limit."""
        started = time.monotonic()
        async with self._global:
            try:
                async with asyncio.timeout(self._s.http_total_timeout_s):
                    result = await self._follow(url, etag, last_modified, accept)
            except TimeoutError:
                result = FetchResult("timeout", url, error=f"no complete response within "
                                     f"{self._s.http_total_timeout_s:g}s")
            except httpx.TimeoutException as exc:
                result = FetchResult("timeout", url, error=f"{type(exc).__name__}: {exc}")
            except AddressRefused as exc:
                result = FetchResult("refused", url, error=f"address refused: {exc}")
            except (BodyTooLarge, UnsupportedEncoding) as exc:
                result = FetchResult("refused", url, error=str(exc))
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                # the URL itself, not the server: `0177.0.0.1` (octal, which
                # browsers read as 127.0.0.1) is one; asking again will not help
                result = FetchResult("refused", url, error=f"invalid URL: {exc}")
            except httpx.TransportError as exc:
                result = FetchResult("server_error", url,
                                     error=f"{type(exc).__name__}: {exc or 'connection failed'}")
        return _with_seconds(result, time.monotonic() - started)

    async def _follow(self, url: str, etag: str | None, last_modified: str | None,
                      accept: str) -> FetchResult:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current, permanent = url, True
        for _hop in range(self._s.http_max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return FetchResult("refused", current, error=f"not an http(s) URL: {current!r}")
            async with self._limiter.slot(parts.hostname.lower()):
                request = self._client.build_request("GET", current, headers=headers)
                response = await self._client.send(request, stream=True)
                try:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        permanent = permanent and response.status_code in _PERMANENT
                        current = urljoin(current, location.strip())
                        continue
                    return await self._read(response, current, url, permanent)
                finally:
                    await response.aclose()
        return FetchResult("refused", current, error=f"more than {self._s.http_max_redirects} "
                           "redirects")

    async def _read(self, response: httpx.Response, current: str, original: str,
                    permanent: bool) -> FetchResult:
        status = response.status_code
        headers = {k.lower(): v for k, v in response.headers.items()}
        moved = current if permanent and current != original else None
        outcome = classify(status)
        if outcome != "ok":
            return FetchResult(outcome, current, status, headers, permanent_url=moved,
                               error=None if outcome == "not_modified" else f"HTTP {status}")
        declared = headers.get("content-length", "")
        if declared.isdigit() and "content-encoding" not in headers \
                and int(declared) > self._s.http_max_body_bytes:
            raise BodyTooLarge(f"Content-Length {declared} is above the "
                               f"{self._s.http_max_body_bytes}-byte limit")
        decoder = BodyDecoder(headers.get("content-encoding"), self._s.http_max_body_bytes)
        chunks: list[bytes] = []
        async for raw in response.aiter_raw():
            chunks.append(decoder.feed(raw))
        chunks.append(decoder.finish())
        body = b"".join(chunks)
        return FetchResult("ok", current, status, headers, body, permanent_url=moved,
                           received_bytes=len(body))


def _with_seconds(result: FetchResult, seconds: float) -> FetchResult:
    return FetchResult(result.outcome, result.url, result.status, result.headers, result.body,
                       result.permanent_url, result.error, seconds, result.received_bytes)
