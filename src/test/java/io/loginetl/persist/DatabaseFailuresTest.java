package io.loginetl.persist;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailuresTest {

    @Test
    void whatRetryingCannotFixIsPermanentAndSaysWhatToFix() {
        assertThat(DatabaseFailures.permanentProblem(new SQLException("relation missing", "42P01")))
                .hasValueSatisfying(p -> assertThat(p).startsWith("SQLSTATE 42P01").contains("ETL_MODE=migrate"));
        assertThat(DatabaseFailures.permanentProblem(new SQLException("denied", "42501"))).hasValueSatisfying(p -> assertThat(p).contains("INSERT"));
        assertThat(DatabaseFailures.permanentProblem(new SQLException("read-only", "25006"))).isPresent();
        assertThat(DatabaseFailures.permanentProblem(new SQLException("password", "28P01")))
                .hasValueSatisfying(p -> assertThat(p).contains("QUARKUS_DATASOURCE_PASSWORD"));
        // Flyway and the pool wrap the driver's exception
        assertThat(DatabaseFailures.permanentProblem(new RuntimeException("wrapped", new SQLException("x", "42703")))).isPresent();
    }

    @Test
    void outagesAndRowProblemsAreNotPermanent() {
        assertThat(DatabaseFailures.permanentProblem(new SQLException("refused", "08001"))).isEmpty();
        assertThat(DatabaseFailures.permanentProblem(new SQLException("null value", "23502"))).isEmpty();
        assertThat(DatabaseFailures.isRowProblem(new SQLException("null value", "23502"))).isTrue();
        assertThat(DatabaseFailures.isRowProblem(new SQLException("missing", "42P01"))).isFalse();
    }

    @Test
    void unreachableIsWhatStartUpWaitsFor() {
        assertThat(DatabaseFailures.isUnreachable(new SQLException("refused", "08001", new ConnectException("refused")))).isTrue();
        assertThat(DatabaseFailures.isUnreachable(new SQLException("starting up", "57P03"))).isTrue();
        assertThat(DatabaseFailures.isUnreachable(new SQLException("pool acquisition timeout"))).isTrue();
        assertThat(DatabaseFailures.isUnreachable(new SQLException("password", "28P01"))).isFalse();
        assertThat(DatabaseFailures.isUnreachable(new SQLException("no TLS", "08004"))).isFalse();
    }

    @Test
    void aFailedTlsHandshakeIsASettingNotAnOutage() {
        SQLException tls = new SQLException("SSL error", "08006", new SSLHandshakeException("PKIX path building failed"));
        assertThat(DatabaseFailures.isUnreachable(tls)).isFalse();
        assertThat(DatabaseFailures.permanentProblem(tls)).hasValueSatisfying(p -> assertThat(p).contains("sslrootcert"));
    }
}
