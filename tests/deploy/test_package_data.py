"""The image installs the wire-ingest wheel, so every data file under service/
must be matched by pyproject's package-data patterns or it is missing in
production (while tests, run from the source tree, still pass)."""

from __future__ import annotations

import fnmatch
import tomllib

from tests.deploy.conftest import REPO_ROOT

IGNORED_SUFFIXES = {".py", ".pyc"}


def test_every_data_file_is_packaged() -> None:
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["service"]
    root = REPO_ROOT / "service"
    missing = []
    for path in root.rglob("*"):
        if not path.is_file() or path.suffix in IGNORED_SUFFIXES or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(root).as_posix()
        # setuptools' "**/*.x" also matches files at the package root.
        if not any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(relative, p.removeprefix("**/"))
                   for p in patterns):
            missing.append(relative)
    assert not missing, f"not in [tool.setuptools.package-data]: {sorted(missing)}"
