package io.loginetl.pipeline;

/** How long the process lives ({@code ETL_MODE}). */
public enum RunMode {
    /** Poll forever and serve health on HTTP: a Deployment. */
    SERVICE,
    /** Process until the queue is empty, then exit 0: a Kubernetes Job or a scale-to-zero run. */
    DRAIN
}
