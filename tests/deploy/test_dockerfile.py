"""deploy/Dockerfile, checked statically (no Docker engine on the test
machines): multi-stage, slim base, non-root, no build tools in the final
stage, dependencies from the hash-pinned lock, a HEALTHCHECK that runs
`wire-ingest healthcheck`, and only files that exist are copied."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.deploy.conftest import DEPLOY, REPO_ROOT

DOCKERFILE = DEPLOY / "Dockerfile"
BUILD_TOOLS = re.compile(r"\b(gcc|g\+\+|make|build-essential|clang|cargo|rustc|git)\b")


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [args for kw, args in self.instructions if kw == keyword]


def parse(text: str) -> tuple[dict[str, str], list[Stage]]:
    """(ARGs before the first FROM, stages) of a Dockerfile, continuations joined."""
    logical: list[str] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in logical:
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            parts = rest.split()
            base = parts[0]
            for name, value in args.items():
                base = base.replace(f"${{{name}}}", value).replace(f"${name}", value)
            alias = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(alias, base))
        elif not stages:
            if keyword == "ARG":
                name, _, value = rest.partition("=")
                args[name] = value
        else:
            stages[-1].instructions.append((keyword, rest))
    return args, stages


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse(DOCKERFILE.read_text(encoding="utf-8"))[1]


def test_multi_stage_on_a_slim_python_base(stages: list[Stage]) -> None:
    assert len(stages) >= 2
    final = stages[-1]
    assert re.fullmatch(r"python:3\.11[\w.-]*-slim[\w.-]*", final.base), final.base
    assert any(f"--from={stages[0].name}" in args for args in final.all("COPY"))


def test_final_stage_runs_as_a_numeric_non_root_user(stages: list[Stage]) -> None:
    users = stages[-1].all("USER")
    assert users, "the final stage must set USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0, "numeric non-root uid (Kubernetes runAsNonRoot checks it)"


def test_no_build_tools_or_package_installs_in_the_final_stage(stages: list[Stage]) -> None:
    for command in stages[-1].all("RUN"):
        assert "apt-get install" not in command and "pip install" not in command, command
        assert not BUILD_TOOLS.search(command), command


def test_dependencies_come_from_the_hash_pinned_lock(stages: list[Stage]) -> None:
    build = " ".join(stages[0].all("RUN"))
    installs = re.findall(r"pip install ([^&]+)", build)
    locked = [i for i in installs if "-r deploy/requirements.lock" in i]
    assert locked and "--require-hashes" in locked[0]
    for install in installs:
        # Every install is either hash-checked or the project's own wheel without deps.
        assert "--require-hashes" in install or "--no-deps" in install, install


def test_healthcheck_runs_wire_ingest_healthcheck(stages: list[Stage]) -> None:
    (healthcheck,) = stages[-1].all("HEALTHCHECK")
    options, _, command = healthcheck.partition("CMD")
    assert json.loads(command.strip()) == ["wire-ingest", "healthcheck"]
    assert "--interval=" in options and "--timeout=" in options


def test_entrypoint_is_the_cli_and_the_metrics_port_is_exposed(stages: list[Stage]) -> None:
    final = stages[-1]
    assert json.loads(final.all("ENTRYPOINT")[-1]) == ["wire-ingest"]
    assert json.loads(final.all("CMD")[-1])[0] in {"work", "poll", "run"}
    env = " ".join(final.all("ENV"))
    port = re.search(r"HTTP_LISTEN=0\.0\.0\.0:(\d+)", env)
    assert port, "the endpoint must listen beyond loopback in a container"
    assert port.group(1) in final.all("EXPOSE")[-1].split()


def test_every_copied_source_exists_and_is_in_the_build_context(stages: list[Stage]) -> None:
    ignored = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    for stage in stages:
        for args in stage.all("COPY"):
            parts = [p for p in shlex.split(args) if not p.startswith("--")]
            if "--from=" in args:
                continue
            for source in parts[:-1]:
                assert (REPO_ROOT / source).exists(), f"COPY {source}: no such file"
                top = Path(source).parts[0]
                assert top not in ignored, f"COPY {source}: excluded by .dockerignore"


def test_parser_sees_stages_and_continuations() -> None:
    args, parsed = parse("ARG B=python:3.11-slim\nFROM ${B} AS a\nRUN x \\\n  && y\nFROM ${B}\nUSER 1\n")
    assert args == {"B": "python:3.11-slim"}
    assert [(s.name, s.base) for s in parsed] == [("a", "python:3.11-slim"), ("1", "python:3.11-slim")]
    assert parsed[0].all("RUN") == ["x  && y"]
