#!/usr/bin/env bash
# Validates docker-compose.yml with a real Compose implementation. It needs no container engine,
# so it runs on machines and CI runners where `docker compose up` can't.
#
#   src/test/compose/validate-compose.sh
#
# `config -q` parses the file, applies interpolation and checks it against Compose's schema
# (an unknown or misspelt key fails), but starts nothing. It uses `docker compose` (v2 plugin) if
# present, otherwise `docker-compose` (v1; Debian bookworm's package is 1.29.2:
# `apt-get install docker-compose`). With neither it prints SKIPPED and exits 0, so a machine
# without Compose doesn't fail a build over a tool it lacks.
#
# Schema validation can't tell whether the files the compose file mounts exist and work, so the
# script also checks those (LocalStack runs only executable init scripts that parse).
set -euo pipefail
cd "$(dirname "$0")/../../.."

compose_file=docker-compose.yml

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
else
    echo "SKIPPED: no compose implementation"
    exit 0
fi

"${compose[@]}" -f "$compose_file" config -q

services=$("${compose[@]}" -f "$compose_file" config --services | sort | tr '\n' ' ')
if [[ "$services" != "localstack login-etl postgres " ]]; then
    echo "FAIL: expected services localstack, login-etl, postgres; found: $services" >&2
    exit 1
fi

init_script=deploy/localstack/init-sqs.sh
for mounted in "$init_script" src/main/resources/dev/sample-events.jsonl \
               src/main/docker/Dockerfile.native-multistage; do
    [[ -f "$mounted" ]] || { echo "FAIL: $compose_file refers to missing $mounted" >&2; exit 1; }
done
[[ -x "$init_script" ]] || { echo "FAIL: $init_script is not executable; LocalStack would not run it" >&2; exit 1; }
bash -n "$init_script"

echo "OK: $compose_file is valid ($("${compose[@]}" version --short 2>/dev/null || echo "${compose[*]}"))"
