-- The exercise's table, exactly as users may already have it. IF NOT EXISTS lets Flyway adopt an
-- existing database (baseline-on-migrate at version 0), so this runs on both fresh and old schemas.
CREATE TABLE IF NOT EXISTS user_logins (
    user_id          varchar(128),
    device_type      varchar(32),
    masked_ip        varchar(256),
    masked_device_id varchar(256),
    locale           varchar(32),
    app_version      integer,
    create_date      date
);
