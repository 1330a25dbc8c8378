#!/usr/bin/env python3
"""Project tasks that need nothing but Python 3.11+: `python3 tasks.py demo|test|lint|bench|fuzz|kafka`.

Each task creates `.venv` when needed, installs the package (with test extras
for everything but `demo`), and runs. The Makefile targets call these.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"


def sh(*cmd: str | Path) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def install(extras: str = "") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py may be run by an older python3
        sys.exit("wire-ingest needs Python 3.11 or newer")
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
        sh(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if not stamp.exists() or stamp.read_text() != digest:
        sh(BIN / "python", "-m", "pip", "install", "--quiet", "-e", spec)
        stamp.write_text(digest)


def lint() -> None:
    sh(BIN / "ruff", "check", "service", "tests", "bench", "fuzz", "tasks.py")
    sh(BIN / "mypy")


def task_demo(args: list[str]) -> None:
    install()
    os.execv(BIN / "wire-ingest", [str(BIN / "wire-ingest"), "demo", *args])


def task_test(args: list[str]) -> None:
    install("test")
    sh("bash", ROOT / "tests" / "setup_system.sh")
    lint()
    # Apache Kafka's jars come from Maven Central once (outside the repo);
    # without java or mvn the Apache Kafka tests skip, saying so.
    subprocess.run([str(BIN / "python"), "-m", "tests.apache_kafka", "fetch"], cwd=ROOT)
    sh(BIN / "pytest", *(args or ["-q"]))


def task_lint(args: list[str]) -> None:
    install("test")
    lint()


def task_bench(args: list[str]) -> None:
    install("test")
    for bench in sorted((ROOT / "bench").glob("bench_*.py")):
        print(f"== {bench.name}", flush=True)
        sh(BIN / "python", bench, *args)


def task_kafka(args: list[str]) -> None:
    """`kafka start|stop|status`: a single-node Apache Kafka on loopback in
    the background (tests/apache_kafka.py; needs java and mvn). `start`
    prints KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:PORT."""
    install("test")
    code = subprocess.run([str(BIN / "python"), "-m", "tests.apache_kafka", *(args or ["status"])],
                          cwd=ROOT).returncode
    sys.exit(code)


def task_fuzz(args: list[str]) -> None:
    install("test")
    sh(BIN / "python", "-m", "fuzz.run", *(args or ["--seconds", "600"]))


TASKS = {"demo": task_demo, "test": task_test, "lint": task_lint, "bench": task_bench,
         "fuzz": task_fuzz, "kafka": task_kafka}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}} [args...]")
    try:
        TASKS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
