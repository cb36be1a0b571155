#!/usr/bin/env bash
# Throughput benchmark: queue ceiling vs login-etl (JVM, and native when target/*-runner exists).
# Usage: scripts/benchmark.sh [messages=100000] [bad-share=0.01] [rounds=3]
# BENCH_SEALING=on|off|both: login-etl seals with the dev keyset (on, default), does not (off), or both in every round.
# BENCH_ETL_JVM_OPTS adds flags to login-etl's JVM only (e.g. -XX:StartFlightRecording=filename=etl.jfr).
# The native executable runs as built, without flags; BENCH_NATIVE_OPTS adds some (e.g. -Xmx128m).
# BENCH_NATIVE_BASELINE=<executable> (+ BENCH_NATIVE_BASELINE_OPTS) drains and starts in every round too: a paired before/after.
# BENCH_JVM_BASELINE=<quarkus-run.jar> does the same for another build's JVM form (same flags as login-etl JVM).
# BENCH_RTT=0,20,50 drains through a proxy adding that round trip (ms) and counts SQS requests per 1,000 messages.
# BENCH_CEILING_THREADS (default 8): the ceilings' threads (receive + delete loops on one client).
# BENCH_ETL_RECEIVE_CONCURRENCY fixes login-etl's receiver maximum (default: its own, adaptive).
# BENCH_IDLE_SECONDS (default 60; 0 skips): the idle service's SQS requests per minute over that period, empty queue.
# BENCH_STARTUP_ONLY=1: only the start-up probes (first row, ready, burst, RSS); the first argument is then the rounds.
# Starts its own ElasticMQ and PostgreSQL (the embedded ones the tests use), drains fresh queues in
# every round (alternating which drainer goes first) and prints medians as a table and a JSON line.
set -euo pipefail
cd "$(dirname "$0")/.."
# -Pbench compiles src/bench/java into target/bench-classes (see the profile in pom.xml).
./mvnw -B -q -ntp package -DskipTests -Pbench
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
main=io.loginetl.bench.ThroughputBenchmark
[ -n "${BENCH_STARTUP_ONLY:-}" ] && main=io.loginetl.bench.StartupBenchmark
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/bench-classes:target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  "$main" "$@"
