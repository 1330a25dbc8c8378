"""deploy/requirements.lock (made by deploy/lock.sh) pins every runtime
dependency of pyproject.toml, exactly, with hashes, at a version the
specifier allows; the image installs from it and nothing else."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.deploy.conftest import DEPLOY, REPO_ROOT

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    return {canonicalize_name(n): v for n, v in PIN.findall(path.read_text(encoding="utf-8"))}


def entries(path: Path) -> list[str]:
    """One string per requirement (continuation lines joined, comments dropped)."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def runtime_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"]]


@pytest.mark.parametrize("lock", ["requirements.lock", "build-requirements.lock"])
def test_every_entry_is_pinned_exactly_with_a_hash(lock: str) -> None:
    lines = entries(DEPLOY / lock)
    assert lines
    for line in lines:
        assert PIN.match(line), f"{lock}: not an exact pin: {line}"
        assert "--hash=sha256:" in line, f"{lock}: no hash: {line}"


def test_every_runtime_dependency_is_locked_at_an_allowed_version() -> None:
    locked = pins(DEPLOY / "requirements.lock")
    for req in runtime_requirements():
        name = canonicalize_name(req.name)
        assert name in locked, (f"{req.name} is in pyproject.toml but not in deploy/requirements.lock: "
                                "run deploy/lock.sh")
        assert req.specifier.contains(locked[name], prereleases=True), (
            f"{req.name}=={locked[name]} in the lock does not satisfy {req.specifier}: run deploy/lock.sh")


def test_the_build_backend_lock_satisfies_build_system_requires() -> None:
    build = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    locked = pins(DEPLOY / "build-requirements.lock")
    for spec in build["requires"]:
        req = Requirement(spec)
        assert req.specifier.contains(locked[canonicalize_name(req.name)])
