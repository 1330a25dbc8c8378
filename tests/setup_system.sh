#!/usr/bin/env bash
# System packages the test suite uses: Prometheus (server + promtool), kcat,
# docker-compose (only its engine-free `config` validation), and a Java 17 runtime
# with Maven for the single-node Apache Kafka (tests/apache_kafka.py fetches the
# broker's jars from Maven Central into ~/.cache/wire-ingest).
# Installs them with apt-get when missing and we are root; otherwise the tests
# that need them skip with a message saying so.
set -euo pipefail
need=()
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v kcat >/dev/null 2>&1 || need+=(kcat)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_system: missing ${need[*]} and cannot apt-get install; dependent tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
