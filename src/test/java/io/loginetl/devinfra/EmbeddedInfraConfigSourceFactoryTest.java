package io.loginetl.devinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Calls the factory the way SmallRye does, with a hand-made {@link ConfigSourceContext}, and then talks to what it
 * started with the real clients: an AWS SDK v2 {@link SqsClient} and the PostgreSQL JDBC driver. A plain JUnit test
 * (no {@code @QuarkusTest}) so it checks the factory alone. {@code etl-dev.embedded-infra=true} makes it independent of
 * whether the machine has Docker. PostgreSQL refuses to run as root unless zonky can use {@code unshare -U}.
 */
class EmbeddedInfraConfigSourceFactoryTest {

    private final EmbeddedInfraConfigSourceFactory factory = new EmbeddedInfraConfigSourceFactory();

    @Test
    void forcedInTestProfileStartsAWorkingSqsAndPostgres() throws Exception {
        ConfigSource source = single(factory.getConfigSources(context("test", Map.of("etl-dev.embedded-infra", "true"))));

        assertThat(source.getOrdinal()).isEqualTo(275);
        assertThat(source.getProperties())
                .containsEntry("quarkus.sqs.devservices.enabled", "false")
                .containsEntry("quarkus.sqs.aws.credentials.type", "static")
                .containsEntry("quarkus.datasource.devservices.enabled", "false");

        String endpoint = source.getValue("quarkus.sqs.endpoint-override");
        try (SqsClient sqs = SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(source.getValue("quarkus.sqs.aws.region")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        source.getValue("quarkus.sqs.aws.credentials.static-provider.access-key-id"),
                        source.getValue("quarkus.sqs.aws.credentials.static-provider.secret-access-key"))))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String queueUrl = sqs.createQueue(b -> b.queueName("user-logins")).queueUrl();
            // The URL ElasticMQ hands out must itself be reachable, not ElasticMQ's default localhost:9324.
            assertThat(queueUrl).isEqualTo(endpoint + "/000000000000/user-logins");
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"user\":\"alice\"}"));
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
            assertThat(received).extracting(Message::body).containsExactly("{\"user\":\"alice\"}");
        }

        try (Connection db = DriverManager.getConnection(source.getValue("quarkus.datasource.jdbc.url"),
                source.getValue("quarkus.datasource.username"), source.getValue("quarkus.datasource.password"));
                ResultSet rs = db.createStatement().executeQuery("select 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void laterCallsReuseTheServersOfThisJvm() {
        Map<String, String> force = Map.of("etl-dev.embedded-infra", "true");
        ConfigSource first = single(factory.getConfigSources(context("test", force)));
        ConfigSource second = single(new EmbeddedInfraConfigSourceFactory().getConfigSources(context("dev", force)));

        assertThat(second.getProperties()).isEqualTo(first.getProperties());
        assertThat(first.getValue("quarkus.sqs.endpoint-override"))
                .endsWith(":" + System.getProperty("login-etl.embedded.sqs-port"));
        assertThat(first.getValue("quarkus.datasource.jdbc.url"))
                .contains(":" + System.getProperty("login-etl.embedded.pg-port") + "/");
    }

    @Test
    void servicesTheUserConfiguredAreLeftAlone() {
        ConfigSource sqsOnly = single(factory.getConfigSources(context("test", Map.of("etl-dev.embedded-infra", "true",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.example:5432/etl"))));
        assertThat(sqsOnly.getPropertyNames()).contains("quarkus.sqs.endpoint-override")
                .noneMatch(name -> name.startsWith("quarkus.datasource."));

        assertThat(factory.getConfigSources(context("test", Map.of("etl-dev.embedded-infra", "true",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.example:5432/etl",
                "quarkus.sqs.endpoint-override", "http://sqs.example:4566")))).isEmpty();
    }

    @Test
    void prodProfileAndDisabledModeGetNothing() {
        assertThat(factory.getConfigSources(context("prod", Map.of("etl-dev.embedded-infra", "true")))).isEmpty();
        assertThat(factory.getConfigSources(context("test", Map.of("etl-dev.embedded-infra", "false")))).isEmpty();
    }

    @Test
    void unknownModeIsRejectedWithTheAllowedValues() {
        assertThatThrownBy(() -> factory.getConfigSources(context("dev", Map.of("etl-dev.embedded-infra", "maybe"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("auto, true or false");
    }

    private static ConfigSource single(Iterable<ConfigSource> sources) {
        List<ConfigSource> list = new ArrayList<>();
        sources.forEach(list::add);
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static ConfigSourceContext context(String profile, Map<String, String> values) {
        return new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                String value = values.get(name);
                return value == null ? null : ConfigValue.builder().withName(name).withValue(value).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return values.keySet().iterator();
            }

            @Override
            public List<String> getProfiles() {
                return List.of(profile);
            }
        };
    }
}
