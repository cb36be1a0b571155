package io.loginetl.it;

import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.it.FaultyHttpProxy.Fault;
import io.loginetl.testsupport.EventGenerator;
import io.loginetl.testsupport.TestInfra;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drain through an SQS that misbehaves on every action: errors it never acted on, replies lost after
 * it did the work (a receive whose messages stay invisible, a delete or dead-letter send that happened),
 * connections reset before and after the work, and replies stalled past the client's socket timeout.
 * Nothing may be lost, nothing stored twice, and the process must ride it out and exit 0 only once the
 * queue is really empty (in-flight messages included). The proxy's counts are asserted too, so the
 * test cannot pass because nothing was injected. Service mode meets the same receive and delete paths;
 * the drain adds the exit decision, which is where lost replies do their damage.
 */
class FaultyQueueIT {

    private static final int MESSAGES = 1_000;
    private static final String RECEIVE = "AmazonSQS.ReceiveMessage";
    private static final String DELETE = "AmazonSQS.DeleteMessageBatch";
    private static final String DEAD_LETTER = "AmazonSQS.SendMessageBatch";

    /**
     * @param sdkRetries {@code on}: the SDK's own retries (production's default) absorb most faults, so what
     *                   reaches login-etl is mostly the work done behind a lost reply (a delete retried into
     *                   ReceiptHandleIsInvalid, a dead-letter send made twice); {@code off}
     *                   ({@code AWS_MAX_ATTEMPTS=1}): every fault reaches login-etl's own retry, failed deletes
     *                   and dead-letter sends included, so messages are redelivered and must still land once.
     */
    @ParameterizedTest(name = "SDK retries {0}")
    @ValueSource(strings = {"on", "off"})
    void drainThroughAMisbehavingQueueLosesAndDoublesNothing(String sdkRetries) throws Exception {
        TestInfra infra = TestInfra.create();
        List<String> events = EventGenerator.generate(MESSAGES, 0.05, 11);
        List<String> valid = EndState.validUserIds(events);
        int bad = EndState.badBodies(events).size();
        infra.send(events); // straight to ElasticMQ: only the application goes through the proxy

        // One request in ten of every action misbehaves, the kinds in turn; three stalls in all.
        FaultPlan plan = new FaultPlan(11, 10, List.of(Fault.ERROR_500, Fault.LOST_REPLY, Fault.RESET_BEFORE,
                Fault.ERROR_503, Fault.RESET_AFTER, Fault.STALL), 3);
        Path log = Path.of("target/it-logs/faulty-queue-sdk-retries-" + sdkRetries + ".log");
        int exitCode;
        long started = System.nanoTime();
        try (FaultyHttpProxy proxy = new FaultyHttpProxy(EmbeddedServers.sqsPort(), plan, Duration.ofSeconds(10))) {
            Map<String, String> env = proxy.route(infra.environment(), EmbeddedServers.sqsPort());
            env.put("ETL_MODE", "drain");
            env.put("QUARKUS_SQS_SYNC_CLIENT_SOCKET_TIMEOUT", "3s"); // a stall is a timeout, not a hang
            env.put("ETL_DRAIN_WAIT_TIME", "1s");
            // Messages of a lost receive come back after this, yet later than the last visible one is received
            // (1,000 messages take 1-3 s), so a drain that only waits for visible messages ends without them.
            env.put("ETL_RECEIVE_VISIBILITY_TIMEOUT", "8s");
            env.put("ETL_RETRY_MAX_BACKOFF", "1s");
            if (sdkRetries.equals("off")) {
                env.put("AWS_MAX_ATTEMPTS", "1");
            }
            Process app = PackagedApp.start(env, log);
            if (!app.waitFor(120, TimeUnit.SECONDS)) {
                app.destroyForcibly();
                throw new AssertionError("the drain did not end within 120 s through the faulty proxy; see " + log
                        + "; proxy: " + proxy.summary());
            }
            exitCode = app.exitValue();
            System.out.printf("drain through the faulty proxy, SDK retries %s: exit %d after %d ms; proxy: %s%n",
                    sdkRetries, exitCode, (System.nanoTime() - started) / 1_000_000, proxy.summary());

            assertThat(proxy.count(Fault.NONE)).as("requests passed through: the drain ran at all").isPositive();
            SoftAssertions injected = new SoftAssertions();
            for (Fault fault : Fault.values()) {
                injected.assertThat(proxy.count(fault)).as("requests given %s (%s)", fault, proxy.summary()).isPositive();
            }
            for (String action : List.of(RECEIVE, DELETE, DEAD_LETTER)) {
                injected.assertThat(Stream.of(Fault.values()).filter(f -> f != Fault.NONE).mapToLong(f -> proxy.count(action, f)).sum())
                        .as("%s requests that misbehaved", action).isPositive();
            }
            for (String action : List.of(RECEIVE, DELETE)) {
                injected.assertThat(proxy.count(action, Fault.LOST_REPLY) + proxy.count(action, Fault.RESET_AFTER))
                        .as("%s requests whose work was done and the reply lost", action).isPositive();
            }
            injected.assertAll();
        }

        EndState end = EndState.of(infra);
        System.out.printf("dead-letter queue: %d messages for %d source ids%n", end.deadLettered().size(),
                end.deadLetteredSourceIds().size());
        Map<String, Long> drained = AppLog.counters(log, "drained: ");
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(exitCode).as("exit code (%s)", log).isZero();
        if (sdkRetries.equals("off")) {
            // Else AWS_MAX_ATTEMPTS was ignored (say, a client built at image build time) and this case repeats "on".
            softly.assertThat(Files.readString(log).contains("injected by FaultyHttpProxy"))
                    .as("login-etl's own log names an injected error (%s)", log).isTrue();
        }
        softly.assertThat(drained).as("'drained:' line (%s)", log).containsKeys("stored", "rejected");
        softly.assertThat(List.of(end.visible(), end.inFlight())).as("source queue at exit: visible, in flight"
                + " (in flight: received, reply lost, not yet back: the drain ended too early)").containsExactly(0L, 0L);
        softly.assertThat(end.rowProblems(valid)).as("rows against the %d valid events", valid.size()).isEmpty();
        softly.assertThat(drained.get("stored")).as("stored= of the drained line").isEqualTo(valid.size());
        softly.assertThat(end.rejections().size()).as("etl_rejections rows").isEqualTo(bad);
        // A dead-letter send whose reply was lost is sent again: the DLQ may hold a body twice, never none.
        softly.assertThat(end.deadLetteredSourceIds()).as("source message ids in the dead-letter queue are those of etl_rejections")
                .isEqualTo(new TreeSet<>(end.rejections().keySet()));
        softly.assertAll();
    }
}
