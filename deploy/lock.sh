#!/usr/bin/env bash
# Regenerate the hash-pinned lock files the container image installs from:
#   deploy/requirements.lock        runtime dependencies of pyproject.toml
#   deploy/build-requirements.lock  what builds the wire-ingest wheel (setuptools)
# Run after changing dependencies in pyproject.toml; tests/deploy checks that
# the lock still satisfies pyproject. Needs Python 3.11 (the image's) and
# network access to PyPI; pip-tools is installed into a throwaway venv.
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
python3.11 -m venv "$tools"
"$tools/bin/pip" install --quiet "pip-tools>=7.4,<8"
compile=("$tools/bin/pip-compile" --quiet --generate-hashes --strip-extras --allow-unsafe
         --no-emit-index-url --no-emit-find-links)
# Local pip configuration (mirrors, find-links) must not leak into the lock.
export PIP_CONFIG_FILE=/dev/null
unset PIP_FIND_LINKS PIP_EXTRA_INDEX_URL PIP_INDEX_URL
"${compile[@]}" --output-file deploy/requirements.lock pyproject.toml
"${compile[@]}" --output-file deploy/build-requirements.lock deploy/build-requirements.in
