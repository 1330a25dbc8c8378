"""A single-node Apache Kafka (KRaft, loopback) for the tests and for
`python3 tasks.py kafka start|stop|status`.

The broker and its runtime dependencies come from Maven Central through
`mvn dependency:copy-dependencies` into a cache outside the repository
(`~/.cache/wire-ingest/kafka-VERSION`, or `$WIRE_INGEST_CACHE`), fetched once
and reused. Each broker formats its own temporary log directory, listens on
free loopback ports (one for clients, one for the KRaft controller) and
removes the directory when it stops.

Settings are those of one node (replication factor 1 for the internal
topics), with a short `transaction.max.timeout.ms` so that a transaction a
killed worker left open is aborted within a test, and a log cleaner that
runs often enough for a test to force a compaction.

Standard library only at import: tasks.py runs this with the project's venv
python, the fixtures import it from tests/conftest.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

KAFKA_VERSION = "4.1.1"
SCALA_VERSION = "2.13"
SLF4J_VERSION = "1.7.36"  # the slf4j-api line Kafka 4.1 is built against
HEAP = "-Xmx512m"
# Longest transaction a client may ask for. Test workers ask for
# KAFKA_MAX_POLL_INTERVAL_MS + KAFKA_REQUEST_TIMEOUT_MS (25 s in the fault
# tests, 30 s with tests/conftest.py's make_test_settings).
TRANSACTION_MAX_TIMEOUT_MS = 30_000

BROKER_SETTINGS: dict[str, object] = {
    "offsets.topic.replication.factor": 1,
    "offsets.topic.num.partitions": 4,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    "transaction.state.log.num.partitions": 4,
    "group.initial.rebalance.delay.ms": 0,
    "transaction.max.timeout.ms": TRANSACTION_MAX_TIMEOUT_MS,
    # how often the coordinator looks for transactions past their timeout
    "transaction.abort.timed.out.transaction.cleanup.interval.ms": 2000,
    "auto.create.topics.enable": "false",
    "num.partitions": 1,
    "default.replication.factor": 1,
    "min.insync.replicas": 1,
    # a cleaner that looks often, so a test can force a compaction with a
    # topic of small segments and a low min.cleanable.dirty.ratio
    "log.cleaner.enable": "true",
    "log.cleaner.backoff.ms": 500,
    "log.cleaner.threads": 1,
    "log.cleaner.dedupe.buffer.size": 8 * 1024 * 1024,
    "log.retention.check.interval.ms": 5000,
    "log.segment.delete.delay.ms": 1000,
    "num.network.threads": 2,
    "num.io.threads": 2,
    "background.threads": 2,
    "num.recovery.threads.per.data.dir": 1,
    "share.coordinator.state.topic.replication.factor": 1,
    "share.coordinator.state.topic.min.isr": 1,
}


class KafkaUnavailable(RuntimeError):
    """Java or Maven is missing, or the broker could not be fetched: a
    reason to skip the Apache Kafka tests, never to fail the Tansu ones."""


def cache_dir() -> Path:
    base = os.environ.get("WIRE_INGEST_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "wire-ingest")
    return Path(base) / f"kafka-{KAFKA_VERSION}"


def _pom() -> str:
    deps = [("org.apache.kafka", f"kafka_{SCALA_VERSION}", KAFKA_VERSION),
            ("org.slf4j", "slf4j-simple", SLF4J_VERSION)]
    body = "".join(f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
                   f"<version>{v}</version></dependency>\n" for g, a, v in deps)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
            "<modelVersion>4.0.0</modelVersion><groupId>local.wire-ingest</groupId>"
            "<artifactId>kafka-runtime</artifactId><version>1</version><packaging>pom</packaging>\n"
            f"<dependencies>\n{body}</dependencies>\n</project>\n")


def missing_tools() -> list[str]:
    return [tool for tool in ("java", "mvn") if shutil.which(tool) is None]


def fetch() -> Path:
    """The directory of jars (broker + runtime dependencies), fetched with
    Maven on first use. Raises KafkaUnavailable with the reason."""
    missing = missing_tools()
    if missing:
        raise KafkaUnavailable(f"Apache Kafka tests need {' and '.join(missing)} on PATH "
                               "(Java 17+ and Maven fetch and run the broker)")
    home = cache_dir()
    lib = home / "lib"
    done = home / ".fetched"
    pom = _pom()
    if done.exists() and done.read_text() == pom:
        return lib
    home.mkdir(parents=True, exist_ok=True)
    (home / "pom.xml").write_text(pom)
    shutil.rmtree(lib, ignore_errors=True)
    out = subprocess.run(["mvn", "-q", "-B", "-f", str(home / "pom.xml"),
                          "dependency:copy-dependencies", f"-DoutputDirectory={lib}",
                          "-DincludeScope=runtime"], capture_output=True, text=True, timeout=900)
    if out.returncode != 0 or not (lib / f"kafka_{SCALA_VERSION}-{KAFKA_VERSION}.jar").exists():
        raise KafkaUnavailable(f"mvn could not fetch Apache Kafka {KAFKA_VERSION}: "
                               + (out.stdout + out.stderr)[-1500:])
    done.write_text(pom)
    return lib


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _java(classpath: Path, *args: str, heap: str = "-Xmx256m") -> list[str]:
    return ["java", heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-cp", f"{classpath}/*", *args]


class ApacheKafka:
    """`with ApacheKafka() as kafka: kafka.bootstrap` -> "127.0.0.1:PORT".

    Same shape as service.transport.embedded.EmbeddedBroker (bootstrap,
    port, pid, start, stop), plus `kind` and `log_path`."""

    kind = "kafka"

    def __init__(self, port: int | None = None, extra: dict[str, object] | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.controller_port = free_port()
        self.extra = dict(extra or {})
        self.dir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._pid: int | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else self._pid

    @property
    def log_path(self) -> Path | None:
        return self.dir / "server.log" if self.dir else None

    def properties(self, log_dir: Path) -> dict[str, object]:
        return {
            "process.roles": "broker,controller",
            "node.id": 1,
            "controller.quorum.voters": f"1@{self.host}:{self.controller_port}",
            "listeners": f"PLAINTEXT://{self.host}:{self.port},CONTROLLER://{self.host}:{self.controller_port}",
            "advertised.listeners": f"PLAINTEXT://{self.host}:{self.port}",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": str(log_dir),
            **BROKER_SETTINGS,
            **self.extra,
        }

    def start(self, timeout_s: float = 90.0, detach: bool = False) -> ApacheKafka:
        """Format a fresh log directory and start the broker; return once a
        client can create a topic. `detach`: outlive this Python process."""
        lib = fetch()
        self.dir = Path(tempfile.mkdtemp(prefix="wire-ingest-kafka-"))
        config = self.dir / "server.properties"
        config.write_text("".join(f"{k}={v}\n" for k, v in self.properties(self.dir / "data").items()))
        cluster = subprocess.run(_java(lib, "kafka.tools.StorageTool", "random-uuid"),
                                 capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
        formatted = subprocess.run(_java(lib, "kafka.tools.StorageTool", "format", "-t", cluster,
                                         "-c", str(config)), capture_output=True, text=True)
        if formatted.returncode != 0:
            self._remove_dir()
            raise RuntimeError(f"kafka-storage format failed: {formatted.stdout}{formatted.stderr}")
        with open(self.dir / "server.log", "ab") as log:  # the child keeps its own descriptor
            self._proc = subprocess.Popen(_java(lib, "kafka.Kafka", str(config), heap=HEAP),
                                          stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                          start_new_session=detach,
                                          preexec_fn=None if detach else _die_with_parent)
        try:
            self._wait_ready(timeout_s)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        last = ""
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-3000:] if self.log_path else ""
                raise RuntimeError(f"Apache Kafka exited with code {self._proc.returncode} "
                                   f"at start-up:\n{tail}")
            try:
                if self._answers():
                    return
            except Exception as exc:  # not up yet; keep the reason for the error
                last = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
        raise RuntimeError(f"Apache Kafka did not answer on {self.bootstrap} within {timeout_s}s "
                           f"({last})")

    def _answers(self) -> bool:
        """The port speaks Kafka and a metadata request names this broker
        as the only one: it has registered with its controller and serves
        clients. (The raw probe first: a kafka-python client that fails to
        connect leaves its sockets to the garbage collector.)"""
        from service.transport.embedded import _kafka_answers

        if not _kafka_answers(self.host, self.port):
            return False
        try:
            from kafka.admin import KafkaAdminClient
        except ImportError:  # plain python3 (no venv): the port answering is all we can check
            return True
        admin = KafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=5000,
                                 client_id="wire-ingest-kafka-ready")
        try:
            brokers = admin.describe_cluster().get("brokers") or []
            return len(brokers) == 1
        finally:
            admin.close()

    def stop(self, timeout_s: float = 20.0) -> None:
        """Stop the broker (SIGTERM, then SIGKILL) and remove its folder."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout_s)
        elif proc is None and self._pid is not None:
            _end_pid(self._pid, timeout_s)
        self._pid = None
        self._remove_dir()

    def _remove_dir(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self) -> ApacheKafka:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def _die_with_parent() -> None:
    """In the child before exec: a broker started by a test session ends
    with it, even when the session is killed (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _end_pid(pid: int, timeout_s: float) -> None:
    if not _alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it when it is our child
        if not _alive(pid):
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


# --------------------------------------------- `python -m tests.apache_kafka`


def state_file() -> Path:
    return cache_dir() / "running.json"


def _read_state() -> dict[str, object] | None:
    try:
        state = json.loads(state_file().read_text())
    except (OSError, ValueError):
        return None
    pid = state.get("pid")
    if not isinstance(pid, int) or not _alive(pid):
        return None
    return state


def cli(argv: list[str]) -> int:
    """start | stop | status of one background broker; the state file in
    the cache directory lets a later `stop` or `status` find it."""
    action = argv[0] if argv else "status"
    if action == "fetch":
        try:
            print(f"kafka: Apache Kafka {KAFKA_VERSION} jars in {fetch()}", file=sys.stderr)
        except KafkaUnavailable as exc:
            print(f"kafka: {exc}; the Apache Kafka tests will skip", file=sys.stderr)
            return 1
        return 0
    state = _read_state()
    if action == "start":
        if state:
            print(f"KAFKA_BOOTSTRAP_SERVERS={state['bootstrap']}")
            print(f"(already running, pid {state['pid']})", file=sys.stderr)
            return 0
        try:
            kafka = ApacheKafka().start(detach=True)
        except KafkaUnavailable as exc:
            print(f"kafka: {exc}", file=sys.stderr)
            return 1
        state_file().write_text(json.dumps({"pid": kafka.pid, "bootstrap": kafka.bootstrap,
                                            "dir": str(kafka.dir), "version": KAFKA_VERSION}))
        print(f"KAFKA_BOOTSTRAP_SERVERS={kafka.bootstrap}")
        print(f"(Apache Kafka {KAFKA_VERSION}, pid {kafka.pid}, log {kafka.log_path}; "
              "stop with `python3 tasks.py kafka stop`)", file=sys.stderr)
        return 0
    if action == "stop":
        if not state:
            print("kafka: not running", file=sys.stderr)
            state_file().unlink(missing_ok=True)
            return 0
        _end_pid(int(str(state["pid"])), 20.0)
        shutil.rmtree(str(state["dir"]), ignore_errors=True)
        state_file().unlink(missing_ok=True)
        print(f"kafka: stopped pid {state['pid']}", file=sys.stderr)
        return 0
    if action == "status":
        if not state:
            print("kafka: not running", file=sys.stderr)
            return 3
        print(f"KAFKA_BOOTSTRAP_SERVERS={state['bootstrap']}")
        print(f"(running, pid {state['pid']}, dir {state['dir']})", file=sys.stderr)
        return 0
    print("usage: kafka start|stop|status|fetch", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(cli(sys.argv[1:]))
