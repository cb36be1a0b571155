package io.loginetl.pipeline;

import io.loginetl.health.Reachability;
import io.loginetl.ingest.DeadLetter;
import io.loginetl.ingest.InboundMessage;
import io.loginetl.persist.BatchStore;
import io.loginetl.persist.BatchStore.Written;
import io.loginetl.persist.DatabaseFailures;
import io.loginetl.persist.LoginRow;
import io.loginetl.persist.RejectionRecord;
import io.loginetl.pipeline.Acknowledger.Settling;
import io.loginetl.support.Retry;
import io.loginetl.support.Retry.GaveUpException;
import io.loginetl.validation.RejectReason;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
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

    private final BatchStore writer;
    private final Acknowledger acknowledger;
    private final PipelineStats stats;
    private final Retry retry;
    private final Reachability.Endpoint database;
    private final BooleanSupplier keepTrying;
    /** Time spent in successful transactions for the current batch (one writer thread, so a plain field). */
    private long transactionNanos;

    BatchCommitter(BatchStore writer, Acknowledger acknowledger, PipelineStats stats, Retry retry,
                   Reachability.Endpoint database, BooleanSupplier keepTrying) {
        this.database = database;
        this.writer = writer;
        this.acknowledger = acknowledger;
        this.stats = stats;
        this.retry = retry;
        this.keepTrying = keepTrying;
    }

    void commit(List<Outcome> batch) throws InterruptedException {
        List<Outcome.Accepted> accepted = new ArrayList<>(batch.size());
        List<Outcome.Rejected> rejected = new ArrayList<>();
        for (Outcome outcome : batch) {
            if (outcome instanceof Outcome.Accepted a) {
                accepted.add(a);
            } else {
                rejected.add((Outcome.Rejected) outcome);
            }
        }
        Written written;
        transactionNanos = 0;
        try {
            written = writeBatchOrRowByRow(accepted, rejected, batch.size());
        } catch (GaveUpException e) {
            // Only reachable while stopping: the retry runs until the shutdown deadline.
            LOG.errorf("Abandoning a batch of %d messages; they will be redelivered: %s", batch.size(), e.getMessage());
            acknowledger.abandon(batch.stream().map(Outcome::message).toList());
            return;
        }
        stats.committed(Duration.ofNanos(transactionNanos), accepted.size(), batch.stream().map(Outcome::message).toList());
        settle(accepted, written, rejected);
    }

    /**
     * One transaction for the whole batch. A message received twice inside one batch (visibility
     * expired under load) is two rows with one message id: the insert stores it once, and both
     * receipt handles are deleted after the commit.
     */
    private Written writeBatchOrRowByRow(List<Outcome.Accepted> accepted, List<Outcome.Rejected> rejected, int size)
            throws GaveUpException, InterruptedException {
        List<LoginRow> rows = new ArrayList<>(accepted.size());
        for (Outcome.Accepted a : accepted) {
            rows.add(a.row());
        }
        try {
            return write(rows, rejectionRecords(rejected), size);
        } catch (GaveUpException e) {
            if (!DatabaseFailures.isRowProblem(e.getCause())) {
                throw e;
            }
            LOG.warnf("The database refused a row of a %d-message batch; writing it row by row", size);
            return writeRowByRow(accepted, rejected);
        }
    }

    private Written write(List<LoginRow> rows, List<RejectionRecord> rejections, int size)
            throws GaveUpException, InterruptedException {
        return retry.call("Database write of " + size + " messages", database.tracking(() -> {
            long started = System.nanoTime();
            Written written = writer.write(rows, rejections);
            transactionNanos += System.nanoTime() - started;
            return written;
        }), DatabaseFailures::isRetryable, keepTrying);
    }

    /**
     * Isolates the rows the database refuses (a NOT NULL or CHECK constraint of a pre-existing
     * table, say): each becomes a rejection with the SQL state as its reason, the rest are stored.
     * Moves the refused messages from {@code accepted} to {@code rejected}.
     */
    private Written writeRowByRow(List<Outcome.Accepted> accepted, List<Outcome.Rejected> rejected)
            throws GaveUpException, InterruptedException {
        Set<String> newIds = new HashSet<>();
        for (Iterator<Outcome.Accepted> it = accepted.iterator(); it.hasNext(); ) {
            Outcome.Accepted a = it.next();
            try {
                if (write(List.of(a.row()), List.of(), 1).stored() == 1) {
                    newIds.add(a.message().messageId());
                }
            } catch (GaveUpException e) {
                if (!DatabaseFailures.isRowProblem(e.getCause())) {
                    throw e;
                }
                it.remove();
                rejected.add(new Outcome.Rejected(a.message(),
                        RejectReason.DATABASE_REJECTED.tag() + ':' + ((SQLException) e.getCause()).getSQLState()));
            }
        }
        List<RejectionRecord> rejections = rejectionRecords(rejected);
        write(List.of(), rejections, rejections.size());
        return new Written(newIds.size(), newIds);
    }

    /** With JSON logs on, the id and reason are also fields of their own ({@code mdc.message_id}, {@code mdc.reason}). */
    private static void logRejection(Outcome.Rejected r) {
        MDC.put("message_id", r.message().messageId());
        MDC.put("reason", r.reason());
        try {
            LOG.infof("Rejected message %s: %s", r.message().messageId(), r.reason());
        } finally {
            MDC.remove("message_id");
            MDC.remove("reason");
        }
    }

    /** One record per message id: the upsert may not touch a row twice in one statement. */
    private static List<RejectionRecord> rejectionRecords(List<Outcome.Rejected> rejected) {
        Map<String, RejectionRecord> records = new LinkedHashMap<>();
        for (Outcome.Rejected r : rejected) {
            InboundMessage m = r.message();
            records.putIfAbsent(m.messageId(), new RejectionRecord(m.messageId(), r.reason(), m.receiveCount()));
        }
        return List.copyOf(records.values());
    }

    private void settle(List<Outcome.Accepted> accepted, Written written, List<Outcome.Rejected> rejected) {
        List<Settling> toDelete = new ArrayList<>(accepted.size());
        for (Outcome.Accepted a : accepted) {
            boolean isNew = written.claimNew(a.message().messageId());
            toDelete.add(new Settling(a.message(), isNew ? Settlement.STORED : Settlement.DUPLICATE));
        }
        List<DeadLetter> letters = new ArrayList<>(rejected.size());
        for (Outcome.Rejected r : rejected) {
            logRejection(r);
            letters.add(new DeadLetter(r.message(), r.reason()));
        }
        acknowledger.settle(toDelete, letters);
    }
}
