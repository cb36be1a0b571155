package io.loginetl.commands;

import jakarta.inject.Singleton;

/**
 * What a database command waits for before its first query: the start-up path the pipeline takes
 * (the schema is migrated by Quarkus at start today), never the pipeline itself.
 */
@Singleton
public class CommandStart {

    public void awaitDatabase() throws InterruptedException {
        // Flyway has migrated during Quarkus' start-up; nothing else to wait for.
    }
}
