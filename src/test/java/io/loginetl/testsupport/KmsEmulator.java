package io.loginetl.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An AWS KMS stand-in on a real socket, for the two calls a Tink keyset-encryption AEAD makes:
 * {@code TrentService.Encrypt} and {@code Decrypt} in the AWS JSON 1.1 protocol, as the SDK v2 client
 * sends them. No KMS (LocalStack, moto, local-kms) can be installed where these tests run, so this keeps
 * the behaviour the code relies on: a key's material never leaves the server, the ciphertext names its
 * key and is bound to the encryption context, a revoked grant answers {@code AccessDeniedException},
 * a Decrypt naming another key answers {@code IncorrectKeyException}. It does not check signatures.
 */
public final class KmsEmulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final AtomicInteger encrypts = new AtomicInteger();
    private final AtomicInteger decrypts = new AtomicInteger();

    public KmsEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new symmetric key; returns its Tink key URI ({@code aws-kms://} and its ARN). */
    public String createKey() throws GeneralSecurityException {
        String arn = "arn:aws:kms:" + TestInfra.REGION + ":111122223333:key/" + UUID.randomUUID();
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        keys.put(arn, generator.generateKey());
        return "aws-kms://" + arn;
    }

    /** From now on every call with this key is refused, as after its grant was revoked. */
    public void deny(String keyUri) {
        denied.add(keyUri.substring("aws-kms://".length()));
    }

    public int encrypts() {
        return encrypts.get();
    }

    public int decrypts() {
        return decrypts.get();
    }

    /** The settings that point the application's KMS client here, as environment variables. */
    public Map<String, String> environment() {
        return Map.of("QUARKUS_KMS_ENDPOINT_OVERRIDE", endpoint(), "QUARKUS_KMS_AWS_REGION", TestInfra.REGION,
                "QUARKUS_KMS_AWS_CREDENTIALS_TYPE", "static",
                "QUARKUS_KMS_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", "it",
                "QUARKUS_KMS_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", "it");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            try {
                ObjectNode response = switch (target) {
                    case "TrentService.Encrypt" -> encrypt(request);
                    case "TrentService.Decrypt" -> decrypt(request);
                    default -> throw new KmsError(400, "UnsupportedOperationException", target);
                };
                reply(exchange, 200, response);
            } catch (KmsError e) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", e.type);
                reply(exchange, e.status, JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage()));
            }
        }
    }

    private ObjectNode encrypt(JsonNode request) throws KmsError {
        encrypts.incrementAndGet();
        String arn = request.path("KeyId").asText();
        SecretKey key = usable(arn);
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, iv, request.path("EncryptionContext"),
                Base64.getDecoder().decode(request.path("Plaintext").asText()));
        byte[] arnBytes = arn.getBytes(StandardCharsets.UTF_8);
        ByteBuffer blob = ByteBuffer.allocate(2 + arnBytes.length + iv.length + sealed.length)
                .putShort((short) arnBytes.length).put(arnBytes).put(iv).put(sealed);
        return JSON.createObjectNode().put("CiphertextBlob", Base64.getEncoder().encodeToString(blob.array()))
                .put("KeyId", arn).put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    private ObjectNode decrypt(JsonNode request) throws KmsError {
        decrypts.incrementAndGet();
        ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode(request.path("CiphertextBlob").asText()));
        String arn;
        byte[] iv = new byte[12], sealed;
        try {
            byte[] arnBytes = new byte[blob.getShort()];
            blob.get(arnBytes).get(iv);
            sealed = new byte[blob.remaining()];
            blob.get(sealed);
            arn = new String(arnBytes, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new KmsError(400, "InvalidCiphertextException", "not a ciphertext of this KMS");
        }
        if (request.hasNonNull("KeyId") && !request.get("KeyId").asText().equals(arn)) {
            throw new KmsError(400, "IncorrectKeyException", "the ciphertext was not encrypted under the key named");
        }
        byte[] plaintext = gcm(Cipher.DECRYPT_MODE, usable(arn), iv, request.path("EncryptionContext"), sealed);
        return JSON.createObjectNode().put("KeyId", arn).put("Plaintext", Base64.getEncoder().encodeToString(plaintext))
                .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
    }

    private SecretKey usable(String arn) throws KmsError {
        SecretKey key = keys.get(arn);
        if (key == null) {
            throw new KmsError(400, "NotFoundException", "no such key");
        }
        if (denied.contains(arn)) {
            throw new KmsError(400, "AccessDeniedException", "not authorized to use the key");
        }
        return key;
    }

    /** AES-GCM bound to the encryption context, written canonically (sorted), as KMS binds it. */
    private static byte[] gcm(int mode, SecretKey key, byte[] iv, JsonNode context, byte[] input) throws KmsError {
        Map<String, String> sorted = new TreeMap<>();
        context.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(sorted.toString().getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new KmsError(400, "InvalidCiphertextException", "the ciphertext or its encryption context does not match");
        }
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static final class KmsError extends Exception {
        final int status;
        final String type;

        KmsError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }
}
