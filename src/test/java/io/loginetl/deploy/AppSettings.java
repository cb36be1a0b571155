package io.loginetl.deploy;

import io.loginetl.config.EtlConfig;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables login-etl reads: every {@code ETL_*} one derived from
 * {@link EtlConfig} (with its default), and the {@code QUARKUS_*} ones the README's
 * configuration table names, so a manifest cannot set a variable nothing reads.
 */
final class AppSettings {

    private static final Pattern README_NAME = Pattern.compile("`(QUARKUS_[A-Z0-9_]+|_[A-Z0-9_]+)`");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** {@code ETL_*} variable -> its default ({@code null} when it has none). */
    static final Map<String, String> ETL = etlVariables();

    private AppSettings() {
    }

    static Set<String> known() throws IOException {
        Set<String> known = new HashSet<>(ETL.keySet());
        known.addAll(readmeQuarkusVariables());
        return known;
    }

    /**
     * The README writes some names in short after a full one ({@code QUARKUS_DATASOURCE_JDBC_URL},
     * {@code _USERNAME}): a short one may follow any leading part of the name before it.
     */
    static Set<String> readmeQuarkusVariables() throws IOException {
        Set<String> names = new HashSet<>();
        String last = null;
        Matcher m = README_NAME.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            String token = m.group(1);
            if (token.startsWith("QUARKUS_")) {
                names.add(token);
                last = token;
            } else if (last != null) {
                String[] parts = last.split("_");
                StringBuilder prefix = new StringBuilder(parts[0]);
                for (int i = 1; i < parts.length; i++) {
                    names.add(prefix + token);
                    prefix.append('_').append(parts[i]);
                }
            }
        }
        return names;
    }

    static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            return Duration.parse(value.trim());
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static Map<String, String> etlVariables() {
        Map<String, String> variables = new HashMap<>();
        collect(EtlConfig.class, new ArrayList<>(List.of("etl")), variables);
        return Collections.unmodifiableMap(variables);
    }

    private static void collect(Class<?> group, List<String> path, Map<String, String> into) {
        for (Method m : group.getMethods()) {
            if (m.getParameterCount() != 0 || m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            WithName renamed = m.getAnnotation(WithName.class);
            path.add(renamed != null ? renamed.value() : kebab(m.getName()));
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == EtlConfig.class) {
                collect(type, path, into);
            } else {
                WithDefault d = m.getAnnotation(WithDefault.class);
                into.put(String.join("_", path).replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT),
                        d == null ? null : d.value());
            }
            path.remove(path.size() - 1);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
