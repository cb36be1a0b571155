package io.loginetl.persist;

import io.loginetl.sealing.SealBatch;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Stores a batch's sealed data key, once, in the caller's transaction (the writer's and rekey's). */
public final class SealBatchRows {

    static final String INSERT = "INSERT INTO etl_seal_batches (id, sealed_key, keyset_key_id) VALUES (?, ?, ?)";

    private SealBatchRows() {
    }

    public static void insert(Connection connection, SealBatch seal) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, seal.id());
            insert.setBytes(2, seal.sealedKey());
            insert.setLong(3, seal.keysetKeyId());
            insert.executeUpdate();
        }
    }
}
