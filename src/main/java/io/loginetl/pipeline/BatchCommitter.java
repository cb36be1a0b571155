package io.loginetl.pipeline;

import io.loginetl.ingest.InboundMessage;
import io.loginetl.persist.DatabaseFailures;
import io.loginetl.persist.LoginRow;
import io.loginetl.persist.LoginWriter;
import io.loginetl.persist.RejectionRecord;
import io.loginetl.support.Retry;
import io.loginetl.support.Retry.GaveUpException;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Commits one batch of outcomes in one transaction, then hands the messages to the acknowledger.
 * Ordering is the whole point: nothing is deleted from the queue before its row (or rejection
 * record) is committed, so a crash at any moment loses nothing and at worst replays a batch that
 * the unique message id then skips.
 */
final class BatchCommitter {

    private static final Logger LOG = Logger.getLogger(BatchCommitter.class);

    private final LoginWriter writer;
    private final Acknowledger acknowledger;
    private final PipelineStats stats;
    private final Retry retry;
    private final BooleanSupplier keepTrying;

    BatchCommitter(LoginWriter writer, Acknowledger acknowledger, PipelineStats stats, Retry retry, BooleanSupplier keepTrying) {
        this.writer = writer;
        this.acknowledger = acknowledger;
        this.stats = stats;
        this.retry = retry;
        this.keepTrying = keepTrying;
    }

    void commit(List<Outcome> batch) throws InterruptedException {
        // A message received twice inside one batch (visibility expired under load) is written once
        // and deleted through both receipt handles.
        Map<String, LoginRow> rows = new LinkedHashMap<>();
        Map<String, RejectionRecord> rejections = new LinkedHashMap<>();
        List<Outcome.Rejected> rejected = new ArrayList<>();
        for (Outcome outcome : batch) {
            InboundMessage m = outcome.message();
            if (outcome instanceof Outcome.Accepted accepted) {
                rows.putIfAbsent(m.messageId(), accepted.row());
            } else if (outcome instanceof Outcome.Rejected rejection) {
                rejected.add(rejection);
                rejections.putIfAbsent(m.messageId(), new RejectionRecord(m.messageId(), rejection.reason(), m.receiveCount()));
            }
        }
        Set<String> stored;
        try {
            stored = writeBatchOrRowByRow(batch, rows, rejections, rejected);
        } catch (GaveUpException e) {
            // Only reachable while stopping: the retry runs until the shutdown deadline.
            LOG.errorf("Abandoning a batch of %d messages; they will be redelivered: %s", batch.size(), e.getMessage());
            acknowledger.release(batch.size());
            return;
        }
        settle(batch, rows, stored, rejected);
    }

    private Set<String> writeBatchOrRowByRow(List<Outcome> batch, Map<String, LoginRow> rows,
                                             Map<String, RejectionRecord> rejections, List<Outcome.Rejected> rejected)
            throws GaveUpException, InterruptedException {
        try {
            return write(rows.values(), rejections.values(), batch.size());
        } catch (GaveUpException e) {
            if (!DatabaseFailures.isRowProblem(e.getCause())) {
                throw e;
            }
            LOG.warnf("The database refused a row of a %d-message batch; writing it row by row", batch.size());
            return writeRowByRow(rows, rejections, batch, rejected);
        }
    }

    private Set<String> write(Collection<LoginRow> rows, Collection<RejectionRecord> rejections, int size)
            throws GaveUpException, InterruptedException {
        List<LoginRow> rowList = List.copyOf(rows);
        List<RejectionRecord> rejectionList = List.copyOf(rejections);
        return retry.call("Database write of " + size + " messages", () -> writer.write(rowList, rejectionList),
                DatabaseFailures::isRetryable, keepTrying);
    }

    /**
     * Isolates the rows the database refuses (a NOT NULL or CHECK constraint of a pre-existing
     * table, say): each becomes a rejection with the SQL state as its reason, the rest are stored.
     */
    private Set<String> writeRowByRow(Map<String, LoginRow> rows, Map<String, RejectionRecord> rejections,
                                      List<Outcome> batch, List<Outcome.Rejected> rejected)
            throws GaveUpException, InterruptedException {
        Set<String> stored = new HashSet<>();
        for (LoginRow row : List.copyOf(rows.values())) {
            try {
                stored.addAll(write(List.of(row), List.of(), 1));
            } catch (GaveUpException e) {
                if (!DatabaseFailures.isRowProblem(e.getCause())) {
                    throw e;
                }
                String reason = "database_rejected:" + ((SQLException) e.getCause()).getSQLState();
                rows.remove(row.messageId());
                for (Outcome outcome : batch) {
                    if (outcome.message().messageId().equals(row.messageId())) {
                        rejected.add(new Outcome.Rejected(outcome.message(), reason));
                    }
                }
                rejections.put(row.messageId(), new RejectionRecord(row.messageId(), reason, 1));
            }
        }
        write(List.of(), rejections.values(), rejections.size());
        return stored;
    }

    private void settle(List<Outcome> batch, Map<String, LoginRow> rows, Set<String> stored, List<Outcome.Rejected> rejected) {
        List<InboundMessage> toDelete = new ArrayList<>(batch.size());
        for (Outcome outcome : batch) {
            if (outcome instanceof Outcome.Accepted && rows.containsKey(outcome.message().messageId())) {
                toDelete.add(outcome.message());
            }
        }
        stats.batches.increment();
        stats.stored.add(stored.size());
        stats.duplicates.add(toDelete.size() - stored.size());
        stats.rejected.add(rejected.size());
        for (Outcome.Rejected r : rejected) {
            LOG.infof("Rejected message %s: %s", r.message().messageId(), r.reason());
        }
        acknowledger.delete(toDelete);
        acknowledger.reject(rejected);
    }
}
