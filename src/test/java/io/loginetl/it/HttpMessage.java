package io.loginetl.it;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request or response as it crossed the wire, for {@link FaultyHttpProxy}: the start line,
 * the headers (names looked up case-insensitively) and the raw bytes of the whole message, to forward
 * unchanged. The body is framed by Content-Length or chunked transfer encoding; nothing else is needed
 * between the AWS SDK and ElasticMQ.
 */
record HttpMessage(String startLine, Map<String, String> headers, byte[] bytes) {

    String header(String name) {
        return headers.get(name);
    }

    /** @return the next message on {@code in}, or null if the peer closed the connection between messages */
    static HttpMessage read(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(2048);
        String startLine = line(in, raw);
        if (startLine == null) {
            return null;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String header; !(header = required(line(in, raw))).isEmpty(); ) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            for (int size; (size = Integer.parseInt(required(line(in, raw)).split(";")[0].trim(), 16)) > 0; ) {
                raw.write(exactly(in, size + 2)); // the chunk and its CRLF
            }
            while (!required(line(in, raw)).isEmpty()) {
                // trailers: forwarded as they are
            }
        } else if (headers.containsKey("Content-Length")) {
            raw.write(exactly(in, Integer.parseInt(headers.get("Content-Length"))));
        }
        return new HttpMessage(startLine, headers, raw.toByteArray());
    }

    /** A reply the proxy makes up: an AWS JSON protocol error, as SQS sends for a server-side failure. */
    static byte[] error(int status) {
        String type = status == 503 ? "ServiceUnavailable" : "InternalError";
        String body = "{\"__type\":\"com.amazonaws.sqs#" + type + "\",\"message\":\"injected by FaultyHttpProxy\"}";
        return (String.format(Locale.ROOT, "HTTP/1.1 %d %s\r\nContent-Type: application/x-amz-json-1.0\r\n"
                        + "x-amzn-RequestId: injected\r\nContent-Length: %d\r\n\r\n%s",
                status, status == 503 ? "Service Unavailable" : "Internal Server Error", body.length(), body))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one CRLF-terminated line into {@code raw}; null at end of stream before any byte of it. */
    private static String line(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            raw.write(b);
            if (b == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) b);
        }
        if (line.isEmpty()) {
            return null;
        }
        throw new EOFException("connection closed inside a line");
    }

    private static String required(String line) throws EOFException {
        if (line == null) {
            throw new EOFException("connection closed inside a message");
        }
        return line;
    }

    private static byte[] exactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("connection closed inside a body");
        }
        return bytes;
    }
}
