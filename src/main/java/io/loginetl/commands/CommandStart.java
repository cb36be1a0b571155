package io.loginetl.commands;

import io.loginetl.startup.StartupSequence;
import jakarta.inject.Singleton;

/**
 * What a database command waits for before its first query: the start-up path the pipeline takes
 * ({@link StartupSequence}: the database waited for within {@code etl.startup.database-timeout}, then
 * migrated unless {@code QUARKUS_FLYWAY_MIGRATE_AT_START=false}), never the pipeline itself. Quarkus'
 * own migrate-at-start is off, so without this a command on a fresh database met no tables.
 */
@Singleton
public class CommandStart {

    private final StartupSequence startup;

    public CommandStart(StartupSequence startup) {
        this.startup = startup;
    }

    public void awaitDatabase() throws InterruptedException {
        startup.prepareForCommand();
    }
}
