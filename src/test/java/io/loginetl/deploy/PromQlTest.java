package io.loginetl.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromQlTest {

    @Test
    void namesAreWhatRemainsWithoutLabelsRangesGroupingAndCalls() {
        assertThat(PromQl.metricNames("""
                max by (namespace) (login_etl_queue_messages{queue="source", state="visible"} offset 30m) > 0
                unless on (namespace) sum by (namespace) (increase(login_etl_messages_stored_total[10m])) > 0
                and histogram_quantile(0.95, sum by (namespace, le) (rate(x_bucket{le=~"1|2"}[5m]))) > 300
                or up{job="login-etl"} == 1e3
                """)).containsExactly("login_etl_messages_stored_total", "login_etl_queue_messages", "up", "x_bucket");
    }

    @Test
    void aNameMatcherIsRefused() {
        assertThatThrownBy(() -> PromQl.metricNames("{__name__=~\"login_etl_.*\"}")).isInstanceOf(IllegalArgumentException.class);
    }
}
