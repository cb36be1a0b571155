package io.loginetl.sealing;

import java.nio.charset.StandardCharsets;

/**
 * The sealed columns. Each ciphertext is bound to its row and column through the AEAD's associated
 * data, {@code column name, NUL, message id}: a sealed value copied onto another row, or from the ip
 * column into the device id column, fails to open instead of revealing a wrong original.
 */
public enum Column {
    IP("ip"),
    DEVICE_ID("device_id");

    private final String label;
    private final byte[] prefix;

    Column(String label) {
        this.label = label;
        this.prefix = (label + '\0').getBytes(StandardCharsets.UTF_8);
    }

    /** The name used in the associated data and in a reveal's output. */
    public String label() {
        return label;
    }

    /** Message ids never contain NUL (SQS ids are printable), so the separator makes the encoding unambiguous. */
    byte[] associatedData(String messageId) {
        byte[] id = messageId.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[prefix.length + id.length];
        System.arraycopy(prefix, 0, data, 0, prefix.length);
        System.arraycopy(id, 0, data, prefix.length, id.length);
        return data;
    }
}
