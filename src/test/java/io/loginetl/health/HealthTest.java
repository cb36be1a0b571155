package io.loginetl.health;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

@QuarkusTest
class HealthTest {

    @Test
    void readyWhenDatabaseAndQueueAnswer() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("sqs-queue", "database"));
    }

    /**
     * The receivers beat at least once a second (test long polls are 1 s), so a check that reads the
     * beat, not merely answers UP, reports a silence of at most a couple of seconds.
     * The stall rule itself is unit-tested in {@link LivenessCheckTest}.
     */
    @Test
    void liveAndTheReceiversBeatWhileThePipelineRuns() {
        given().when().get("/q/health/live").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'pipeline' }.data.seconds-since-receiver-beat", lessThanOrEqualTo(2))
                .body("checks.find { it.name == 'pipeline' }.data.held", greaterThanOrEqualTo(0));
    }
}
