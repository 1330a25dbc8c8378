"""Run every fuzz target for a bounded time and report executions and crashes.

    python -m fuzz.run --seconds 60 [--target feed] [--work-dir DIR] [--seed N]

Each target runs in its own process under libFuzzer (atheris), seeded with
its own samples in fuzz/seeds/TARGET/, samples written at run time, and for
the feed target the feedparser test corpus at ../shared/corpora/feedparser-tests
(read only: new corpus units go to the work directory). Exit status 1 when
any target crashed, hung (per-input timeout) or ran out of memory; the
failing inputs are kept under WORK/crashes/ and their paths printed.

Without --seed every run explores a new random path, which is what a long
`make fuzz` is for. With --seed (and Python's hash seed fixed) a run takes
essentially the same path each time up to its time limit, so a gate such as
CI's smoke run fails when the code changed, not when chance led one run to an
old bug; a longer local run with the same seed tries what a shorter one does.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fuzz" / "seeds"
FEED_CORPUS = ROOT.parent / "shared" / "corpora" / "feedparser-tests"
TARGETS = ("feed", "article", "sanitiser")
_EXECUTED = re.compile(r"stat::number_of_executed_units:\s*(\d+)")
_DONE = re.compile(r"Done (\d+) runs")
_PROGRESS = re.compile(r"#(\d+)\s")


@dataclass(frozen=True)
class TargetReport:
    target: str
    executions: int
    crashes: tuple[Path, ...]
    returncode: int
    excerpt: str

    @property
    def failed(self) -> bool:
        return bool(self.crashes) or self.returncode != 0


def runtime_seeds(target: str, into: Path) -> Path:
    """Samples generated now: hostile inputs the targets must survive."""
    into.mkdir(parents=True, exist_ok=True)
    samples: dict[str, bytes] = {}
    if target == "feed":
        samples["laughs.xml"] = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol">'
                                 b'<!ENTITY b "&a;&a;&a;">]><rss><channel><item><title>&b;'
                                 b"</title></item></channel></rss>")
        samples["deep.xml"] = b"<rss><channel><item><title>x</title>" + b"<d>" * 300 + b"</rss>"
        samples["many.xml"] = b"<rss><channel>" + b"<item><title>t</title></item>" * 200 + b"</channel></rss>"
    elif target == "sanitiser":
        sys.path.insert(0, str(ROOT))
        from tests.security.payloads import PAYLOADS

        for index, payload in enumerate(PAYLOADS.values()):
            samples[f"payload-{index}.html"] = payload.encode("utf-8")
    elif target == "article":
        samples["nested.html"] = b"<" + b"<div>" * 400 + b"<p>LONDON (Wire) - Text.</p>"
        samples["quotes.txt"] = (b'\x01"Yes," he said. "No," said Ann Lee, a minister. '
                                 b"(Reporting by A; Editing by B)")
    for name, data in samples.items():
        (into / name).write_bytes(data)
    return into


def run_target(target: str, seconds: int, work: Path, seed: int | None = None) -> TargetReport:
    corpus = work / "corpus" / target
    crashes = work / "crashes"
    corpus.mkdir(parents=True, exist_ok=True)
    crashes.mkdir(parents=True, exist_ok=True)
    seed_dirs = [runtime_seeds(target, work / "seeds" / target)]
    if (SEEDS / target).is_dir():
        seed_dirs.append(SEEDS / target)
    if target == "feed" and FEED_CORPUS.is_dir():
        seed_dirs.extend(sorted(p for p in FEED_CORPUS.iterdir() if p.is_dir()))
    before = set(crashes.glob(f"{target}-*"))
    command = [sys.executable, "-m", f"fuzz.targets.{target}", f"-max_total_time={seconds}",
               "-timeout=20", "-rss_limit_mb=2048", "-max_len=65536", "-print_final_stats=1",
               f"-artifact_prefix={crashes}/{target}-", str(corpus), *map(str, seed_dirs)]
    environ = dict(os.environ)
    if seed is not None:
        command.insert(3, f"-seed={seed}")
        environ["PYTHONHASHSEED"] = "0"  # set and dict order steer coverage too
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          timeout=seconds + 600, env=environ)
    output = done.stdout + done.stderr
    executed = _EXECUTED.search(output) or _DONE.search(output)
    progress = _PROGRESS.findall(output)
    executions = int(executed.group(1)) if executed else int(progress[-1]) if progress else 0
    found = tuple(sorted(set(crashes.glob(f"{target}-*")) - before))
    excerpt = ""
    if found or done.returncode != 0:
        marker = output.find("Uncaught Python exception")
        excerpt = output[marker:marker + 3000] if marker >= 0 else output[-3000:]
    return TargetReport(target, executions, found, done.returncode, excerpt)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fuzz.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="run time of each target")
    parser.add_argument("--target", action="append", choices=TARGETS,
                        help="run only this target (repeatable; default: all)")
    parser.add_argument("--work-dir", type=Path, default=None,
                        help="corpus and crash directory (default: a new temporary one)")
    parser.add_argument("--seed", type=int, default=None,
                        help="libFuzzer seed for a repeatable run (default: random)")
    args = parser.parse_args(argv)
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="wire-ingest-fuzz-"))
    reports = [run_target(t, args.seconds, work, args.seed) for t in (args.target or TARGETS)]
    print(f"fuzzing work directory: {work}")
    for r in reports:
        print(f"{r.target:<10} executions={r.executions:<9} crashes={len(r.crashes)} "
              f"exit={r.returncode}")
        for path in r.crashes:
            print(f"    crash input: {path}")
        if r.excerpt:
            print("    " + r.excerpt.replace("\n", "\n    "))
    total = sum(r.executions for r in reports)
    print(f"total executions={total} crashes={sum(len(r.crashes) for r in reports)}")
    return 1 if any(r.failed for r in reports) else 0


if __name__ == "__main__":
    sys.exit(main())
