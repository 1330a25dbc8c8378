"""CI's bounded fuzzing run: each atheris target for 60 s (seeded with
fuzz/seeds, run-time samples and the feedparser corpus); any crash, hang or
out-of-memory fails the test and names the saved input.

The run uses a fixed libFuzzer seed, so it is a regression gate: it fails
when a change to the code breaks an input this path reaches, not because a
random path found an old bug on one CI run. Finding new bugs is the job of
`make fuzz` (random seeds, 10 minutes per target); what it finds is kept in
tests/security/test_fuzz_regressions.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris", reason="atheris is not installed (pip install -e '.[test]')")

REPO = Path(__file__).resolve().parents[2]
SECONDS = 60
SEED = 20261124


@pytest.mark.slow
@pytest.mark.timeout(SECONDS + 240)
@pytest.mark.parametrize("target", ["feed", "article", "sanitiser"])
def test_fuzz_target_runs_without_crashes(target: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fuzz.run", "--seconds", str(SECONDS), "--target", target,
         "--work-dir", str(tmp_path), "--seed", str(SEED)],
        cwd=REPO, capture_output=True, text=True, timeout=SECONDS + 200)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report[-4000:]
    assert f"{target}" in report and "crashes=0" in report
    executions = int(report.split("executions=")[1].split()[0])
    assert executions > 100, report[-2000:]
