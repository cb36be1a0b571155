package io.loginetl.persist;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Where committed batches go: the seam between the pipeline and PostgreSQL, so the committer is
 * unit-tested against a fake. {@link LoginWriter} is the real one.
 */
public interface BatchStore {

    /**
     * Stores rows and rejection records in one transaction. Rows may repeat a message id (the row
     * is stored once); rejection message ids must be unique within the call.
     */
    Written write(List<LoginRow> rows, List<RejectionRecord> rejections) throws SQLException;

    /** Which of the rows were new; the others were already stored (redeliveries). */
    record Written(int stored, Set<String> newIds) {

        /** Every row was new, the common case: no id set is built. */
        public static Written allNew(int rows) {
            return new Written(rows, null);
        }

        /**
         * Whether the row of this message id was new, asked once per row in batch order: the
         * first of two rows with one id is the stored one, the second a duplicate.
         */
        public boolean claimNew(String messageId) {
            return newIds == null || newIds.remove(messageId);
        }
    }
}
