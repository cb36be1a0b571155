package io.loginetl.health;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
class HealthTest {

    @Test
    void readyWhenDatabaseAndQueueAnswer() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("sqs-queue", "database"));
    }

    @Test
    void liveWhilePollLoopBeats() {
        given().when().get("/q/health/live").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("pipeline"));
    }
}
