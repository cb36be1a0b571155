package io.loginetl.it;

import io.loginetl.testsupport.SampleEvents;
import io.loginetl.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged application as shipped, without a flag: a drain works and states its heap cap. The
 * native executable carries its own cap (quarkus.native.additional-build-args in
 * application.properties), far below a share of this machine's memory, and a runtime {@code -Xmx}
 * still replaces it.
 */
class HeapDefaultsIT {

    /** The native executable's built-in heap cap (application.properties, -R:MaxHeapSize). */
    private static final long NATIVE_CAP_MB = 64;
    private static final Pattern HEAP = Pattern.compile("heap at most (\\d+) MB");

    @Test
    void aDrainWithoutFlagsStoresEveryRowAndStatesItsHeapCap() throws Exception {
        TestInfra infra = TestInfra.create();
        List<String> events = SampleEvents.validEvents().stream().limit(25).map(Object::toString).toList();
        infra.send(events);

        PackagedApp.Result result = PackagedApp.run(drain(infra), 120);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(EndState.rows(infra)).isEqualTo(events.size());
        long heapMb = heapMb(result.output());
        assertThat(heapMb).isPositive();
        if (PackagedApp.isNative()) {
            // Without the built-in default, SubstrateVM takes 80 % of physical memory (gigabytes here).
            assertThat(heapMb).as("built-in heap cap").isBetween(NATIVE_CAP_MB - 8, NATIVE_CAP_MB);
        }
    }

    @Test
    void aRuntimeXmxOverridesTheNativeDefault() throws Exception {
        assumeTrue(PackagedApp.isNative(), "a JVM takes -Xmx before -jar, not as an argument of the application");
        TestInfra infra = TestInfra.create();

        PackagedApp.Result result = PackagedApp.run(List.of("-Xmx200m"), drain(infra), 120);

        assertThat(result.exitCode()).as(result.output()).isZero(); // an empty queue: nothing to store
        assertThat(heapMb(result.output())).isBetween(190L, 200L);
    }

    private static Map<String, String> drain(TestInfra infra) {
        Map<String, String> env = new HashMap<>(infra.environment());
        env.put("ETL_MODE", "drain");
        return env;
    }

    private static long heapMb(String output) {
        Matcher m = HEAP.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return Long.parseLong(m.group(1));
    }
}
