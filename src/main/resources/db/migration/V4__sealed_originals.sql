-- Recoverable PII (docs/pii-recovery.md). Every new column is nullable: rows written before this
-- version, or by a service without a sealing keyset, simply have none, and a user's pre-existing
-- user_logins gains the columns without any row changing.
--   mask_key_id       which fingerprint key made masked_ip/masked_device_id (a non-secret id of the key)
--   seal_batch_id     the write batch whose data key sealed this row's originals (etl_seal_batches.id)
--   sealed_ip/_device_id  AES-256-GCM of the canonical originals under that data key, bound to
--                     message_id and column; only the holder of the private keyset can open them
--   erased_at         set by 'erase': the row stays as an anonymous tombstone so a redelivery of its
--                     message is still recognised and not stored again
ALTER TABLE user_logins
    ADD COLUMN IF NOT EXISTS mask_key_id varchar(32),
    ADD COLUMN IF NOT EXISTS seal_batch_id uuid,
    ADD COLUMN IF NOT EXISTS sealed_ip bytea,
    ADD COLUMN IF NOT EXISTS sealed_device_id bytea,
    ADD COLUMN IF NOT EXISTS erased_at timestamptz;

-- One row per write batch: its data key, hybrid-encrypted (HPKE) with the public keyset and the
-- batch id as context info, stored once instead of once per row. keyset_key_id is the public
-- keyset's primary key that sealed it, so 'rekey' finds batches sealed under a retired key.
CREATE TABLE IF NOT EXISTS etl_seal_batches (
    id            uuid        PRIMARY KEY,
    sealed_key    bytea       NOT NULL,
    keyset_key_id bigint      NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Who read or changed personal data, when and why: one row per reveal, lookup, erase and re-keyed
-- batch, written in the same transaction as the read or change. Never a plaintext value: message
-- ids, counts, and for an erasure the HMAC of the user id (subject_fingerprint) instead of the id.
CREATE TABLE IF NOT EXISTS etl_pii_access (
    id                  bigserial     PRIMARY KEY,
    accessed_at         timestamptz   NOT NULL DEFAULT now(),
    action              varchar(16)   NOT NULL CHECK (action IN ('reveal', 'lookup', 'rekey', 'erase')),
    requester           varchar(128)  NOT NULL,
    reason              varchar(1000) NOT NULL,
    row_count           integer       NOT NULL,
    message_ids         varchar(128)[],
    subject_fingerprint varchar(64),
    database_user       name          NOT NULL DEFAULT current_user
);

-- Append-only: an audit trail that its readers could edit would prove nothing. The trigger stops
-- the application's own role; the table's owner can still drop it, so production runs the
-- commands under a role that may only INSERT and SELECT here (docs/pii-recovery.md).
CREATE OR REPLACE FUNCTION etl_pii_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'etl_pii_access is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER etl_pii_access_no_update_or_delete BEFORE UPDATE OR DELETE ON etl_pii_access
    FOR EACH ROW EXECUTE FUNCTION etl_pii_access_append_only();
CREATE TRIGGER etl_pii_access_no_truncate BEFORE TRUNCATE ON etl_pii_access
    FOR EACH STATEMENT EXECUTE FUNCTION etl_pii_access_append_only();
