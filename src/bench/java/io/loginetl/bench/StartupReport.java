package io.loginetl.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The start-up table, and the same figures in each form's entry of the JSON line ({@code start_*}
 * keys beside the drain's figures, so a regression in either shows in one place). See
 * {@link StartupProbe} for what each column measures.
 */
final class StartupReport {

    private StartupReport() {
    }

    static void print(List<StartupProbe> startups, Map<String, Object> json) {
        if (startups.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.printf("%-22s %9s %11s %11s %10s %9s %9s %12s %9s%n", "start-up (median)", "first-row", "+mig-check",
                "+mig-create", "burst-ms", "burst-MB", "ready-ms", "ready+mig", "idle-MB");
        for (StartupProbe s : startups) {
            System.out.printf(Locale.ROOT, "%-22s %9d %11d %11d %10d %9.1f %9d %12d %9.1f%n", s.name(), s.firstRowMillis(),
                    s.firstRowMigrateCheckMillis(), s.firstRowFreshSchemaMillis(), s.burstMillis(),
                    s.burstPeakRssKb() / 1024.0, s.readyMillis(), s.readyFreshSchemaMillis(), s.idleRssKb() / 1024.0);
            Map<String, Object> entry = entry(json, s.name().replace(' ', '_'));
            entry.put("start_first_row_ms", s.firstRowMillis());
            entry.put("start_first_row_migrate_check_ms", s.firstRowMigrateCheckMillis());
            entry.put("start_first_row_fresh_schema_ms", s.firstRowFreshSchemaMillis());
            entry.put("start_burst_" + StartupProbe.BURST + "_ms", s.burstMillis());
            entry.put("start_burst_peak_rss_mb", mb(s.burstPeakRssKb()));
            entry.put("start_ready_ms", s.readyMillis());
            entry.put("start_ready_fresh_schema_ms", s.readyFreshSchemaMillis());
            entry.put("idle_rss_mb", mb(s.idleRssKb()));
        }
        System.out.println("first-row: exec -> first row stored, migrations run before (ETL_MODE=migrate);"
                + " +mig-check / +mig-create: migrate at start on a current / an empty schema;");
        System.out.println("burst: exec -> exit draining " + StartupProbe.BURST + " messages (peak RSS beside);"
                + " ready: exec -> /q/health/ready 200 (+mig: migrating an empty schema at start)");
    }

    static void printIdle(List<IdleProbe> idle, Map<String, Object> json) {
        for (IdleProbe probe : idle) {
            System.out.printf(Locale.ROOT, "%nidle service (%s, empty queue, %.0f s): %.1f SQS requests per minute %s%n",
                    probe.name(), probe.seconds(), probe.perMinute(), probe.perMinuteByAction());
            Map<String, Object> entry = entry(json, probe.name().replace(' ', '_'));
            entry.put("idle_sqs_requests_per_min", Math.round(probe.perMinute() * 10) / 10.0);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entry(Map<String, Object> json, String key) {
        return (Map<String, Object>) json.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    private static double mb(long kb) {
        return Math.round(kb / 1024.0 * 10) / 10.0;
    }
}
