package io.salespipeline.query.projection;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A projection's writes queued per batch: each lead's statements in order, a failed event undone, a batch the
 * database refuses retried one event at a time in savepoints.
 */
class ProjectionBatchTest {

    private JdbcTemplate jdbc;
    private TransactionManager transactions;
    private ProjectionBatch.Writer writer;

    @BeforeEach
    void setUp() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table visit (lead varchar(10), no int, closed boolean, constraint visit_pk primary key (lead, no))");
        jdbc.execute("create table fact (lead varchar(10), n int)");
        transactions = new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        writer = new ProjectionBatch.Writer("test", jdbc);
    }

    @Test
    void aLeadsStatements_runInTheirOrder_acrossLeads() {
        batch(List.of("a", "b", "a"), (lead, batch) -> {
            int no = jdbc.queryForObject("select count(*) from visit where lead = ?", Integer.class, lead)
                    + count(batch, lead);
            // a visit opened and closed within the same batch: the update must come after the insert
            batch.write(lead, "insert into visit (lead, no, closed) values (?, ?, false)", lead, no);
            batch.write(lead, "update visit set closed = true where lead = ? and no = ?", lead, no);
            batch.append("insert into fact (lead, n) values (?, ?)", lead, no);
            batch.put("opened:" + lead, no + 1);
        });
        assertThat(jdbc.queryForList("select lead, no, closed from visit order by lead, no")).containsExactly(
                Map.of("LEAD", "a", "NO", 0, "CLOSED", true), Map.of("LEAD", "a", "NO", 1, "CLOSED", true),
                Map.of("LEAD", "b", "NO", 0, "CLOSED", true));
        assertThat(jdbc.queryForObject("select count(*) from fact", Integer.class)).isEqualTo(3);
    }

    @Test
    void aFailedEvent_isUndone_whileTheBatchsOtherEventsAreWritten() {
        batch(List.of("a", "b", "c"), (lead, batch) -> {
            batch.write(lead, "insert into visit (lead, no, closed) values (?, 0, false)", lead);
            batch.append("insert into fact (lead, n) values (?, 1)", lead);
            batch.put("state:" + lead, lead);
            if (lead.equals("b")) {
                throw new IllegalStateException("b fails after queueing");
            }
        });
        assertThat(jdbc.queryForList("select lead from visit order by lead", String.class)).containsExactly("a", "c");
        assertThat(jdbc.queryForList("select lead from fact order by lead", String.class)).containsExactly("a", "c");
    }

    @Test
    void aBatchTheDatabaseRefuses_isRetriedOneEventAtATime_soThatOnlyTheRefusedEventFails() {
        jdbc.execute("insert into visit (lead, no, closed) values ('b', 0, false)");
        // the batch: b's insert breaks the primary key at the flush, so the whole batch rolls back
        assertThatThrownBy(() -> batch(List.of("a", "b", "c"), this::insertVisit)).isInstanceOf(RuntimeException.class);
        assertThat(jdbc.queryForObject("select count(*) from visit", Integer.class)).isEqualTo(1);

        // the retry: each event in a savepoint; b fails alone (an event processor's dead-letter queue takes it)
        List<String> failed = new java.util.ArrayList<>();
        batch(List.of("a", "b", "c"), (lead, batch) -> {
            assertThat(batch.isOneEventAtATime()).isTrue();
            insertVisit(lead, batch);
        }, failed);
        assertThat(failed).containsExactly("b");
        assertThat(jdbc.queryForList("select lead from visit order by lead", String.class)).containsExactly("a", "b", "c");
    }

    private void insertVisit(String lead, ProjectionBatch batch) {
        batch.write(lead, "insert into visit (lead, no, closed) values (?, 0, false)", lead);
    }

    private static int count(ProjectionBatch batch, String lead) {
        Integer opened = batch.get("opened:" + lead);
        return opened == null ? 0 : opened;
    }

    private interface Handler {
        void handle(String lead, ProjectionBatch batch);
    }

    private void batch(List<String> leads, Handler handler) {
        batch(leads, handler, new java.util.ArrayList<>());
    }

    /** One processor batch: a unit of work over the leads' events, in a transaction; failed events noted. */
    private void batch(List<String> leads, Handler handler, List<String> failed) {
        List<EventMessage<?>> events = leads.stream().<EventMessage<?>>map(lead ->
                new GenericDomainEventMessage<>("Lead", lead, 0, "event of " + lead)).toList();
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.attachTransaction(transactions);
        // as an event processor does: the task runs once for each message of the batch
        unitOfWork.executeWithResult(() -> {
            String lead = ((GenericDomainEventMessage<?>) unitOfWork.getMessage()).getAggregateIdentifier();
            ProjectionBatch batch = writer.current();
            try {
                batch.event(() -> handler.handle(lead, batch));
            } catch (RuntimeException e) {
                failed.add(lead); // an event processor would dead-letter it and go on
            }
            return null;
        });
        if (unitOfWork.getExecutionResult().isExceptionResult()) {
            throw new IllegalStateException(unitOfWork.getExecutionResult().getExceptionResult());
        }
    }
}
