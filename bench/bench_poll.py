"""Poller throughput: polls per second and CPU per poll for 5,000 feeds on a
local server (first round all 200; second round conditional, half 304 and
half changed 200), against the bare httpx client fetching the same URLs with
the same concurrency in the same run. Prints ratios, asserts nothing.

    python bench/bench_poll.py [--feeds 5000] [--concurrency 64]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import threading
import time
from dataclasses import replace

import httpx

from service.config import load_settings
from service.feeds.feedsfile import FeedConfig
from service.feeds.poller import Poller
from service.feeds.sink import MemorySink


def _feed_body(i: int, version: int) -> bytes:
    items = "".join(
        f"<item><guid isPermaLink=\"false\">f{i}-s{k}</guid><title>Story {k} of feed {i}</title>"
        f"<link>https://news.example.org/{i}/{k}</link>"
        f"<pubDate>Tue, 27 Feb 2024 10:{k:02d}:00 +0000</pubDate>"
        f"<description>Teaser {k}.</description><content:encoded><![CDATA[<p>Body {k} v"
        f"{version if k == 0 else 1}. " + "Words of a wire story. " * 20 + "</p>]]>"
        "</content:encoded></item>" for k in range(10))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>Feed {i}</title>{items}</channel></rss>").encode()


def _serve(port_out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Minimal keep-alive HTTP/1.1 server: even feeds honour If-None-Match,
    odd feeds change on every request."""
    counters: dict[int, int] = {}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
                i = int(path.rsplit("/", 1)[-1])
                if i % 2 == 0:
                    version, etag = 1, f'"{i}-1"'
                    if headers.get("if-none-match") == etag:
                        writer.write(f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\n"
                                     "Content-Length: 0\r\n\r\n".encode())
                        await writer.drain()
                        continue
                else:
                    version = counters[i] = counters.get(i, 0) + 1
                    etag = f'"{i}-{version}"'
                body = _feed_body(i, version)
                writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: {etag}"
                             f"\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port_out.put(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


async def _bare_round(urls: list[str], etags: dict[str, str], concurrency: int) -> dict[str, str]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    gate = asyncio.Semaphore(concurrency)
    seen: dict[str, str] = {}
    async with httpx.AsyncClient(limits=limits, trust_env=False) as client:
        async def one(url: str) -> None:
            headers = {"If-None-Match": etags[url]} if url in etags else {}
            async with gate:
                response = await client.get(url, headers=headers)
                seen[url] = response.headers.get("etag", "")
        await asyncio.gather(*(one(u) for u in urls))
    return seen


def bare_client(urls: list[str], concurrency: int) -> list[tuple[float, float]]:
    rounds = []
    etags: dict[str, str] = {}
    for _ in range(2):
        wall, cpu = time.perf_counter(), time.process_time()
        etags = asyncio.run(_bare_round(urls, etags, concurrency))
        rounds.append((time.perf_counter() - wall, time.process_time() - cpu))
    return rounds


def poller_rounds(urls: list[str], concurrency: int) -> tuple[list[tuple[float, float]], int]:
    settings = load_settings({}, http_allow_private=True, http_per_host_rps=0.0,
                             http_max_concurrency=concurrency, http_per_host_concurrency=concurrency,
                             feed_fetch_pages=False, min_poll_interval_s=3600.0,
                             max_poll_interval_s=7200.0, default_poll_interval_s=3600.0)
    sink = MemorySink()
    poller = Poller(settings, sink)
    feeds = [FeedConfig(f"feed-{i}", f"Feed {i}", url) for i, url in enumerate(urls)]
    for feed in feeds:
        poller.upsert_feed(feed)
    stop = threading.Event()
    thread = threading.Thread(target=poller.run, args=(stop,), daemon=True)
    thread.start()
    rounds = []
    try:
        for round_no in (1, 2):
            if round_no == 2:
                poller.restore_states(replace(s, next_due=0.0) for s in _states(poller))
            wall, cpu = time.perf_counter(), time.process_time()
            while sum(1 for s in _states(poller) if s.polls >= round_no) < len(feeds):
                time.sleep(0.01)
            rounds.append((time.perf_counter() - wall, time.process_time() - cpu))
    finally:
        stop.set()
        thread.join()
    return rounds, len(sink.records)


def _states(poller: Poller) -> list:  # type: ignore[type-arg]
    with poller._lock:  # benchmark-only peek at the poller's memory
        return list(poller._states.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=64)
    args = parser.parse_args()
    ports: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=_serve, args=(ports,), daemon=True)
    server.start()
    try:
        port = ports.get(timeout=10)
        urls = [f"http://127.0.0.1:{port}/feed/{i}" for i in range(args.feeds)]
        bare = bare_client(urls, args.concurrency)
        ours, published = poller_rounds(urls, args.concurrency)
    finally:
        server.terminate()
    n = args.feeds
    print(f"bench_poll: {n} feeds, concurrency {args.concurrency}, server in its own process")
    for label, (b_wall, b_cpu), (o_wall, o_cpu) in zip(
            ("round 1 (all 200)", "round 2 (conditional: 50% 304, 50% changed)"), bare, ours,
            strict=True):
        print(f"  {label}")
        print(f"    bare httpx : {n / b_wall:8.0f} fetches/s  {b_cpu / n * 1e3:6.2f} ms CPU/fetch")
        print(f"    poller     : {n / o_wall:8.0f} polls/s    {o_cpu / n * 1e3:6.2f} ms CPU/poll")
        print(f"    ratio      : throughput {b_wall / o_wall:5.2f}x of bare client, "
              f"CPU per poll {o_cpu / b_cpu:5.2f}x of bare fetch")
    print(f"  records published: {published} (expected {n * 10 + (n // 2)}: every entry once, "
          "plus one edit per changed feed)")


if __name__ == "__main__":
    main()
