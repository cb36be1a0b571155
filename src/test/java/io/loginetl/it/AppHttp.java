package io.loginetl.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The packaged application's HTTP endpoints as a probe sees them: one second to answer, or it counts as no answer. */
final class AppHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AppHttp() {
    }

    /** Status of GET path, or -1 when nothing answered within a probe's 1 s. */
    static int status(int port, String path) {
        return get(port, path).statusCode();
    }

    /** Body of GET path, or "" when nothing answered. */
    static String body(int port, String path) {
        return get(port, path).body();
    }

    static int ready(int port) {
        return status(port, "/q/health/ready");
    }

    private static Answer get(int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException notUpOrTooSlow) {
            return new Answer(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "");
        }
    }

    private record Answer(int statusCode, String body) {
    }
}
