#!/bin/bash
# LocalStack "ready" hook for docker-compose.yml. It creates the queues login-etl drains and seeds
# them with the sample events.
#
# docker-compose.yml mounts it into /etc/localstack/init/ready.d/, so LocalStack runs it inside
# its container once SQS answers. LocalStack (without PERSISTENCE) keeps queues in memory, so each
# start of the container begins empty and runs this script again.
#
# It sets up what the app's dev profile (io.loginetl.devinfra.DevQueues) creates for quarkus:dev:
# the same queue names, the same redrive policy, the same sample file. A compose run and a dev-mode
# run therefore see the same data. Queues are infrastructure: in production they come from the
# infrastructure code, never from login-etl.
#
# The compose healthcheck reports LocalStack healthy only after this script has exited 0. So any
# failure here (set -e) stops login-etl from starting against half-seeded queues, and
# `docker compose up` reports the localstack container as unhealthy.
#
# Settings (environment, all optional):
#   SAMPLE_EVENTS_FILE  one message body per line   (default /opt/login-etl/sample-events.jsonl)
#   LOGIN_QUEUE_NAME    source queue; DLQ gets -dlq  (default login-queue)
#   AWSLOCAL_CMD        the AWS CLI to call          (default awslocal; e.g.
#                       "aws --endpoint-url http://127.0.0.1:9324" to run this script against
#                       another SQS endpoint outside the container)
set -euo pipefail

# LocalStack 4 no longer gives init hooks default credentials. Access key "test" is LocalStack's
# default account 000000000000, the account in ETL_QUEUE_URL and in the app's static credentials.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"

sample_file="${SAMPLE_EVENTS_FILE:-/opt/login-etl/sample-events.jsonl}"
queue_name="${LOGIN_QUEUE_NAME:-login-queue}"
read -r -a aws <<< "${AWSLOCAL_CMD:-awslocal}"

log() { echo "init-sqs: $*"; }

if [[ ! -r "$sample_file" ]]; then
    log "cannot read $sample_file: is the sample file mounted?" >&2
    exit 1
fi

# Dead-letter queue first: the source queue's redrive policy names the DLQ by ARN.
dlq_url=$("${aws[@]}" sqs create-queue --queue-name "${queue_name}-dlq" --query QueueUrl --output text)
dlq_arn=$("${aws[@]}" sqs get-queue-attributes --queue-url "$dlq_url" \
    --attribute-names QueueArn --query Attributes.QueueArn --output text)

# After 5 failed receives SQS itself moves a message to the DLQ. That covers poison messages the app
# can't even reject (it crashes, or the database stays down). The app also moves the bodies it
# rejects there itself (ETL_DEAD_LETTER_QUEUE_URL).
# RedrivePolicy is a JSON document inside a JSON string attribute, so its quotes are escaped once.
# An ARN has no quotes or backslashes, so printf can't produce invalid JSON here.
redrive_policy=$(printf '{"deadLetterTargetArn":"%s","maxReceiveCount":"5"}' "$dlq_arn")
queue_attributes=$(printf '{"RedrivePolicy":"%s"}' "${redrive_policy//\"/\\\"}")
queue_url=$("${aws[@]}" sqs create-queue --queue-name "$queue_name" \
    --attributes "$queue_attributes" --query QueueUrl --output text)

# One send-message per line, body passed as a single quoted argument. No shell re-parsing and no
# JSON re-encoding: quotes, backslashes and non-JSON lines reach the queue byte for byte, and the
# app sees exactly what a producer would send.
# `read -r` keeps backslashes; IFS= keeps leading and trailing blanks (some sample device ids
# have them on purpose); the `|| [[ -n ]]` test still sends a last line that has no newline.
sent=0
line_no=0
while IFS= read -r line || [[ -n "$line" ]]; do
    line_no=$((line_no + 1))
    line="${line%$'\r'}"                    # a Windows (CRLF) checkout
    [[ -z "${line//[[:space:]]/}" ]] && continue   # blank lines aren't events (DevQueues skips them too)
    # The AWS CLI reads a parameter value that starts with file://, fileb:// (or, for CLI v1,
    # http(s)://) from that location instead of sending it. Stop rather than send the wrong body.
    if [[ "$line" =~ ^(file|fileb|https?):// ]]; then
        log "line $line_no starts with a URL scheme the AWS CLI would dereference; not sending it" >&2
        exit 1
    fi
    # The --opt=value form, so a body that starts with '-' is never taken for an option.
    "${aws[@]}" sqs send-message --queue-url "$queue_url" --message-body="$line" \
        --query MessageId --output text > /dev/null
    sent=$((sent + 1))
done < "$sample_file"

log "created $queue_url (redrive to $dlq_arn after 5 receives) and sent $sent messages from $sample_file"
