package io.loginetl.ingest;

import java.util.Optional;

/** The resolved queue URLs: configured in production, created locally in dev and test. */
public record QueueTargets(String source, Optional<String> deadLetter) {
}
