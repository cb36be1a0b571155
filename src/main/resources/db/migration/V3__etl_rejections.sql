-- A PII-free record of every rejected message: its id, a reason code from our fixed vocabulary
-- (e.g. 'invalid_ip', 'missing_field:user_id'), and when it was seen. The body itself only ever
-- lives in the source and dead-letter queues.
CREATE TABLE IF NOT EXISTS etl_rejections (
    message_id        varchar(128) PRIMARY KEY,
    reason            varchar(64)  NOT NULL,
    receive_count     integer      NOT NULL,
    first_rejected_at timestamptz  NOT NULL,
    last_rejected_at  timestamptz  NOT NULL
);
