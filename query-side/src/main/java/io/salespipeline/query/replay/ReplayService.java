package io.salespipeline.query.replay;

import io.salespipeline.query.projection.MatchedOnce;
import io.salespipeline.query.projection.PlannerStatistics;
import io.salespipeline.query.projection.ReadModelDatabase;
import io.salespipeline.query.projection.Projection;
import io.salespipeline.query.projection.ProjectionTables;
import io.salespipeline.query.readyourwrites.CommittedTokens;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.deadletter.DeadLetteringEventHandlerInvoker;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds read models from the event log into fresh tables, while the service keeps answering from the
 * complete current ones:
 * <ol>
 * <li>each chosen projection's tables are created afresh ({@code lead_view__next}, …, from its
 * {@link ProjectionTables template});</li>
 * <li>one tracking processor of its own ({@value #PROCESSOR}; its threads share the leads) reads the whole log
 * and feeds every chosen projection, each writing into its fresh tables (without their secondary indexes,
 * built when they are full) (its failures into a dead-letter queue of its own,
 * {@code <projection>@rebuild}); meanwhile the projections' own processors keep the current tables up to
 * date;</li>
 * <li>when it has caught up with the log, both stop at the end of a batch, and in one transaction the fresh
 * tables take the current ones' names, views are created on them again, the projections' tokens are set to
 * the rebuild's and their dead letters replaced by the rebuild's; the projections' processors start again
 * from there and the old tables are dropped.</li>
 * </ol>
 * A rebuild survives a restart of the service ({@code projection_rebuild} records it; its processor resumes
 * from its token). Progress is its committed position against the head of the log when it started.
 * <p>
 * <b>Catch-up.</b> A projection far behind the log (during and after a bulk import of history, or a query side
 * started on a long log) would follow it event by event in its live tables, each event an update of rows and of
 * all their indexes, at about a third of a rebuild's speed, and take the CPU the import needs. When it is at
 * least {@code catchUpBehind} events (a tenth of that while the log grows by as much between two checks) and
 * {@code catchUpShare} of the log behind, its processor is paused, and once
 * the log grows slowly again (by less than {@code catchUpQuietRate} events a second between two checks: the import
 * has ended), or after {@code catchUpMaxWait}, a rebuild of the paused projections catches them up. Their tables keep
 * answering as they were, as they would have while they caught up; the switch-over starts their processors again
 * from the rebuild's position.
 */
@Service
public class ReplayService implements SmartLifecycle {

    static final String PROCESSOR = "rebuild";
    static final String NEXT = "__next";
    static final String OLD = "__old";
    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

    private final EventProcessingConfiguration processing;
    private final List<Projection> projections;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final TransactionManager axonTransactions;
    private final StreamableMessageSource<?> eventLog;
    private final TokenStore tokenStore;
    private final CommittedTokens committedTokens;
    private final EntityManagerProvider entityManagerProvider;
    private final Serializer serializer;
    private final Serializer eventSerializer;
    private final ReplayProperties properties;
    private final Clock clock;
    private final PlannerStatistics statistics;
    private final ReadModelDatabase database;
    private final Deque<Sample> samples = new ArrayDeque<>();
    /** How far the running rebuild has read, as last reported. */
    private final java.util.concurrent.atomic.AtomicLong reached = new java.util.concurrent.atomic.AtomicLong();
    private ScheduledExecutorService checker;
    private volatile boolean running;
    private volatile Replay current;
    private volatile TrackingEventProcessor rebuilding;
    /** Projections paused for a catch-up whose rebuild has not started yet, and since when. */
    private final Map<String, Instant> paused = new java.util.concurrent.ConcurrentHashMap<>();
    /** The head of the log at the previous check for a catch-up; -1 before the first. */
    private long lastHead = -1;

    public ReplayService(EventProcessingConfiguration processing, List<Projection> projections, JdbcTemplate jdbc,
                         TransactionTemplate transaction, TransactionManager axonTransactions, EventStorageEngine storageEngine,
                         TokenStore tokenStore, CommittedTokens committedTokens,
                         EntityManagerProvider entityManagerProvider, @Qualifier("serializer") Serializer serializer,
                         @Qualifier("eventSerializer") Serializer eventSerializer, ReplayProperties properties,
                         Clock clock, PlannerStatistics statistics, ReadModelDatabase database) {
        this.processing = processing;
        this.database = database;
        this.projections = List.copyOf(projections);
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.axonTransactions = axonTransactions;
        // the rebuild reads the log through an event store of its own whose streams each read the storage engine
        // (optimizeEventConsumption false), never joining the shared reader's cache the live processors read from.
        // Such a stream ends at the last event it finds (Axon's JDBC stream stops after a short batch): what is appended
        // meanwhile reaches the projections after the switch-over, which starts them from the rebuild's tokens
        this.eventLog = EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .optimizeEventConsumption(false)
                .build();
        this.tokenStore = tokenStore;
        this.committedTokens = committedTokens;
        this.entityManagerProvider = entityManagerProvider;
        this.serializer = serializer;
        this.eventSerializer = eventSerializer;
        this.properties = properties;
        this.clock = clock;
        this.statistics = statistics;
    }

    /** @param catchUp a catch-up of projections far behind the log: their own processors wait meanwhile */
    public record Replay(List<String> projections, Instant startedAt, long head, Instant completedAt, boolean catchUp) {

        Replay completed(Instant at) {
            return new Replay(projections, startedAt, head, at, catchUp);
        }
    }

    /** @param catchUp started by the service for projections far behind the log, not on request */
    public record Progress(String state, List<String> projections, Instant startedAt, long position, long head,
                           double percent, Double eventsPerSecond, Long etaSeconds, boolean catchUp) {
    }

    private record Sample(Instant at, long position) {
    }

    /** The projections this application runs and can rebuild. */
    public List<String> projections() {
        return projections.stream().map(Projection::name)
                .filter(name -> processing.eventProcessor(name, StreamingEventProcessor.class).isPresent())
                .sorted().toList();
    }

    public synchronized Replay start(List<String> requested) {
        List<String> names = requested == null || requested.isEmpty() ? projections() : List.copyOf(requested);
        List<String> unknown = names.stream().filter(n -> !projections().contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownProjectionException(unknown, projections());
        }
        if (isRebuilding()) {
            throw new ReplayRunningException(current.projections());
        }
        return start(names, head(), false);
    }

    /**
     * One check for a catch-up, unless a rebuild is running: pauses the processors of the projections at least
     * {@code behind} events (a tenth of that while the log grows by a tenth of that or more between two checks) and
     * {@code share} of the log behind it (and then of the others a tenth of {@code behind} behind:
     * the rebuild reads the log once for all), and starts the rebuild of those paused once the
     * log grew by less than {@code quietBelow} events since the previous check (or they waited longer than
     * {@code maxWait}). The projections it started a rebuild of; none if it started none.
     */
    public synchronized List<String> catchUpIfBehind(long behind, double share, long quietBelow, Duration maxWait) {
        if (isRebuilding() || !running) {
            return List.of();
        }
        long head = head();
        long grown = lastHead < 0 ? Long.MAX_VALUE : head - lastHead;
        lastHead = head;
        Map<String, Long> distances = new java.util.LinkedHashMap<>();
        projections().stream().filter(name -> !paused.containsKey(name))
                .forEach(name -> distances.put(name, head - Math.max(position(name), 0)));
        // far behind: {@code behind} events; or, while the log grew by a tenth of that since the last check (a bulk
        // import has begun, slowed down by projections that follow it and take the CPU it needs), a tenth of that;
        // and {@code share} of the log either way
        long tenth = Math.max(behind / 10, 1);
        long enough = grown != Long.MAX_VALUE && grown >= tenth ? tenth : Math.max(behind, 1);
        boolean farBehind = distances.values().stream().anyMatch(d -> d >= enough && d >= share * head);
        // the rebuild reads the log once for every projection it rebuilds: those a tenth of {@code behind} events
        // behind join it, whatever their share of the log
        List<String> far = !farBehind && paused.isEmpty() ? List.of() : distances.entrySet().stream()
                .filter(e -> e.getValue() >= tenth).map(Map.Entry::getKey).toList();
        if (!far.isEmpty()) {
            log.info("{} paused, {} events or more behind the log (and one of those paused {} % of it): they catch up by a "
                    + "rebuild once the log grows slowly again", far, tenth, Math.round(share * 100));
            pauseLive(far);
            Instant now = clock.instant();
            far.forEach(name -> paused.put(name, now));
            // whether the log grows slowly is told by the next check, not by the growth that led to the pause
            return List.of();
        }
        if (paused.isEmpty()) {
            return List.of();
        }
        Instant since = paused.values().stream().min(Instant::compareTo).orElseThrow();
        boolean waitedEnough = Duration.between(since, clock.instant()).compareTo(maxWait) >= 0;
        if (grown >= quietBelow && !waitedEnough) {
            return List.of();
        }
        List<String> names = paused.keySet().stream().sorted().toList();
        log.info("The log grew by {} events since the last check: rebuilding {} to catch them up", grown == Long.MAX_VALUE ? "?" : grown, names);
        start(names, head, true);
        paused.clear();
        return names;
    }

    /**
     * How far the catch-up of the projection has come, while it is paused for one: the rebuild's position while
     * that runs, the head of the log ({@code head}, as the caller read it) while it waits for the log to grow slowly
     * again.
     */
    public java.util.OptionalLong catchingUp(String projection, long head) {
        if (paused.containsKey(projection)) {
            return java.util.OptionalLong.of(head);
        }
        Replay replay = current;
        if (replay == null || !replay.catchUp() || replay.completedAt() != null || !replay.projections().contains(projection)) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Math.max(position(PROCESSOR), 0));
    }

    private Replay start(List<String> names, long head, boolean catchUp) {
        // paused for a catch-up and rebuilt now: the switch-over starts them
        names.forEach(paused::remove);
        Instant startedAt = clock.instant();
        for (String name : names) {
            projection(name).tables().createTables(jdbc, NEXT);
        }
        transaction.executeWithoutResult(tx -> {
            jdbc.update("delete from token_entry where processor_name = ?", PROCESSOR);
            for (String name : names) {
                jdbc.update("delete from dead_letter_entry where processing_group = ?", rebuildGroup(name));
            }
            jdbc.update("delete from projection_rebuild");
            jdbc.update("insert into projection_rebuild (id, projections, started_at, head, catch_up) values (1, ?, ?, ?, ?)",
                    String.join(",", names), Timestamp.from(startedAt), head, catchUp);
        });
        synchronized (samples) {
            samples.clear();
        }
        reached.set(0);
        // a catch-up's projections were paused while it waited to start (catchUpIfBehind)
        current = new Replay(names, startedAt, head, null, catchUp);
        startProcessor(names);
        log.info("Rebuilding {} into fresh tables, up to position {} and on", names, head);
        return current;
    }

    /** A rebuild is running: the fresh tables are not switched in yet. */
    public boolean isRebuilding() {
        Replay replay = current;
        return replay != null && replay.completedAt() == null;
    }

    public Progress progress() {
        Replay replay = current;
        if (replay == null) {
            return new Progress("IDLE", List.of(), null, 0, head(), 0, null, null, false);
        }
        long head = Math.max(replay.head(), 0);
        boolean running = replay.completedAt() == null;
        // never backwards: the rebuild's token goes away when the fresh tables are switched in, a moment before
        // the rebuild counts as completed
        long position = running ? reached.accumulateAndGet(Math.min(Math.max(position(PROCESSOR), 0), head), Math::max) : head;
        Instant now = clock.instant();
        Double rate = null;
        synchronized (samples) {
            samples.addLast(new Sample(now, position));
            while (samples.size() > 2 && Duration.between(samples.peekFirst().at(), now).toSeconds() > 10) {
                samples.removeFirst();
            }
            Sample first = running ? samples.peekFirst() : new Sample(replay.startedAt(), 0);
            Instant until = running ? now : replay.completedAt();
            long millis = Duration.between(first.at(), until).toMillis();
            if (millis > 0 && position > first.position()) {
                rate = (position - first.position()) * 1000.0 / millis;
            }
        }
        double percent = head == 0 ? 100.0 : Math.round(position * 10000.0 / head) / 100.0;
        Long eta = !running ? Long.valueOf(0) : rate == null ? null : (long) Math.ceil((head - position) / rate);
        return new Progress(running ? "RUNNING" : "COMPLETED", replay.projections(), replay.startedAt(), position, head,
                percent, rate == null ? null : Math.round(rate * 10) / 10.0, eta, replay.catchUp());
    }

    /** The projections' own processors stop at the end of their batches, until the switch-over starts them again. */
    private void pauseLive(List<String> names) {
        CompletableFuture.allOf(names.stream()
                .map(name -> processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow().shutdownAsync())
                .toArray(CompletableFuture[]::new)).join();
    }

    // --- the rebuild's own processor -----------------------------------------------------------------

    private void startProcessor(List<String> names) {
        List<EventHandlerInvoker> invokers = new ArrayList<>();
        for (String name : names) {
            invokers.add(DeadLetteringEventHandlerInvoker.builder()
                    // asked once per kind of event whether it handles it, not for every event (MatchedOnce)
                    .eventHandlers(MatchedOnce.of(projection(name).handlerWritingTo(NEXT)))
                    .queue(JpaSequencedDeadLetterQueue.builder()
                            .processingGroup(rebuildGroup(name))
                            .entityManagerProvider(entityManagerProvider)
                            .transactionManager(axonTransactions)
                            .eventSerializer(eventSerializer)
                            .genericSerializer(serializer)
                            .build())
                    .transactionManager(axonTransactions)
                    // the queue starts empty: it is asked about a lead only once the lead failed
                    .enableSequenceIdentifierCache()
                    .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                    .build());
        }
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(PROCESSOR)
                .eventHandlerInvoker(new MultiEventHandlerInvoker(invokers))
                .messageSource(cast(eventLog))
                .tokenStore(tokenStore)
                .transactionManager(axonTransactions)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                        .forParallelProcessing(properties.threads())
                        .andInitialSegmentsCount(properties.threads())
                        .andBatchSize(properties.batchSize())
                        // once it has caught up, a worker waits this long for more events before its batch ends:
                        // the switch-over stops the rebuild at the end of a batch, so it waits as long (the default 1 s)
                        .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .build();
        rebuilding = processor;
        processor.start();
    }

    /** Switches the fresh tables in once the rebuild has caught up with the log. */
    private void check() {
        try {
            Replay replay = current;
            TrackingEventProcessor processor = rebuilding;
            if (replay == null || replay.completedAt() != null || processor == null) {
                return;
            }
            if (processor.isError()) {
                // its worker died of an error it could not handle (out of memory): a processor of its own again,
                // resuming from the rebuild's tokens; the fresh tables hold what it wrote up to them
                log.error("The rebuild of {} stopped in its error state; it resumes from where it was", replay.projections());
                restartProcessor(replay, processor);
                return;
            }
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            boolean caughtUp = !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
            long position = position(PROCESSOR);
            log.debug("rebuild at {} of {}, caught up: {}, status {}", position, replay.head(), caughtUp, status);
            if (caughtUp && position >= replay.head()) {
                switchOver(replay, processor);
            }
        } catch (RuntimeException | Error e) {
            // an error here would end the periodic check, and the rebuild would never be switched in
            log.warn("Checking the rebuild failed; trying again", e);
        }
    }

    private synchronized void restartProcessor(Replay replay, TrackingEventProcessor processor) {
        if (current != replay || rebuilding != processor) {
            return;
        }
        processor.shutDown();
        startProcessor(replay.projections());
    }

    private synchronized void switchOver(Replay replay, TrackingEventProcessor processor) {
        if (current != replay || replay.completedAt() != null) {
            return;
        }
        long switchStarted = System.nanoTime();
        processor.shutDown();
        rebuilding = null;
        long stopped = System.nanoTime();
        // the fresh tables are vacuumed: the rebuild's updates left dead rows (a lead's view is written again with
        // each of its events), and an empty visibility map makes every index-only read visit the table for each row.
        // Before their secondary indexes are built, so that the vacuum clears the dead rows from the table and its
        // key alone, and the indexes are built from the live rows
        List<String> freshTables = replay.projections().stream().flatMap(name -> fresh(name).stream()).toList();
        Map<String, Long> sizes = tableSizes(freshTables);
        inParallel(freshTables.stream().map(table -> new Work(table, () -> statistics.vacuum(List.of(table)))).toList(), sizes);
        long vacuumed = System.nanoTime();
        // the fresh tables were filled without their secondary indexes: built now, before the switch; and (meanwhile,
        // from the filled tables alone) what the projections keep per batch but a rebuild computes once filled (the tallies)
        inParallel(replay.projections().stream().map(name -> projection(name).tables())
                .flatMap(tables -> java.util.stream.Stream.concat(tables.indexes(NEXT).stream(), tables.rebuilt(NEXT).stream()))
                .map(step -> new Work(step.table(), () -> jdbc.execute(step.sql()))).toList(), sizes);
        long indexed = System.nanoTime();
        // and analyzed (the planner's statistics of a fresh table are those of an empty one), with a vacuum of what
        // was written since (the lead tally; the rest is all-visible and skipped)
        inParallel(freshTables.stream().map(table -> new Work(table, () -> statistics.vacuumAndAnalyze(List.of(table)))).toList(), sizes);
        long analyzed = System.nanoTime();
        List<StreamingEventProcessor> live = replay.projections().stream()
                .map(name -> processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow()).toList();
        // each stops at the end of its batch (a tracking processor notices within its availability timeout)
        CompletableFuture.allOf(live.stream().map(StreamingEventProcessor::shutdownAsync)
                .toArray(CompletableFuture[]::new)).join();
        try {
            switchTables(replay);
            current = replay.completed(clock.instant());
        } finally {
            live.forEach(projection -> {
                // a processor stopped while it was launching its worker (paused for a catch-up right after it started)
                // barred its segment from being claimed again for twice the claim interval: claimable at once
                try {
                    for (int segment : tokenStore.fetchSegments(projection.getName())) {
                        projection.releaseSegment(segment, -1, TimeUnit.MILLISECONDS);
                    }
                } catch (RuntimeException e) {
                    log.warn("The segments of {} could not be read; it claims them within its claim interval", projection.getName(), e);
                } finally {
                    projection.start();
                }
            });
        }
        long switched = System.nanoTime();
        for (String name : replay.projections()) {
            ProjectionTables tables = projection(name).tables();
            tables.drop(jdbc, OLD);
            restoreNames(tables);
        }
        long now = System.nanoTime();
        log.info("Rebuilt {} in {} ms (of which {} ms to switch the fresh tables in: stopping the rebuild {} ms, vacuum {} ms, "
                        + "indexes {} ms, statistics {} ms, the switch {} ms, dropping the old tables {} ms): they are in use",
                replay.projections(), Duration.between(replay.startedAt(), clock.instant()).toMillis(),
                (now - switchStarted) / 1_000_000, (stopped - switchStarted) / 1_000_000, (vacuumed - stopped) / 1_000_000,
                (indexed - vacuumed) / 1_000_000, (analyzed - indexed) / 1_000_000, (switched - analyzed) / 1_000_000,
                (now - switched) / 1_000_000);
    }

    /** A statement of the switch-over's preparation on one table ({@code table}: null if not known). */
    private record Work(String table, Runnable statement) {
    }

    /**
     * Runs {@code work} on {@code properties.switchConnections()} connections at once on PostgreSQL (each statement
     * on its own connection, the largest tables' first, so that the last to finish are short), one after another
     * elsewhere. The service has nothing else to do meanwhile (the rebuild has stopped, the live processors wait for the
     * switch), and one index build, vacuum or analysis leaves some CPU a second one uses (they are CPU-bound): at
     * 100,000 leads the 27 indexes took 11.9 s one after another and 9.3 s on two connections in psql, the switch-over
     * 19.0-20.3 s before and 17.1-18.9 s after. A failure leaves the statements not yet begun undone, and is thrown
     * once the begun ones have ended.
     */
    private void inParallel(List<Work> work, Map<String, Long> sizes) {
        int connections = database.isPostgres() ? Math.min(properties.switchConnections(), work.size()) : 1;
        List<Work> largestFirst = new ArrayList<>(work);
        largestFirst.sort(java.util.Comparator.comparingLong((Work w) -> w.table() == null ? 0 : sizes.getOrDefault(w.table(), 0L)).reversed());
        if (connections <= 1) {
            largestFirst.forEach(w -> w.statement().run());
            return;
        }
        java.util.Queue<Work> queue = new java.util.concurrent.ConcurrentLinkedQueue<>(largestFirst);
        java.util.concurrent.ExecutorService pool = Executors.newFixedThreadPool(connections, r -> {
            Thread thread = new Thread(r, "rebuild-switch");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                workers.add(CompletableFuture.runAsync(() -> {
                    for (Work next = queue.poll(); next != null; next = queue.poll()) {
                        try {
                            next.statement().run();
                        } catch (RuntimeException e) {
                            queue.clear(); // the other connections finish what they started and take no more
                            throw e;
                        }
                    }
                }, pool));
            }
            try {
                // allOf ends once every worker has ended
                CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();
            } catch (java.util.concurrent.CompletionException failed) {
                throw failed.getCause() instanceof RuntimeException e ? e : failed;
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The size on disk of each of {@code tables} that exists (PostgreSQL; empty elsewhere). */
    private Map<String, Long> tableSizes(List<String> tables) {
        Map<String, Long> sizes = new java.util.HashMap<>();
        if (database.isPostgres() && !tables.isEmpty()) {
            jdbc.query("select c.relname, pg_relation_size(c.oid) as bytes from pg_class c"
                    + " where c.relnamespace = current_schema()::regnamespace and c.relname = any (?)",
                    rs -> {
                        sizes.put(rs.getString("relname"), rs.getLong("bytes"));
                    }, (Object) tables.toArray(String[]::new));
        }
        return sizes;
    }

    /** How long the switch-over waits for a table's lock before it gives way to the readers holding it and tries again. */
    private static final String SWITCH_LOCK_TIMEOUT = "200ms";
    private static final int SWITCH_ATTEMPTS = 50;

    /**
     * The fresh tables switched in for the live ones, the projections' tokens set where the rebuild stopped, in one
     * transaction. Renaming a table waits for its readers; a report's transaction reads several tables one after
     * another, and one that had read a table the switch-over had yet to rename, waiting on one already renamed,
     * deadlocked with it (PostgreSQL aborts one of the two after a second: a report answered 500 during a replay's
     * switch-over, and the switch-over could have been the one aborted). On PostgreSQL the switch-over waits at most
     * {@link #SWITCH_LOCK_TIMEOUT} for a lock, then gives way (rolled back: the readers go on) and tries again; after
     * {@link #SWITCH_ATTEMPTS} tries (readers that hold a table for long), once more waiting as long as it takes.
     */
    private void switchTables(Replay replay) {
        for (int attempt = 1; ; attempt++) {
            boolean giveWay = attempt < SWITCH_ATTEMPTS && database.isPostgres();
            try {
                transaction.executeWithoutResult(tx -> {
                    if (giveWay) {
                        jdbc.execute("set local lock_timeout = '" + SWITCH_LOCK_TIMEOUT + "'");
                    }
                    // where the slowest of the rebuild's segments stopped: the projections go on from there (events a
                    // faster segment already applied come again, and the projections skip what they have)
                    TrackingToken token = committedTokens.of(PROCESSOR).stream().reduce(TrackingToken::lowerBound).orElseThrow(
                            () -> new IllegalStateException("the rebuild has no token"));
                    for (String name : replay.projections()) {
                        ProjectionTables tables = projection(name).tables();
                        tables.tables().forEach(t -> jdbc.execute("alter table " + t + " rename to " + t + OLD));
                        tables.tables().forEach(t -> jdbc.execute("alter table " + t + NEXT + " rename to " + t));
                        tables.createViews(jdbc);
                        int segments = jdbc.update("delete from token_entry where processor_name = ?", name);
                        tokenStore.initializeTokenSegments(name, Math.max(segments, 1), token);
                        jdbc.update("delete from dead_letter_entry where processing_group = ?", name);
                        jdbc.update("update dead_letter_entry set processing_group = ? where processing_group = ?",
                                name, rebuildGroup(name));
                    }
                    jdbc.update("delete from token_entry where processor_name = ?", PROCESSOR);
                    jdbc.update("delete from projection_rebuild");
                });
                return;
            } catch (DataAccessException readersInTheWay) {
                if (!giveWay || !lockNotGranted(readersInTheWay)) {
                    throw readersInTheWay;
                }
                log.info("The switch-over gave way to reports reading the tables (attempt {}): trying again", attempt);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw readersInTheWay;
                }
            }
        }
    }

    /** Whether PostgreSQL did not grant a lock: it timed out (55P03), or a deadlock was broken (40P01). */
    private static boolean lockNotGranted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && ("55P03".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** The fresh tables of a projection being rebuilt. */
    private List<String> fresh(String projection) {
        return projection(projection).tables().tables().stream().map(table -> table + NEXT).toList();
    }

    /** The fresh tables' constraints and indexes take the names the old ones had. */
    private void restoreNames(ProjectionTables tables) {
        for (ProjectionTables.Named named : tables.named()) {
            String from = named.with(NEXT);
            try {
                if (named.constraint()) {
                    jdbc.execute("alter table " + named.table() + " rename constraint " + from + " to " + named.name());
                } else {
                    jdbc.execute("alter index if exists " + from + " rename to " + named.name());
                }
            } catch (RuntimeException e) {
                log.debug("not renamed: {} ({})", from, e.getMessage());
            }
        }
    }

    // --- lifecycle: a rebuild pending at start resumes -------------------------------------------------

    @Override
    public void start() {
        running = true;
        List<Map<String, Object>> pending = jdbc.queryForList("select projections, started_at, head, catch_up from projection_rebuild");
        if (pending.isEmpty()) {
            for (Projection projection : projections) {
                projection.tables().drop(jdbc, OLD);
                restoreNames(projection.tables());
            }
        } else {
            Map<String, Object> row = pending.get(0);
            List<String> names = List.of(row.get("projections").toString().split(","));
            Instant startedAt = ((java.util.Date) row.get("started_at")).toInstant();
            boolean catchUp = Boolean.TRUE.equals(row.get("catch_up"));
            current = new Replay(names, startedAt, ((Number) row.get("head")).longValue(), null, catchUp);
            if (catchUp) {
                pauseLive(names);
            }
            Integer tokens = jdbc.queryForObject("select count(*) from token_entry where processor_name = ?", Integer.class, PROCESSOR);
            if (tokens == null || tokens == 0) {
                // requested before it could start (by a migration that changed the tables): fresh tables first
                names.forEach(name -> projection(name).tables().createTables(jdbc, NEXT));
            }
            log.info("Resuming the rebuild of {} started at {}", names, startedAt);
            startProcessor(names);
        }
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rebuild-check");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.checkEvery().toMillis();
        checker.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
        if (properties.catchUpBehind() > 0) {
            long catchUpEvery = properties.catchUpCheckEvery().toMillis();
            checker.scheduleWithFixedDelay(() -> {
                try {
                    catchUpIfBehind(properties.catchUpBehind(), properties.catchUpShare(),
                            properties.catchUpQuietBelow(), properties.catchUpMaxWait());
                } catch (RuntimeException | Error e) {
                    log.warn("Checking whether the projections are far behind the log failed; trying again", e);
                }
            }, catchUpEvery, catchUpEvery, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (checker != null) {
            checker.shutdownNow();
        }
        TrackingEventProcessor processor = rebuilding;
        if (processor != null) {
            processor.shutDown();
        }
    }

    /** After the projections' own processors have started; stopped before them and before the database. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // --- helpers -----------------------------------------------------------------------------------------

    private Projection projection(String name) {
        return projections.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownProjectionException(List.of(name), projections()));
    }

    private static String rebuildGroup(String name) {
        return name + "@" + PROCESSOR;
    }

    /** The lowest committed position over the processor's segments; -1 before every segment has one. */
    private long position(String name) {
        List<TrackingToken> tokens = committedTokens.of(name);
        return tokens.stream().mapToLong(t -> t == null ? -1 : t.position().orElse(-1)).min().orElse(-1);
    }

    private long head() {
        Long head = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static StreamableMessageSource cast(StreamableMessageSource<?> source) {
        return source;
    }

    public static class UnknownProjectionException extends RuntimeException {
        public UnknownProjectionException(List<String> unknown, List<String> known) {
            super("unknown projections " + unknown + "; known: " + known);
        }
    }

    public static class ReplayRunningException extends RuntimeException {
        public ReplayRunningException(List<String> running) {
            super("a replay of " + running + " is still running");
        }
    }
}
