package io.loginetl.health;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

@QuarkusTest
class HealthTest {

    private static final int LATER_S = 3;
    private static final int WITHIN_S = 15;
    /**
     * HTTP answers before the start-up sequence has reached the database and the pipeline has
     * started (readiness is DOWN meanwhile, by design); a loaded CI machine stretches that gap.
     */
    private static final Duration STARTED_WITHIN = Duration.ofSeconds(60);

    @Test
    void readyWhenDatabaseAndQueueAnswer() {
        await().atMost(STARTED_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().when().get("/q/health/ready").then()
                        .statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.name", hasItems("sqs-queue", "database")));
    }

    /**
     * The receivers beat about once a second here (test long polls are 1 s). A check that reads the
     * beat reports a small silence again and again; one that read a beat taken once at start would
     * only grow. So, once the pipeline runs: wait until at least {@value #LATER_S} s after its first
     * answer, then some answer within the next {@value #WITHIN_S} s must report at most one second of
     * silence. A loaded CI machine may stretch a single gap to several seconds, which this tolerates.
     * The stall rule itself is unit-tested in {@link LivenessCheckTest}.
     */
    @Test
    void liveAndTheReceiversBeatWhileThePipelineRuns() throws InterruptedException {
        await().atMost(STARTED_WITHIN).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                live().body("checks.find { it.name == 'pipeline' }.data.held", greaterThanOrEqualTo(0)));
        long first = System.nanoTime();
        Thread.sleep(Math.max(0, Duration.ofSeconds(LATER_S).minusNanos(System.nanoTime() - first).toMillis()));
        await().atMost(Duration.ofSeconds(WITHIN_S)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                live().body("checks.find { it.name == 'pipeline' }.data.seconds-since-receiver-beat",
                        lessThanOrEqualTo(1)));
    }

    private static ValidatableResponse live() {
        return given().when().get("/q/health/live").then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }
}
