"""The settings object: read once from the environment at start-up, validated,
and passed down. Nothing else in the package reads `os.environ`.

Every setting is declared once in `SETTINGS` with its variable name, type,
default and meaning; the README's configuration table is checked against it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from service.errors import ConfigError

DeliveryMode = Literal["at-least-once", "exactly-once"]

# KAFKA_MAX_MESSAGE_BYTES - MAX_RECORD_BYTES at least: a raw record's headers and framing
MESSAGE_HEADROOM_BYTES = 64 * 1024


def _parse_bool(raw: str) -> bool:
    low = raw.strip().lower()
    if low in {"1", "true", "yes", "on"}:
        return True
    if low in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true/false, got {raw!r}")


def _parse_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


def _parse_list(raw: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in raw.split(",") if p.strip())


_PARSERS: dict[type, Callable[[str], Any]] = {
    str: str,
    int: int,
    float: _parse_float,
    bool: _parse_bool,
    tuple: _parse_list,
}


def setting(env: str, default: Any, help: str, *, secret: bool = False,
            choices: tuple[str, ...] | None = None, minimum: float | None = None) -> Any:
    """Declare a setting: the dataclass field carries its environment variable."""
    return field(default=default, metadata={
        "env": env, "help": help, "secret": secret, "choices": choices, "minimum": minimum,
    })


@dataclass(frozen=True)
class Settings:
    # --- Kafka connection
    kafka_bootstrap_servers: str = setting(
        "KAFKA_BOOTSTRAP_SERVERS", "",
        "Comma-separated Kafka brokers. Empty: `demo` starts an embedded Tansu broker; "
        "`poll`, `work` and `run` refuse to start.")
    kafka_client_id: str = setting("KAFKA_CLIENT_ID", "wire-ingest", "Client id sent to the broker.")
    kafka_security_protocol: str = setting(
        "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT", "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.",
        choices=("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"))
    kafka_sasl_mechanism: str = setting(
        "KAFKA_SASL_MECHANISM", "", "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (SASL_* protocols).",
        choices=("", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"))
    kafka_sasl_username: str = setting("KAFKA_SASL_USERNAME", "", "SASL user name.")
    kafka_sasl_password: str = setting("KAFKA_SASL_PASSWORD", "", "SASL password.", secret=True)
    kafka_ssl_cafile: str = setting("KAFKA_SSL_CAFILE", "", "CA bundle to verify the brokers.")
    kafka_ssl_certfile: str = setting("KAFKA_SSL_CERTFILE", "", "Client certificate (mutual TLS).")
    kafka_ssl_keyfile: str = setting("KAFKA_SSL_KEYFILE", "", "Client private key (mutual TLS).")
    kafka_session_timeout_ms: int = setting(
        "KAFKA_SESSION_TIMEOUT_MS", 10000, "Consumer group session timeout.", minimum=1000)
    kafka_heartbeat_interval_ms: int = setting(
        "KAFKA_HEARTBEAT_INTERVAL_MS", 3000, "Consumer heartbeat interval.", minimum=100)
    kafka_max_poll_interval_ms: int = setting(
        "KAFKA_MAX_POLL_INTERVAL_MS", 60000, "Longest gap between polls before the group evicts "
        "the worker.", minimum=1000)
    kafka_request_timeout_ms: int = setting(
        "KAFKA_REQUEST_TIMEOUT_MS", 30000, "Producer/consumer request timeout.", minimum=1000)
    broker_probe_timeout_s: float = setting(
        "BROKER_PROBE_TIMEOUT_S", 3.0, "Timeout of the liveness probe (an ApiVersions request "
        "every second); two failures in a row make /readyz report the broker unreachable.",
        minimum=0.1)
    # --- topics
    topic_prefix: str = setting("TOPIC_PREFIX", "wire.", "Prefix of every topic name.")
    topic_raw: str = setting("TOPIC_RAW", "raw", "Raw articles (poller -> workers).")
    topic_enriched: str = setting("TOPIC_ENRICHED", "enriched", "Enriched ninjs documents.")
    topic_dlq: str = setting("TOPIC_DLQ", "dlq", "Dead letters: original bytes plus reason headers.")
    topic_feeds: str = setting("TOPIC_FEEDS", "feeds", "Feed definitions (compacted, keyed by feed id).")
    topic_feed_state: str = setting("TOPIC_FEED_STATE", "feed-state",
                                    "Poller state (compacted, keyed by feed id).")
    topic_partitions: int = setting("TOPIC_PARTITIONS", 6, "Partitions for created topics.", minimum=1)
    topic_replication: int = setting("TOPIC_REPLICATION", 1, "Replication factor for created topics "
                                     "(3 on a production cluster).", minimum=1)
    topic_min_insync_replicas: int = setting(
        "TOPIC_MIN_INSYNC_REPLICAS", 0, "min.insync.replicas of created topics when "
        "TOPIC_REPLICATION > 1 (0: TOPIC_REPLICATION - 1, i.e. 2 of 3).", minimum=0)
    topic_raw_retention_ms: int = setting(
        "TOPIC_RAW_RETENTION_MS", 7 * 86_400_000, "retention.ms of the raw topic (how far back "
        "the workers can re-enrich).", minimum=-1)
    topic_enriched_retention_ms: int = setting(
        "TOPIC_ENRICHED_RETENTION_MS", 30 * 86_400_000, "retention.ms of the enriched topic.",
        minimum=-1)
    topic_dlq_retention_ms: int = setting(
        "TOPIC_DLQ_RETENTION_MS", 30 * 86_400_000, "retention.ms of the dead-letter topic (time "
        "to inspect and replay poison).", minimum=-1)
    # --- worker
    worker_group: str = setting("WORKER_GROUP", "wire-ingest-workers", "Consumer group of the workers.")
    delivery_mode: str = setting("DELIVERY_MODE", "at-least-once",
                                 "at-least-once or exactly-once (Kafka transactions).",
                                 choices=("at-least-once", "exactly-once"))
    max_in_flight: int = setting("MAX_IN_FLIGHT", 500, "Records consumed but not yet committed; "
                                 "consumption pauses above it.", minimum=1)
    commit_interval_ms: int = setting("COMMIT_INTERVAL_MS", 1000, "Longest time between commits.",
                                      minimum=10)
    shutdown_grace_s: float = setting("SHUTDOWN_GRACE_S", 20.0, "Seconds to finish in-flight work on "
                                      "SIGTERM.", minimum=0)
    max_record_bytes: int = setting("MAX_RECORD_BYTES", 4 * 1024 * 1024,
                                    "Largest raw record: the poller rejects larger entries, the "
                                    "worker dead-letters larger records.", minimum=1024)
    kafka_max_message_bytes: int = setting(
        "KAFKA_MAX_MESSAGE_BYTES", 8 * 1024 * 1024,
        "Largest record produced (the producers' max_request_size; `topics create` sets the "
        "topics' max.message.bytes to it). At least MAX_RECORD_BYTES + 64 KiB; an enriched "
        "document above it is dead-lettered as output-too-large.", minimum=64 * 1024)
    # --- syndication clusters
    cluster_keys: bool = setting("CLUSTER_KEYS", True,
                                 "Workers publish each document's clustering keys (cluster-keys "
                                 "topic) for `wire-ingest cluster`.")
    cluster_group: str = setting("CLUSTER_GROUP", "wire-ingest-clusters",
                                 "Consumer group of the cluster assigners.")
    cluster_window_s: float = setting("CLUSTER_WINDOW_S", 7 * 86400.0,
                                      "How far back (first-seen time) a story can still be "
                                      "matched; older state is forgotten.", minimum=60)
    topic_cluster_keys: str = setting("TOPIC_CLUSTER_KEYS", "cluster-keys",
                                      "Clustering keys of documents (worker -> assigner), "
                                      "partitioned by LSH band key.")
    topic_cluster_matches: str = setting("TOPIC_CLUSTER_MATCHES", "cluster-matches",
                                         "Verified candidates per document (assigner step 1 -> 2).")
    topic_cluster_decisions: str = setting("TOPIC_CLUSTER_DECISIONS", "cluster-decisions",
                                           "One decision per document, keyed by cluster "
                                           "(assigner step 2 -> 3).")
    topic_clusters: str = setting("TOPIC_CLUSTERS", "clusters",
                                  "Cluster assignments, keyed by cluster id (the output).")
    topic_cluster_state: str = setting("TOPIC_CLUSTER_STATE", "cluster-state",
                                       "Assigner state (compacted changelog).")
    # --- poller
    feeds_file: str = setting("FEEDS_FILE", "", "YAML or TOML feeds file for `poll`/`run`.")
    poller_group: str = setting("POLLER_GROUP", "wire-ingest-pollers", "Consumer group of pollers.")
    default_poll_interval_s: float = setting("DEFAULT_POLL_INTERVAL_S", 300.0,
                                             "Poll interval of feeds that do not set one.", minimum=1)
    min_poll_interval_s: float = setting("MIN_POLL_INTERVAL_S", 60.0,
                                         "Lower bound of the adaptive interval.", minimum=0.1)
    max_poll_interval_s: float = setting("MAX_POLL_INTERVAL_S", 3600.0,
                                         "Upper bound of the adaptive interval.", minimum=1)
    http_user_agent: str = setting("HTTP_USER_AGENT", "wire-ingest/0.1 (+https://example.org/wire-ingest)",
                                   "User-Agent, with a contact URL.")
    http_connect_timeout_s: float = setting("HTTP_CONNECT_TIMEOUT_S", 5.0, "Connect timeout.", minimum=0.1)
    http_read_timeout_s: float = setting("HTTP_READ_TIMEOUT_S", 10.0, "Per-read timeout.", minimum=0.1)
    http_total_timeout_s: float = setting("HTTP_TOTAL_TIMEOUT_S", 30.0,
                                          "Deadline for a whole download.", minimum=0.1)
    http_max_body_bytes: int = setting("HTTP_MAX_BODY_BYTES", 15 * 1024 * 1024,
                                       "Largest body accepted, after decompression.", minimum=1024)
    http_max_redirects: int = setting("HTTP_MAX_REDIRECTS", 5, "Redirects followed per fetch.", minimum=0)
    http_max_concurrency: int = setting("HTTP_MAX_CONCURRENCY", 64, "Fetches in flight overall.", minimum=1)
    http_per_host_concurrency: int = setting("HTTP_PER_HOST_CONCURRENCY", 2,
                                             "Fetches in flight per host.", minimum=1)
    http_allow_private: bool = setting("HTTP_ALLOW_PRIVATE", False,
                                       "Allow private/loopback/link-local addresses (tests, demo).")
    max_entries_per_feed: int = setting("MAX_ENTRIES_PER_FEED", 500,
                                        "Entries taken from one feed body.", minimum=1)
    http_per_host_rps: float = setting("HTTP_PER_HOST_RPS", 2.0,
                                       "Requests started per second per host (politeness); "
                                       "0 disables.", minimum=0)
    feed_park_after_failures: int = setting("FEED_PARK_AFTER_FAILURES", 10,
                                            "Consecutive failures before a feed is parked "
                                            "(then retried once a day).", minimum=1)
    feed_seen_ids: int = setting("FEED_SEEN_IDS", 1000,
                                 "Entry ids remembered per feed to suppress republishing.",
                                 minimum=10)
    feed_fetch_pages: bool = setting("FEED_FETCH_PAGES", True,
                                     "Fetch the linked page of teaser-only entries and extract "
                                     "its text.")
    # --- observability
    http_listen: str = setting("HTTP_LISTEN", "127.0.0.1:9308",
                               "Address of /metrics, /healthz, /readyz and /status. Empty disables.")
    log_format: str = setting("LOG_FORMAT", "json", "json or console.", choices=("json", "console"))
    log_level: str = setting("LOG_LEVEL", "INFO", "Python log level.",
                             choices=("DEBUG", "INFO", "WARNING", "ERROR"))

    # ------------------------------------------------------------------ derived

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"

    @property
    def raw_topic(self) -> str:
        return self.topic(self.topic_raw)

    @property
    def enriched_topic(self) -> str:
        return self.topic(self.topic_enriched)

    @property
    def dlq_topic(self) -> str:
        return self.topic(self.topic_dlq)

    @property
    def feeds_topic(self) -> str:
        return self.topic(self.topic_feeds)

    @property
    def feed_state_topic(self) -> str:
        return self.topic(self.topic_feed_state)

    @property
    def cluster_topics(self) -> dict[str, str]:
        """Topic of each clustering role (see service/clustering)."""
        return {"keys": self.topic(self.topic_cluster_keys),
                "matches": self.topic(self.topic_cluster_matches),
                "decisions": self.topic(self.topic_cluster_decisions),
                "clusters": self.topic(self.topic_clusters),
                "state": self.topic(self.topic_cluster_state)}

    @property
    def bootstrap_servers(self) -> list[str]:
        return [s.strip() for s in self.kafka_bootstrap_servers.split(",") if s.strip()]

    def require_kafka(self, command: str) -> None:
        if not self.bootstrap_servers:
            raise ConfigError(
                f"KAFKA_BOOTSTRAP_SERVERS is not set: `wire-ingest {command}` needs a Kafka cluster "
                "(for a self-contained run with an embedded broker use `wire-ingest demo`)")

    def masked(self) -> dict[str, Any]:
        """Settings as a dict with secrets masked, safe to log."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = "***" if f.metadata.get("secret") and value else value
        return out

    def __repr__(self) -> str:
        return f"Settings({self.masked()!r})"


def load_settings(environ: Mapping[str, str], **overrides: Any) -> Settings:
    """Build Settings from an environment mapping; raise ConfigError naming the
    offending variable."""
    values: dict[str, Any] = {}
    for f in fields(Settings):
        env = f.metadata["env"]
        if f.name in overrides:
            values[f.name] = overrides[f.name]
            continue
        raw = environ.get(env)
        if raw is None:
            continue
        kind = type(f.default)
        try:
            values[f.name] = _PARSERS[kind](raw)
        except (ValueError, KeyError) as exc:
            raise ConfigError(f"{env}={raw!r} is not a valid {kind.__name__}: {exc}") from None
    settings = Settings(**values)
    _validate(settings)
    return settings


def settings_environ(s: Settings) -> dict[str, str]:
    """The environment variables that make `load_settings` rebuild exactly
    `s`: how a parent process hands its settings to a child process."""
    env: dict[str, str] = {}
    for f in fields(s):
        value = getattr(s, f.name)
        if isinstance(value, bool):
            env[f.metadata["env"]] = "true" if value else "false"
        elif isinstance(value, tuple):
            env[f.metadata["env"]] = ",".join(value)
        else:
            env[f.metadata["env"]] = str(value)
    return env


# host (name, IPv4, or [IPv6]) and an optional port
_SERVER = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(?::(\d{1,5}))?$")


def bootstrap_problem(raw: str) -> str | None:
    """Why KAFKA_BOOTSTRAP_SERVERS is malformed, or None."""
    for server in raw.split(","):
        server = server.strip()
        match = _SERVER.match(server)
        if not server or not match:
            return f"{server!r} is not host:port"
        if match.group(1) is not None and not 1 <= int(match.group(1)) <= 65535:
            return f"{server!r}: port out of range"
    return None


def _validate(s: Settings) -> None:
    if s.kafka_bootstrap_servers.strip():
        problem = bootstrap_problem(s.kafka_bootstrap_servers)
        if problem:
            raise ConfigError(f"KAFKA_BOOTSTRAP_SERVERS={s.kafka_bootstrap_servers!r}: {problem} "
                              "(comma-separated host:port)")
    for f in fields(s):
        value = getattr(s, f.name)
        env = f.metadata["env"]
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"{env}={value!r}: must be a finite number")
        choices = f.metadata.get("choices")
        if choices and value not in choices:
            raise ConfigError(f"{env}={value!r}: expected one of {', '.join(c or '(empty)' for c in choices)}")
        minimum = f.metadata.get("minimum")
        if minimum is not None and value < minimum:
            raise ConfigError(f"{env}={value!r}: must be at least {minimum}")
    if s.kafka_max_message_bytes < s.max_record_bytes + MESSAGE_HEADROOM_BYTES:
        raise ConfigError(
            f"KAFKA_MAX_MESSAGE_BYTES={s.kafka_max_message_bytes} must be at least MAX_RECORD_BYTES="
            f"{s.max_record_bytes} + {MESSAGE_HEADROOM_BYTES} (room for headers): every raw record "
            "accepted must be producible, and so must its dead letter")
    if s.min_poll_interval_s > s.max_poll_interval_s:
        raise ConfigError("MIN_POLL_INTERVAL_S must not exceed MAX_POLL_INTERVAL_S")
    if s.kafka_heartbeat_interval_ms * 3 > s.kafka_session_timeout_ms:
        raise ConfigError("KAFKA_HEARTBEAT_INTERVAL_MS must be at most a third of KAFKA_SESSION_TIMEOUT_MS")
    if s.kafka_security_protocol.startswith("SASL") and not s.kafka_sasl_mechanism:
        raise ConfigError(f"KAFKA_SECURITY_PROTOCOL={s.kafka_security_protocol} needs KAFKA_SASL_MECHANISM")
    if s.kafka_sasl_mechanism and not (s.kafka_sasl_username and s.kafka_sasl_password):
        raise ConfigError("KAFKA_SASL_MECHANISM is set: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required")
    if s.topic_min_insync_replicas > s.topic_replication:
        raise ConfigError(f"TOPIC_MIN_INSYNC_REPLICAS={s.topic_min_insync_replicas} exceeds "
                          f"TOPIC_REPLICATION={s.topic_replication}: no write could succeed")
    names = [s.raw_topic, s.enriched_topic, s.dlq_topic, s.feeds_topic, s.feed_state_topic,
             *s.cluster_topics.values()]
    if len(set(names)) != len(names):
        raise ConfigError(f"topic names must differ, got {names}")


def describe_settings() -> list[dict[str, Any]]:
    """One row per setting, for the README's configuration reference."""
    return [
        {"env": f.metadata["env"], "default": "" if f.metadata.get("secret") else f.default,
         "help": f.metadata["help"], "secret": f.metadata.get("secret", False)}
        for f in fields(Settings)
    ]
