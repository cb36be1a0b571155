package io.loginetl;

import io.loginetl.pipeline.DrainProfile;
import io.loginetl.testsupport.SampleEvents;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The real entry point in drain mode: runs to the end of the queue, prints the summary, exits 0. */
@QuarkusMainTest
@TestProfile(DrainProfile.class)
class LoginEtlMainTest {

    @Test
    @Launch(value = {}, exitCode = 0)
    void drainModeExitsZeroWithOneSummaryLine(LaunchResult result) {
        assertThat(result.getOutput()).containsPattern("drained: stored=\\d+ duplicates=\\d+ rejected=\\d+ in \\d+\\.\\ds");
        for (String pii : SampleEvents.rawPii()) {
            assertThat(result.getOutput()).doesNotContain(pii);
        }
    }
}
