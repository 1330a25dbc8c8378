"""System tools some tests drive (promtool, prometheus, docker-compose): found
on PATH or installed from Debian when the tests run as root, the way
tests/setup_system.sh does for CI."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

# command -> Debian package providing it
PACKAGES = {"promtool": "prometheus", "prometheus": "prometheus", "docker-compose": "docker-compose"}
_apt_updated = False


def ensure_tool(command: str) -> str:
    """Path of `command`, installing its Debian package if needed and possible;
    skips the test (with the reason) when it is missing and cannot be installed."""
    global _apt_updated
    found = shutil.which(command)
    if found:
        return found
    package = PACKAGES[command]
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip(f"{command} is missing: install the Debian package {package!r} "
                    "(tests/setup_system.sh does it as root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if not _apt_updated:
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, capture_output=True)
        _apt_updated = True
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
                   check=True, env=env, capture_output=True)
    found = shutil.which(command)
    assert found, f"installed {package} but {command} is still not on PATH"
    return found
