-- The SQS MessageId makes every write idempotent: a redelivered message hits the unique index and
-- is skipped (INSERT ... ON CONFLICT (message_id) DO NOTHING). Rows that existed before this
-- project keep a NULL message_id; a unique index admits any number of NULLs.
ALTER TABLE user_logins ADD COLUMN IF NOT EXISTS message_id varchar(128);
CREATE UNIQUE INDEX IF NOT EXISTS user_logins_message_id_key ON user_logins (message_id);
