"""End-to-end benchmark: raw articles through K real worker processes
(`wire-ingest work`), enriched and passthrough, in both delivery modes, on
an embedded Tansu broker; plus the single-core enrichment-only rate of the
same records in this process, as the ceiling the pipeline is compared to.

    python bench/bench_e2e.py [--records 4000] [--workers 1 2]

Throughput is records / (last output - first publish) with workers already
in their group and the whole batch published at once (a drain), so latency
p50/p99 (output record timestamp minus input record timestamp) includes
queueing behind the backlog. Figures are ratios against baselines of the
same run: enriched / passthrough, and efficiency = enriched throughput /
min(passthrough throughput, K x enrichment-only rate).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

import orjson
from kafka import KafkaConsumer, TopicPartition

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.config import load_settings, settings_environ  # noqa: E402
from service.model import FeedRef, RawArticle  # noqa: E402
from service.pipeline.registry import default_pipeline  # noqa: E402
from service.transport.admin import ensure_topics  # noqa: E402
from service.transport.embedded import EmbeddedBroker, free_port  # noqa: E402
from service.transport.kafka import make_producer  # noqa: E402
from service.transport.serde import encode_raw  # noqa: E402
from service.worker.handler import Enriched, handle_raw  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "bench_e2e.jsonl"
PARTITIONS = 4


def records(n: int) -> list[tuple[bytes, bytes, str]]:
    feed = FeedRef("bench", "Bench Wire", "http://127.0.0.1/bench.rss", "UTC")
    out = []
    for i in range(n):
        rid = f"urn:bench:{i}"
        raw = RawArticle(
            id=rid, feed=feed, url=f"https://news.example.com/{i}",
            fetched_at=datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
            title=f"Floods close port of Lagos for a second day ({i})",
            published_original="Sun, 01 Mar 2026 10:00:00 GMT",
            content="<p>LAGOS (Reuters) - Floods closed the port of Lagos on Sunday, officials "
                    "said, and shipping was suspended for a second day.</p><p>The Nigerian Ports "
                    f"Authority said it expected to reopen berths on Tuesday. Item {i}.</p>")
        out.append((f"k{i % 500}".encode(), encode_raw(raw), rid))
    return out


def enrichment_only_rate(data: list[tuple[bytes, bytes, str]]) -> float:
    pipeline = default_pipeline()
    for _, value, _ in data[:50]:
        handle_raw(value, pipeline, max_bytes=1 << 22)  # warm caches
    sample = data[: min(len(data), 2000)]
    start = time.perf_counter()
    ok = sum(isinstance(handle_raw(v, pipeline, max_bytes=1 << 22), Enriched) for _, v, _ in sample)
    assert ok == len(sample), "bench records must all enrich"
    return len(sample) / (time.perf_counter() - start)


def ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as resp:
            return bool(resp.status == 200)
    except OSError:
        return False


def run_case(bootstrap: str, data: list[tuple[bytes, bytes, str]], *, mode: str, k: int,
             passthrough: bool) -> dict[str, object]:
    s = load_settings({}, kafka_bootstrap_servers=bootstrap, topic_prefix=f"b{uuid.uuid4().hex[:8]}.",
                      topic_partitions=PARTITIONS, worker_group=f"bench-{uuid.uuid4().hex[:8]}",
                      delivery_mode=mode, kafka_session_timeout_ms=6000,
                      kafka_heartbeat_interval_ms=1000, kafka_max_poll_interval_ms=20000,
                      shutdown_grace_s=5.0, log_level="WARNING")
    ensure_topics(s)
    ports = [free_port() for _ in range(k)]
    procs = []
    for port in ports:
        env = {**os.environ, **settings_environ(s), "HTTP_LISTEN": f"127.0.0.1:{port}"}
        cmd = [sys.executable, "-m", "service.cli.main", "work"] + (["--passthrough"] if passthrough else [])
        procs.append(subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
    try:
        deadline = time.monotonic() + 60
        while not all(ready(p) for p in ports):
            if time.monotonic() > deadline:
                raise RuntimeError("workers did not become ready")
            time.sleep(0.2)
        time.sleep(1)  # let the group settle after the last join
        consumer = KafkaConsumer(bootstrap_servers=s.bootstrap_servers, enable_auto_commit=False,
                                 isolation_level="read_committed", max_poll_records=5000)
        tps = [TopicPartition(s.enriched_topic, p) for p in range(PARTITIONS)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        producer = make_producer(s, linger_ms=20, batch_size=256 * 1024)
        sent_ms: dict[str, int] = {}
        start = time.time()
        for key, value, rid in data:
            sent_ms[rid] = int(time.time() * 1000)
            producer.send(s.raw_topic, key=key, value=value, timestamp_ms=sent_ms[rid])
        producer.flush()
        latencies: list[float] = []
        seen: set[str] = set()
        last = start
        deadline = time.monotonic() + 300
        while len(seen) < len(data) and time.monotonic() < deadline:
            for recs in consumer.poll(timeout_ms=500).values():
                for r in recs:
                    doc = orjson.loads(r.value)
                    rid = doc["id"] if passthrough else doc["x_wire"]["id"]
                    if rid not in seen:
                        seen.add(rid)
                        latencies.append((r.timestamp - sent_ms[rid]) / 1000)
                        last = max(last, r.timestamp / 1000)
        consumer.close()
        producer.close()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(30)
    if len(seen) < len(data):
        raise RuntimeError(f"only {len(seen)} of {len(data)} records came out")
    latencies.sort()
    return {"mode": mode, "workers": k, "variant": "passthrough" if passthrough else "enriched",
            "records": len(data), "throughput": round(len(data) / (last - start), 1),
            "p50_s": round(statistics.median(latencies), 3),
            "p99_s": round(latencies[int(0.99 * (len(latencies) - 1))], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=4000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--modes", nargs="+", default=["at-least-once", "exactly-once"])
    args = parser.parse_args()
    data = records(args.records)
    core_rate = enrichment_only_rate(data)
    print(f"enrichment only, one core, in process: {core_rate:.0f} records/s "
          f"({os.cpu_count()} cores on this machine)")
    rows = []
    with EmbeddedBroker() as broker:
        for mode in args.modes:
            for k in args.workers:
                base = run_case(broker.bootstrap, data, mode=mode, k=k, passthrough=True)
                enriched = run_case(broker.bootstrap, data, mode=mode, k=k, passthrough=False)
                ceiling = min(float(base["throughput"]), k * core_rate)  # type: ignore[arg-type]
                enriched["vs_passthrough"] = round(float(enriched["throughput"]) / float(base["throughput"]), 3)  # type: ignore[arg-type]
                enriched["efficiency"] = round(float(enriched["throughput"]) / ceiling, 3)  # type: ignore[arg-type]
                enriched["enrichment_only_rate"] = round(core_rate, 1)
                rows += [base, enriched]
                for row in (base, enriched):
                    print(f"{row['mode']:>13} K={row['workers']} {row['variant']:>11}: "
                          f"{row['throughput']:>8} rec/s  p50 {row['p50_s']}s  p99 {row['p99_s']}s"
                          + (f"  enriched/passthrough {row['vs_passthrough']}  efficiency "
                             f"{row['efficiency']}" if row is enriched else ""), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    with RESULTS.open("ab") as out:
        for row in rows:
            out.write(orjson.dumps({"at": stamp, "cores": os.cpu_count(), **row}) + b"\n")


if __name__ == "__main__":
    main()
