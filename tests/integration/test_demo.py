"""`wire-ingest demo` on embedded defaults: articles flow, then nothing is left running."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from service.demo.run import sample_entry_count

pytestmark = pytest.mark.integration


def tansu_pids() -> set[int]:
    pids = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if b"tansu" in cmdline and b"broker" in cmdline:
            pids.add(int(proc.name))
    return pids


def test_demo_shows_every_sample_story_enriched_and_cleans_up() -> None:
    before = tansu_pids()
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    out = subprocess.run([sys.executable, "-m", "service.cli.main", "demo", "--timeout", "80"],
                         env=env, capture_output=True, text=True, timeout=150)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    expected = sample_entry_count()
    assert expected >= 9
    shown = re.findall(r"^\[(\d+)/(\d+), ([\d.]+)s\]$", out.stdout, re.MULTILINE)
    assert len(shown) == expected, out.stdout[-2000:]
    assert float(shown[-1][2]) < 60, "all sample stories arrive within 60 s of start"
    assert out.stdout.count("\u25b6 ") == expected  # one readable block per article
    assert f"{expected} enriched articles" in out.stdout
    assert tansu_pids() <= before, "the embedded broker was stopped"
