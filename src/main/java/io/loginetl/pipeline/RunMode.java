package io.loginetl.pipeline;

/** How long the process lives ({@code ETL_MODE}). */
public enum RunMode {
    /** Poll forever and serve health on HTTP: a Deployment. */
    SERVICE,
    /** Process until the queue is empty, then exit 0: a Kubernetes Job or a scale-to-zero run. */
    DRAIN,
    /**
     * Wait for the database, apply the migrations, exit 0: a pre-deploy Job, so the workloads can
     * run with {@code QUARKUS_FLYWAY_MIGRATE_AT_START=false} and a user without CREATE rights.
     */
    MIGRATE
}
