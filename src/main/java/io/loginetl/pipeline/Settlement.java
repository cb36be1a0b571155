package io.loginetl.pipeline;

/** How the pipeline finished with one received message; every message gets exactly one. */
public enum Settlement {
    /** Its row was new; the message was deleted (or its delete attempted). */
    STORED,
    /** Its row was already there (a redelivery); deleted like a stored one. */
    DUPLICATE,
    /** Invalid; moved to the dead-letter queue and deleted from the source. */
    DEAD_LETTERED,
    /** Invalid and not moved (no dead-letter queue, or the move failed): left for the queue's redrive policy. */
    LEFT_FOR_REDRIVE,
    /** Validation or masking threw (a bug, not bad input): left in the queue to come back. */
    FAILED_PROCESSING,
    /** Still unsettled when a stop ran out of time: given back to the queue. */
    ABANDONED
}
