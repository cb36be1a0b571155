package io.loginetl.recovery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** One transaction around a command's read or change and its audit record: both commit, or neither does. */
final class Transactions {

    /** Work on the transaction's connection. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    static <T> T inOne(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }
}
