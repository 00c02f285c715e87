package io.salespipeline.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one projection writes while its event processor handles a batch of events in one transaction:
 * statements are queued and written when the batch commits, in as few round trips as their order allows.
 * <ul>
 * <li>Every statement belongs to one lead, and a projection's rows are all keyed by lead, so statements of
 * different leads commute. {@link #write} keeps each lead's statements in order; at the flush the first
 * statements of all leads go together, then the second ones, and so on, identical SQL in one JDBC batch
 * (on PostgreSQL with {@code reWriteBatchedInserts}, one multi-row insert; from {@value #COPY_FROM_ROWS} rows of a
 * plain insert on, one {@code COPY}: {@link CopyIn}).</li>
 * <li>{@link #append} is for inserts no other statement of the batch depends on (a timeline entry, a
 * time-stamped fact): one JDBC batch (or {@code COPY}, as above) per statement.</li>
 * <li>State ({@link #get}, {@link #put}): what the projection knows of a lead (its current row), loaded
 * once per batch and changed here by the batch's later events of the lead; written once per batch by the
 * projection's {@link #onWriteStates} callback, which receives the states put since the last write.
 * States are values: {@code put} replaces, nothing changes a state in place.</li>
 * <li>{@link #event} runs one event's handling: if it fails, its queued statements and state changes are
 * undone, so the processor can put the event in the dead-letter queue and go on with the batch.</li>
 * </ul>
 * A flush the database refuses fails the whole batch, and the processor retries it. That retry and the
 * next few batches run one event at a time: each event's statements and states are written at once, inside
 * a savepoint, so that the event the database refuses fails alone and goes to the dead-letter queue
 * instead of holding up every other lead.
 */
public final class ProjectionBatch {

    private static final int ONE_AT_A_TIME_BATCHES = 3;
    /** From how many rows a plain insert of a batch is written by COPY. */
    static final int COPY_FROM_ROWS = 32;
    private static final Object ABSENT = new Object();

    /** One projection's writer: its connection to the database, and its memory across batches. */
    public static final class Writer {

        private final String projection;
        /** The unit of work's resource holding the batch (one string, hashed once: asked for at every statement). */
        private final String resourceKey;
        private final JdbcTemplate jdbc;
        private final CopyIn copy;
        private volatile int oneAtATimeBatchesLeft;

        public Writer(String projection, JdbcTemplate jdbc) {
            this.projection = projection;
            this.resourceKey = ProjectionBatch.class.getName() + "#" + projection;
            this.jdbc = jdbc;
            this.copy = new CopyIn(jdbc);
        }

        /** The batch handled in the current unit of work, created at its first use. */
        public ProjectionBatch current() {
            UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
            return unitOfWork.getOrComputeResource(resourceKey, key -> {
                boolean oneAtATime = oneAtATimeBatchesLeft > 0;
                ProjectionBatch batch = new ProjectionBatch(this, unitOfWork, oneAtATime);
                unitOfWork.onPrepareCommit(u -> batch.flush());
                unitOfWork.afterCommit(u -> {
                    if (oneAtATime) {
                        oneAtATimeBatchesLeft--;
                    }
                });
                unitOfWork.onRollback(u -> oneAtATimeBatchesLeft = ONE_AT_A_TIME_BATCHES);
                return batch;
            });
        }

        public JdbcTemplate jdbc() {
            return jdbc;
        }
    }

    private record Statement(String sql, Object[] args) {
    }

    private final Writer writer;
    private final UnitOfWork<?> unitOfWork;
    private final boolean oneAtATime;
    private final Map<String, List<Statement>> byLead = new LinkedHashMap<>();
    private final Map<String, List<Object[]>> appends = new LinkedHashMap<>();
    private final Map<String, Object> states = new HashMap<>();
    private final Map<String, Object> dirty = new LinkedHashMap<>();
    private final Map<String, Consumer<Map<String, Object>>> stateWriters = new LinkedHashMap<>();
    /** While an event is handled: what to undo if it fails. */
    private Map<String, Object> undoStates;
    private Map<String, Integer> undoLeadSizes;
    private Map<String, Integer> undoAppendSizes;

    private ProjectionBatch(Writer writer, UnitOfWork<?> unitOfWork, boolean oneAtATime) {
        this.writer = writer;
        this.unitOfWork = unitOfWork;
        this.oneAtATime = oneAtATime;
    }

    /**
     * The leads (aggregate identifiers) of every event of this batch, in order: to load their state at once.
     * (Empty when the batch's root unit of work carries no events, e.g. a retry of dead letters.)
     */
    public Set<String> leadsInBatch() {
        Set<String> leads = new LinkedHashSet<>();
        List<Object> messages = new ArrayList<>();
        if (unitOfWork instanceof BatchingUnitOfWork<?> batching) {
            messages.addAll(batching.getMessages());
        } else {
            messages.add(unitOfWork.getMessage());
        }
        for (Object message : messages) {
            if (message instanceof DomainEventMessage<?> event && event.getAggregateIdentifier() != null) {
                leads.add(event.getAggregateIdentifier());
            }
        }
        return leads;
    }

    /** Whether a state for {@code key} is known in this batch (loaded, or put, or known to be absent). */
    public boolean knows(String key) {
        return states.containsKey(key);
    }

    /** The state under {@code key}, as loaded or last put in this batch; null when absent. */
    @SuppressWarnings("unchecked")
    public <S> S get(String key) {
        Object state = states.get(key);
        return state == ABSENT ? null : (S) state;
    }

    /** Records states as loaded from the database (null: known to be absent); they are not written back. */
    public void loaded(String key, Object state) {
        states.putIfAbsent(key, state == null ? ABSENT : state);
    }

    /** Records that the state under {@code key} is now as in the database (written): it is not written again. */
    public void stored(String key, Object state) {
        states.put(key, state);
    }

    /** Replaces the state under {@code key}; it is written by the state writers at the end of the batch. */
    public void put(String key, Object state) {
        if (undoStates != null && !undoStates.containsKey(key)) {
            undoStates.put(key, states.getOrDefault(key, ABSENT));
        }
        states.put(key, state);
        dirty.put(key, state);
    }

    /**
     * Registers, once per batch under {@code name}, what writes the states put since the last time (queueing
     * statements with {@link #write}): at the end of the batch, or after each event when one at a time.
     */
    public void onWriteStatesOnce(String name, Consumer<Map<String, Object>> stateWriter) {
        stateWriters.putIfAbsent(name, stateWriter);
    }

    /** Queues a statement of {@code lead}, after the lead's earlier statements of this batch. */
    public void write(String lead, String sql, Object... args) {
        if (oneAtATime) {
            writer.jdbc.update(sql, args);
        } else {
            List<Statement> statements = byLead.computeIfAbsent(lead, k -> new ArrayList<>());
            if (undoLeadSizes != null) {
                undoLeadSizes.putIfAbsent(lead, statements.size());
            }
            statements.add(new Statement(sql, args));
        }
    }

    /** Queues an insert that no other statement of the batch depends on. */
    public void append(String sql, Object... args) {
        if (oneAtATime) {
            writer.jdbc.update(sql, args);
        } else {
            List<Object[]> rows = appends.computeIfAbsent(sql, k -> new ArrayList<>());
            if (undoAppendSizes != null) {
                undoAppendSizes.putIfAbsent(sql, rows.size());
            }
            rows.add(args);
        }
    }

    /**
     * Handles one event: if {@code handling} fails, what it queued and put is undone before the failure goes
     * on (to the dead-letter queue). One event at a time, it runs inside a savepoint and writes its states
     * at once.
     */
    public void event(Runnable handling) {
        if (oneAtATime) {
            eventInSavepoint(handling);
            return;
        }
        undoStates = new HashMap<>();
        undoLeadSizes = new HashMap<>();
        undoAppendSizes = new HashMap<>();
        try {
            handling.run();
        } catch (RuntimeException | Error e) {
            undo();
            throw e;
        } finally {
            undoStates = null;
            undoLeadSizes = null;
            undoAppendSizes = null;
        }
    }

    /** Undoes what the failed event put and queued (the sizes were noted at its first statement of each kind). */
    private void undo() {
        undoStates.forEach((key, before) -> {
            if (before == ABSENT) {
                states.remove(key);
                dirty.remove(key);
            } else {
                states.put(key, before);
                dirty.put(key, before);
            }
        });
        undoLeadSizes.forEach((lead, size) -> {
            List<Statement> statements = byLead.get(lead);
            if (size == 0) {
                byLead.remove(lead);
            } else if (statements != null) {
                truncate(statements, size);
            }
        });
        undoAppendSizes.forEach((sql, size) -> {
            List<Object[]> rows = appends.get(sql);
            if (size == 0) {
                appends.remove(sql);
            } else if (rows != null) {
                truncate(rows, size);
            }
        });
    }

    private static void truncate(List<?> list, int size) {
        list.subList(size, list.size()).clear();
    }

    private void eventInSavepoint(Runnable handling) {
        Connection connection = DataSourceUtils.getConnection(writer.jdbc.getDataSource());
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw new IllegalStateException("no savepoint", e);
        }
        try {
            handling.run();
            writeStates();
            connection.releaseSavepoint(savepoint);
        } catch (RuntimeException | Error | SQLException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException ignored) {
                // the batch fails anyway
            }
            // what this batch knew may have changed with the undone statements: read it again
            states.clear();
            dirty.clear();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e);
        }
    }

    public boolean isOneEventAtATime() {
        return oneAtATime;
    }

    /** Whether the batch writes to PostgreSQL (else H2): for statements only PostgreSQL has. */
    public boolean onPostgres() {
        return writer.copy.isPostgres();
    }

    private void writeStates() {
        if (dirty.isEmpty()) {
            return;
        }
        Map<String, Object> toWrite = new LinkedHashMap<>(dirty);
        dirty.clear();
        stateWriters.values().forEach(w -> w.accept(toWrite));
    }

    private void flush() {
        writeStates();
        appends.forEach(this::insert);
        int steps = byLead.values().stream().mapToInt(List::size).max().orElse(0);
        for (int step = 0; step < steps; step++) {
            Map<String, List<Object[]>> groups = new LinkedHashMap<>();
            for (List<Statement> statements : byLead.values()) {
                if (step < statements.size()) {
                    Statement s = statements.get(step);
                    groups.computeIfAbsent(s.sql(), k -> new ArrayList<>()).add(s.args());
                }
            }
            groups.forEach((sql, rows) -> {
                if (rows.size() == 1) {
                    writer.jdbc.update(sql, rows.get(0));
                } else {
                    insert(sql, rows);
                }
            });
        }
        byLead.clear();
        appends.clear();
    }

    /**
     * Rows of one statement: many rows of a plain insert by PostgreSQL's COPY ({@link CopyIn}), the rest as one JDBC
     * batch (a COPY waits for the server's answer before its data goes: for a few rows the batch is quicker).
     */
    private void insert(String sql, List<Object[]> rows) {
        if (rows.size() < COPY_FROM_ROWS || !writer.copy.write(sql, rows)) {
            writer.jdbc.batchUpdate(sql, rows);
        }
    }
}
