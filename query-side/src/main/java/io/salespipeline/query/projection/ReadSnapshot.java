package io.salespipeline.query.projection;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Supplier;

/**
 * One answer read from one snapshot of the read model: its statements (a board's totals and its leads, a report's
 * parts) see the same projected events, though the projections commit between them. A read-only, repeatable-read
 * transaction: on PostgreSQL a snapshot taken at the first statement, no locks.
 */
@Component
public class ReadSnapshot {

    private final TransactionTemplate snapshot;

    public ReadSnapshot(PlatformTransactionManager transactions) {
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /**
     * {@code answer} in one snapshot. Where it fails and the rollback fails too (the connection broke: the database
     * went away), its own failure is thrown, the rollback's added to it, so that it is told for what it is (503).
     */
    public <T> T read(Supplier<T> answer) {
        RuntimeException[] failed = {null};
        try {
            return snapshot.execute(tx -> {
                try {
                    return answer.get();
                } catch (RuntimeException e) {
                    failed[0] = e;
                    throw e;
                }
            });
        } catch (RuntimeException e) {
            if (failed[0] != null && failed[0] != e) {
                failed[0].addSuppressed(e);
                throw failed[0];
            }
            throw e;
        }
    }
}
