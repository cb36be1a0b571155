package io.loginetl.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's table and JSON line. Rates and CPU are medians over the rounds; ratios are taken
 * within each round (login-etl against the ceiling drained just before or after it) and then their
 * median, with the lowest and highest round beside it, so drift of the machine between rounds does
 * not land in the ratio. Peak RSS is the highest of any round. "w/o-jit" is the CPU ratio without
 * the JIT compiler threads of either process (see {@link ProcStats}).
 */
record Report(int messages, double badShare, int rounds, Map<String, List<Measurement>> results,
              Map<String, List<Double>> requestsPer1000, List<StartupProbe> startups, List<IdleProbe> idle,
              long binaryBytes) {

    static final String CEILING = "queue ceiling";
    /** Not a target: the same drain over login-etl's HTTP client, to show what the client choice alone is worth. */
    static final String APACHE_CEILING = "apache ceiling";

    void print() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("messages", messages);
        json.put("bad_share", badShare);
        json.put("rounds", rounds);
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-17s %8s %20s %11s %20s %11s %20s %8s %9s %10s %10s %7s%n", "median of rounds", "msgs/s",
                "ratio (min-max)", "cpu-ms/msg", "cpu-ratio (min-max)", "jit-ms/msg", "w/o-jit (min-max)", "rss-MB",
                "first-ms", "mq-cpu-ms", "db-cpu-ms", "cs/msg");
        results.forEach((name, runs) -> {
            // Through a delay proxy (" @20ms"), the ratio is to the ceiling at the same round trip.
            int at = name.lastIndexOf(" @");
            List<Measurement> ceiling = results.get(at < 0 ? CEILING : CEILING + name.substring(at));
            List<Double> ratios = paired(runs, ceiling, Measurement::messagesPerSecond);
            List<Double> cpuRatios = paired(runs, ceiling, Measurement::cpuMillisPerMessage);
            List<Double> warmRatios = paired(runs, ceiling, Measurement::warmCpuMillisPerMessage);
            double rate = median(values(runs, Measurement::messagesPerSecond));
            double cpu = median(values(runs, Measurement::cpuMillisPerMessage));
            double jit = median(values(runs, Measurement::jitMillisPerMessage));
            long peakRss = runs.stream().mapToLong(Measurement::peakRssKb).max().orElse(-1);
            long firstRow = Math.round(median(values(runs, Measurement::firstRowMillis)));
            double serverCpu = median(values(runs, Measurement::serverCpuMillisPerMessage));
            double databaseCpu = median(values(runs, Measurement::databaseCpuMillisPerMessage));
            double switches = median(values(runs, Measurement::contextSwitchesPerMessage));
            System.out.printf(Locale.ROOT, "%-17s %8.0f %20s %11.4f %20s %11.4f %20s %8.1f %9s %10.4f %10.4f %7.3f%n", name, rate,
                    spread(ratios), cpu, spread(cpuRatios), jit, spread(warmRatios), peakRss / 1024.0,
                    firstRow < 0 ? "-" : Long.toString(firstRow), serverCpu, databaseCpu, switches);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("msgs_per_s", round(rate));
            entry.put("ratio_to_ceiling", round(median(ratios)));
            entry.put("ratio_to_ceiling_by_round", rounded(ratios));
            entry.put("cpu_ms_per_msg", round(cpu));
            entry.put("cpu_ratio_to_ceiling", round(median(cpuRatios)));
            entry.put("cpu_ratio_to_ceiling_by_round", rounded(cpuRatios));
            entry.put("jit_cpu_ms_per_msg", round(jit));
            entry.put("cpu_ratio_without_jit", round(median(warmRatios)));
            entry.put("cpu_ratio_without_jit_by_round", rounded(warmRatios));
            entry.put("cpu_ms_per_msg_whole_run", round(median(values(runs, m -> m.totalCpuMillis() / (double) messages))));
            entry.put("peak_rss_mb", round(peakRss / 1024.0));
            entry.put("first_row_ms", firstRow);
            entry.put("queue_server_cpu_ms_per_msg", round(serverCpu));
            entry.put("database_cpu_ms_per_msg", round(databaseCpu));
            entry.put("context_switches_per_msg", round(switches));
            entry.put("total_s", round(median(values(runs, m -> m.totalMillis() / 1000.0))));
            List<Double> requests = requestsPer1000.getOrDefault(name, List.of()).stream().filter(d -> !d.isNaN()).toList();
            if (!requests.isEmpty()) {
                entry.put("sqs_requests_per_1000_msgs", round(median(requests)));
                System.out.printf(Locale.ROOT, "%-17s SQS requests per 1,000 messages: %.1f%n", name, median(requests));
            }
            json.put(key(name), entry);
        });
        StartupReport.print(startups, json);
        StartupReport.printIdle(idle, json);
        if (binaryBytes > 0) {
            System.out.printf(Locale.ROOT, "native executable: %.1f MB%n", binaryBytes / 1048576.0);
            json.put("native_binary_mb", round(binaryBytes / 1048576.0));
        }
        System.out.println();
        System.out.println(toJson(json));
    }

    private static List<Double> paired(List<Measurement> runs, List<Measurement> ceiling, ToDoubleFunction<Measurement> metric) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ratios.add(metric.applyAsDouble(runs.get(i)) / metric.applyAsDouble(ceiling.get(i)));
        }
        return ratios;
    }

    private static List<Double> values(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
        return runs.stream().map(metric::applyAsDouble).toList();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static String spread(List<Double> ratios) {
        double min = ratios.stream().mapToDouble(d -> d).min().orElse(Double.NaN);
        double max = ratios.stream().mapToDouble(d -> d).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", median(ratios), min, max);
    }

    private static String key(String name) {
        return name.replace(' ', '_');
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static List<Double> rounded(List<Double> values) {
        return values.stream().map(Report::round).toList();
    }

    private static String toJson(Map<String, Object> map) {
        StringBuilder out = new StringBuilder("{");
        map.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof Map<?, ?> m ? toJson(castMap(m)) : v.toString().replace(" ", "")));
        return out.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
