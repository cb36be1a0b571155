package io.loginetl.it;

import io.loginetl.devinfra.EmbeddedServers;
import io.loginetl.testsupport.EventGenerator;
import io.loginetl.testsupport.TestInfra;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drain at a real SQS endpoint's round trip (a proxy adds 10 ms each way), with default settings:
 * every valid message lands exactly once, and the receivers grew past where they start, which is what
 * keeps up at that latency. The proxy counts requests by action, so the test also sees that receives
 * were not multiplied beyond what the messages need. How fast it went is the benchmark's business
 * ({@code BENCH_RTT}), not this test's.
 */
class DelayedQueueIT {

    private static final int MESSAGES = 3_000;
    private static final String RECEIVE = "AmazonSQS.ReceiveMessage";

    @Test
    void drainAtATwentyMillisecondRoundTripLandsEveryMessageOnceWithMoreReceiversInFlight() throws Exception {
        TestInfra infra = TestInfra.create();
        List<String> events = EventGenerator.generate(MESSAGES, 0.02, 23);
        List<String> valid = EndState.validUserIds(events);
        int bad = EndState.badBodies(events).size();
        infra.send(events); // straight to ElasticMQ: only the application pays the delay
        Path log = Path.of("target/it-logs/delayed-queue.log");
        int exitCode;
        try (FaultyHttpProxy proxy = FaultyHttpProxy.delaying(EmbeddedServers.sqsPort(), Duration.ofMillis(10))) {
            Map<String, String> env = proxy.route(infra.environment(), EmbeddedServers.sqsPort());
            env.put("ETL_MODE", "drain");
            Process app = PackagedApp.start(env, log);
            if (!app.waitFor(180, TimeUnit.SECONDS)) {
                app.destroyForcibly();
                throw new AssertionError("the drain did not end within 180 s through a 20 ms proxy; see " + log
                        + "; proxy: " + proxy.summary());
            }
            exitCode = app.exitValue();
            System.out.printf("drain through a 20 ms round trip: exit %d; most receives at once %d; requests %s%n",
                    exitCode, proxy.mostAtOnce(RECEIVE), proxy.requestsByAction());
            assertThat(exitCode).as("exit code (%s)%s", log, AppLog.errors(log, 10)).isZero();
            // Two receivers start; eight, the old fixed default, fell to 0.4 x the loopback rate at this latency.
            assertThat(proxy.mostAtOnce(RECEIVE)).as("most receives on the wire at once").isGreaterThan(8);
            // Ten messages a receive, plus the empty ones that end the drain and receives cut short by the
            // window: at most twice the minimum means growth did not turn into polls that come back empty.
            assertThat(proxy.requestsByAction().get(RECEIVE)).as("receive requests for %d messages", MESSAGES)
                    .isLessThanOrEqualTo(2L * MESSAGES / 10 + 100);
        }
        EndState end = EndState.of(infra);
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(List.of(end.visible(), end.inFlight())).as("source queue at exit: visible, in flight")
                .containsExactly(0L, 0L);
        softly.assertThat(end.rowProblems(valid)).as("rows against the %d valid events", valid.size()).isEmpty();
        softly.assertThat(end.rejections().size()).as("etl_rejections rows").isEqualTo(bad);
        softly.assertThat(end.deadLetteredSourceIds()).as("dead-lettered source ids")
                .isEqualTo(new TreeSet<>(end.rejections().keySet()));
        softly.assertAll();
    }
}
