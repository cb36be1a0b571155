package io.loginetl.startup;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Singleton;

/**
 * Whether the process has been told to stop (SIGTERM). Quarkus' {@link ShutdownEvent} alone cannot say
 * it during start-up: a SIGTERM that arrives while Quarkus itself is still starting (a pod evicted at
 * once) is announced only after the main method returns, so a wait for the database would ignore it
 * for its whole bound. A JVM shutdown hook hears the signal at once, and registering one after
 * shutdown began fails, which says the same thing.
 */
@Singleton
public class StopSignal {

    private final Thread hook = new Thread(this::request, "etl-stop-signal");
    private volatile boolean requested;

    public StopSignal() {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            requested = true;
        }
    }

    private void request() {
        requested = true;
    }

    /** The application stops without a signal too (tests, dev-mode restarts): the hook goes with it. */
    void onStop(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        request();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // The JVM is exiting: the hook runs (or ran) and is harmless.
        }
    }

    public boolean requested() {
        return requested;
    }
}
