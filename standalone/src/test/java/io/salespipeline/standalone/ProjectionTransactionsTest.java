package io.salespipeline.standalone;

import io.salespipeline.query.projection.ProjectionTransactions;
import io.salespipeline.query.replay.ReplayService;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projections' transactions commit without waiting for the disk; every other transaction of the service (the
 * commands', the event store's) still waits for it.
 */
class ProjectionTransactionsTest extends StandaloneTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ReplayService replays;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    TransactionManager transactions;

    @Test
    void projectionsCommitWithoutWaitingForTheDisk_theCommandsWaitForIt() {
        assertThat(replays.projections()).isNotEmpty();
        for (String projection : replays.projections()) {
            TransactionManager processorTransactions = processing.transactionManager(projection);
            assertThat(processorTransactions).as(projection).isInstanceOf(ProjectionTransactions.class);
            Transaction transaction = processorTransactions.startTransaction();
            try {
                assertThat(synchronousCommit()).as(projection).isEqualTo("off");
            } finally {
                transaction.commit();
            }
            assertThat(synchronousCommit()).as("after the projection's transaction, on the same pool").isEqualTo("on");
        }
        Transaction command = transactions.startTransaction();
        try {
            assertThat(synchronousCommit()).as("the service's own transactions (commands, event store)").isEqualTo("on");
        } finally {
            command.commit();
        }
    }

    private String synchronousCommit() {
        return jdbc.queryForObject("show synchronous_commit", String.class);
    }
}
