package io.loginetl.pipeline;

import io.loginetl.persist.BatchStore;
import io.loginetl.persist.LoginRow;
import io.loginetl.persist.RejectionRecord;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory table with the real writer's contract: one transaction per call (all or nothing),
 * a message id stored once, the new ids named. {@link #failNext} makes calls fail as a lost
 * connection does; {@link #refuse} makes every call holding that row fail as a constraint does.
 */
final class FakeStore implements BatchStore {

    final Map<String, LoginRow> rows = new LinkedHashMap<>();
    final Map<String, RejectionRecord> rejections = new LinkedHashMap<>();
    private final Set<String> refused = new HashSet<>();
    private int failures;
    int calls;

    synchronized void failNext(int times) {
        failures = times;
    }

    synchronized void refuse(String messageId) {
        refused.add(messageId);
    }

    @Override
    public synchronized Written write(List<LoginRow> batch, List<RejectionRecord> records) throws SQLException {
        calls++;
        if (failures > 0) {
            failures--;
            throw new SQLException("connection lost", "08006");
        }
        for (LoginRow r : batch) {
            if (refused.contains(r.messageId())) {
                throw new SQLException("null value violates not-null constraint", "23502");
            }
        }
        Set<String> newIds = new HashSet<>();
        for (LoginRow r : batch) {
            if (rows.putIfAbsent(r.messageId(), r) == null) {
                newIds.add(r.messageId());
            }
        }
        records.forEach(r -> rejections.put(r.messageId(), r));
        return new Written(newIds.size(), newIds);
    }
}
