#!/usr/bin/env bash
# Lints the real scrape MetricsIT wrote (target/metrics-scrape.txt) with Prometheus's own linter:
# naming conventions (base units, _total on counters, no type in names) and format.
# promtool comes with Debian's 'prometheus' package (.ci/run installs it when it can).
#
# One finding is a format artefact, not a problem, and is accepted only where it is one: the
# Prometheus simpleclient behind Micrometer writes a counter's HELP and TYPE under its family name
# (login_etl_messages_stored) and its sample as login_etl_messages_stored_total, the OpenMetrics
# naming Prometheus ingests as one counter. promtool reads the _total sample as a family of its own
# and reports "no help text" for it. Such a line passes only if the scrape has "# HELP <name
# without _total>" and "# TYPE <name without _total> counter"; every other finding fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scrape="${1:-target/metrics-scrape.txt}"
[ -s "$scrape" ] || { echo "no scrape at $scrape: run MetricsIT first (./mvnw verify)" >&2; exit 1; }
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not installed (apt-get install prometheus); skipping the metrics lint" >&2
  [ -z "${CI:-}" ] || exit 1 # CI must lint, not skip
  exit 0
fi
findings="$(promtool check metrics < "$scrape" 2>&1 || true)"
problems=0
while IFS= read -r line; do
  [ -n "$line" ] || continue
  name="${line%% *}"
  family="${name%_total}"
  if [ "$line" = "$name no help text" ] && [ "$family" != "$name" ] \
      && grep -q "^# HELP $family " "$scrape" && grep -q "^# TYPE $family counter$" "$scrape"; then
    continue
  fi
  echo "promtool: $line"
  problems=$((problems + 1))
done <<< "$findings"
if [ "$problems" -gt 0 ]; then
  echo "promtool check metrics: $problems problem(s) in $scrape" >&2
  exit 1
fi
echo "promtool check metrics: $(grep -c '^login_etl_' "$scrape") login_etl_ samples, $(grep -c '^[a-z]' "$scrape") in all, no problems"
