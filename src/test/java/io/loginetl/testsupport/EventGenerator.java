package io.loginetl.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Deterministic exercise-shaped events with a given share of bad ones (junk, non-JSON, invalid IP). */
public final class EventGenerator {

    private static final String[] TYPES = {"android", "ios", "web"};
    private static final String[] LOCALES = {"RU", "US", "DE", "FR", "IN", null};
    private static final String[] VERSIONS = {"2.3.0", "3.7", "0.96", "1.0.1", "5"};
    private static final String[] BAD = {"{\"foo\":\"oops_wrong_msg_type\",\"bar\":\"123\"}", "not json at all",
            "{\"user_id\":\"u\",\"ip\":\"300.1.1.1\",\"device_id\":\"d\"}"};

    private EventGenerator() {
    }

    /** @return the bodies; every {@code 1/badShare}-th one is bad (none for a share of 0) */
    public static List<String> generate(int count, double badShare, long seed) {
        Random random = new Random(seed);
        int badEvery = badShare <= 0 ? Integer.MAX_VALUE : (int) Math.round(1 / badShare);
        List<String> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if ((i + 1) % badEvery == 0) {
                bodies.add(BAD[i % BAD.length]);
                continue;
            }
            String ip = i % 5 == 0
                    ? String.format("2001:db8:%x::%x", random.nextInt(0xffff), random.nextInt(0xffff))
                    : (1 + random.nextInt(254)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
            String locale = LOCALES[random.nextInt(LOCALES.length)];
            bodies.add("{\"user_id\":\"" + new UUID(random.nextLong(), random.nextLong())
                    + "\",\"app_version\":\"" + VERSIONS[random.nextInt(VERSIONS.length)]
                    + "\",\"device_type\":\"" + TYPES[random.nextInt(TYPES.length)]
                    + "\",\"ip\":\"" + ip
                    + "\",\"locale\":" + (locale == null ? "null" : "\"" + locale + "\"")
                    + ",\"device_id\":\"" + (100 + random.nextInt(900)) + "-" + (10 + random.nextInt(90)) + "-"
                    + (1000 + random.nextInt(9000)) + "\"}");
        }
        return bodies;
    }

    public static long badCount(int count, double badShare) {
        if (badShare <= 0) {
            return 0;
        }
        int badEvery = (int) Math.round(1 / badShare);
        return count / badEvery;
    }
}
