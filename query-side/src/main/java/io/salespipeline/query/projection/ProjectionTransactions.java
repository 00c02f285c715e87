package io.salespipeline.query.projection;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The transactions of the projections' event processors: as Axon's own ({@code delegate}), but on PostgreSQL each
 * commits without waiting for its write-ahead log to reach the disk ({@code synchronous_commit = off}, for that
 * transaction only). A read model is the log's projection and its token is in the same transaction as its rows:
 * should the database crash, the last few transactions of a projection are lost together with their token, and the
 * processor handles those events again; nothing is half written and nothing is skipped. The commands' transactions
 * (the event store) keep waiting for the disk. What it saves is the wait for the disk at every projection batch,
 * a commit the event's reader waits for (the command → read lag), and disk flushes the commands' commits share.
 */
public final class ProjectionTransactions implements TransactionManager {

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;
    private final ReadModelDatabase database;

    public ProjectionTransactions(TransactionManager delegate, JdbcTemplate jdbc, ReadModelDatabase database) {
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.database = database;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            if (database.isPostgres()) {
                // on the transaction's connection (bound by the delegate): this transaction alone
                jdbc.execute("set local synchronous_commit = off");
            }
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
