"""Run one fetch in a fresh process and report its outcome and how much the
process grew: `python -m tests.security.fetch_probe WARMUP_URL URL`.

Prints one JSON line: outcome, error, received bytes, and the growth of the
peak resident set size (ru_maxrss) during the fetch of URL, measured after a
warm-up fetch so that imports and client set-up are not counted."""

from __future__ import annotations

import asyncio
import json
import resource
import sys

from service.config import load_settings
from service.feeds.fetch import Fetcher


def peak_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


async def main(warmup_url: str, url: str) -> dict[str, object]:
    settings = load_settings({}, http_allow_private=True, http_per_host_rps=0.0)
    async with Fetcher(settings) as fetcher:
        await fetcher.fetch(warmup_url)
        before = peak_rss_bytes()
        result = await fetcher.fetch(url)
        grown = peak_rss_bytes() - before
    return {"outcome": result.outcome, "error": result.error, "body_bytes": len(result.body),
            "rss_growth_bytes": grown, "max_body_bytes": settings.http_max_body_bytes}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
