package io.salespipeline.command.imports;

import io.salespipeline.command.imports.ImportStore.Import;
import io.salespipeline.command.imports.ImportStore.Rejection;
import io.salespipeline.command.lead.Actor;
import io.salespipeline.platform.web.BadRequestException;
import io.salespipeline.platform.web.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Imports of lead histories: the file is stored first, in chunks of lines, in one transaction (a failed or
 * interrupted upload leaves nothing), then recorded in the background by {@code pipeline.imports.workers}
 * threads, a chunk per transaction ({@link LeadImporter}). An import still {@code RUNNING} when the service
 * starts (it was stopped or killed) resumes with the chunks not yet done. While the database is away a chunk
 * is retried for {@code pipeline.imports.outage-retry}; after that, or after an unexpected failure, the import
 * is {@code FAILED} and keeps what it recorded. Progress is reported as the replay's is: percent of the lines,
 * events per second over the last ten seconds (over the whole import once it has ended) and the time left at
 * that pace.
 */
@Service
public class ImportService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ImportService.class);
    private static final int CHUNK_BYTES = 4 * 1024 * 1024;

    /** The progress resource of API.md. */
    public record Progress(String id, String state, long lines, long leadsImported, long leadsRejected, long events,
                           double percent, Double eventsPerSecond, Long etaSeconds, Instant startedAt, Instant completedAt,
                           String detail, List<Error> errors) {
    }

    /** A rejected lead, as listed. */
    public record Error(long line, String leadId, String command, int status, String detail) {
    }

    private record Sample(Instant at, long lines, long events) {
    }

    /** The body is larger than {@code pipeline.imports.max-size}. */
    static class TooLargeException extends RuntimeException {
        TooLargeException() {
            super("the file is larger than this service accepts (pipeline.imports.max-size)");
        }
    }

    /** No import with that id. */
    static class UnknownImportException extends RuntimeException {
        UnknownImportException(String id) {
            super("no import with id " + id);
        }
    }

    private final ImportStore store;
    private final LeadImporter importer;
    private final ImportProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ExecutorService workers;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    ImportService(ImportStore store, LeadImporter importer, ImportProperties properties,
                  PlatformTransactionManager transactionManager, Clock clock) {
        this.store = store;
        this.importer = importer;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.workers(), r -> {
            Thread t = new Thread(r, "import-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stores the NDJSON file {@code body} as a new import by {@code actor} and starts recording it; answers its id.
     *
     * @throws TooLargeException   the file is larger than {@code pipeline.imports.max-size} (nothing is kept)
     * @throws BadRequestException the file holds no lead
     */
    public String start(InputStream body, Actor actor) {
        String id = UUID.randomUUID().toString();
        transaction.executeWithoutResult(tx -> {
            store.create(id, actor.user(), String.join(",", actor.roles()), clock.instant());
            try {
                receive(id, body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        submit(id);
        return id;
    }

    /** Splits the body into chunks of lines as it arrives; a line longer than allowed rejects its lead (413). */
    private void receive(String id, InputStream body) throws IOException {
        long maxSize = properties.maxSize().toBytes();
        long maxLine = properties.maxLineSize().toBytes();
        int perChunk = properties.leadsPerTransaction();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 16);
        ByteArrayOutputStream line = new ByteArrayOutputStream(1 << 12);
        List<Rejection> rejected = new ArrayList<>();
        byte[] buffer = new byte[1 << 16];
        long read = 0;
        long physical = 0;
        long chunkFirst = 1;
        long leads = 0;
        int chunkLeads = 0;
        int chunkNo = 0;
        boolean tooLong = false;
        boolean lineOpen = false;
        int n;
        while (true) {
            n = body.read(buffer);
            if (n < 0) {
                break;
            }
            read += n;
            if (read > maxSize) {
                throw new TooLargeException();
            }
            // the buffer's lines, each copied whole (not byte by byte: 156 MB took seconds of the upload)
            int start = 0;
            for (int i = 0; i <= n; i++) {
                if (i < n && buffer[i] != '\n') {
                    continue;
                }
                int length = i - start;
                if (length > 0) {
                    lineOpen = true;
                    if (!tooLong) {
                        if (line.size() + length > maxLine) {
                            tooLong = true;
                            line.reset();
                        } else {
                            line.write(buffer, start, length);
                        }
                    }
                }
                start = i + 1;
                if (i == n) {
                    break; // the rest of the line comes with the next read
                }
                physical++;
                int kind = endLine(line, tooLong, chunk, rejected, physical, maxLine);
                leads += kind;
                chunkLeads += kind == 1 && !tooLong ? 1 : 0;
                line.reset();
                tooLong = false;
                lineOpen = false;
                if (chunkLeads >= perChunk || chunk.size() >= CHUNK_BYTES) {
                    if (chunkLeads > 0) {
                        store.addChunk(id, chunkNo++, chunkFirst, physical, chunkLeads, chunk.toByteArray());
                    }
                    chunk.reset();
                    chunkFirst = physical + 1;
                    chunkLeads = 0;
                }
            }
        }
        if (lineOpen) {
            physical++;
            int kind = endLine(line, tooLong, chunk, rejected, physical, maxLine);
            leads += kind;
            chunkLeads += kind == 1 && !tooLong ? 1 : 0;
        }
        if (chunkLeads > 0) {
            store.addChunk(id, chunkNo, chunkFirst, physical, chunkLeads, chunk.toByteArray());
        }
        if (leads == 0) {
            throw new BadRequestException("body", "the file holds no lead: one lead a line, "
                    + "{\"leadId\": \"<uuid>\", \"commands\": [{\"command\": \"RegisterLead\", \"occurredAt\": \"...\", ...}, ...]}");
        }
        store.received(id, leads, rejected);
    }

    /** Adds a line to the chunk (an empty one for a blank or too long line); answers 1 for a lead's line, 0 for a blank one. */
    private static int endLine(ByteArrayOutputStream line, boolean tooLong, ByteArrayOutputStream chunk,
                               List<Rejection> rejected, long physical, long maxLine) {
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (tooLong) {
            rejected.add(new Rejection(physical, null, null, 413, "the line is longer than " + maxLine
                    + " bytes (pipeline.imports.max-line-size)"));
            chunk.write('\n');
            return 1;
        }
        boolean blank = true;
        for (int i = 0; i < length && blank; i++) {
            blank = bytes[i] == ' ' || bytes[i] == '\t';
        }
        if (!blank) {
            chunk.write(bytes, 0, length);
        }
        chunk.write('\n');
        return blank ? 0 : 1;
    }

    public Progress progress(String id, long errorsAfter) {
        Import i = store.find(id).orElseThrow(() -> new UnknownImportException(id));
        boolean running = i.state().equals("RUNNING");
        Instant now = clock.instant();
        Double rate = null;
        Double lineRate = null;
        if (running) {
            Deque<Sample> window = samples.computeIfAbsent(id, k -> new ArrayDeque<>());
            synchronized (window) {
                window.addLast(new Sample(now, i.linesDone(), i.events()));
                while (window.size() > 2 && Duration.between(window.peekFirst().at(), now).toSeconds() > 10) {
                    window.removeFirst();
                }
                Sample first = window.peekFirst();
                if (window.size() == 1) {
                    first = new Sample(i.startedAt(), 0, 0); // the first look: the pace since the start
                }
                long millis = Duration.between(first.at(), now).toMillis();
                if (millis > 0 && i.linesDone() > first.lines()) {
                    rate = (i.events() - first.events()) * 1000.0 / millis;
                    lineRate = (i.linesDone() - first.lines()) * 1000.0 / millis;
                }
            }
        } else {
            samples.remove(id);
            long millis = i.completedAt() == null ? 0 : Duration.between(i.startedAt(), i.completedAt()).toMillis();
            if (millis > 0) {
                rate = i.events() * 1000.0 / millis;
            }
        }
        double percent = i.lines() == 0 ? 100.0 : Math.round(i.linesDone() * 10000.0 / i.lines()) / 100.0;
        Long eta = i.state().equals("COMPLETED") ? Long.valueOf(0)
                : !running || lineRate == null ? null : (long) Math.ceil((i.lines() - i.linesDone()) / lineRate);
        List<Error> errors = store.rejections(id, errorsAfter, properties.errorsListed()).stream()
                .map(r -> new Error(r.line(), r.leadId(), r.command(), r.status(), r.detail())).toList();
        return new Progress(i.id(), i.state(), i.lines(), i.leadsImported(), i.leadsRejected(), i.events(), percent,
                rate == null ? null : Math.round(rate * 10) / 10.0, eta, i.startedAt(), i.completedAt(), i.detail(), errors);
    }

    /** The imports in the database, for the metrics: how many run, and the latest one's progress. */
    Optional<Progress> latest() {
        return store.latest().map(id -> progress(id, Long.MAX_VALUE));
    }

    long running() {
        return store.countRunning();
    }

    /** Imports interrupted by a stop or a crash go on where they were. */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        try {
            for (String id : store.running()) {
                log.info("import {} was running when the service stopped; resuming it", id);
                submit(id);
            }
        } catch (RuntimeException e) {
            log.warn("could not look for interrupted imports: {}", e.toString());
        }
    }

    private void submit(String id) {
        if (!scheduled.add(id)) {
            return;
        }
        List<Integer> chunks = store.chunks(id);
        if (chunks.isEmpty()) {
            finish(id);
            return;
        }
        AtomicInteger left = new AtomicInteger(chunks.size());
        for (int chunk : chunks) {
            workers.submit(() -> {
                try {
                    if (!stopping) {
                        runChunk(id, chunk);
                    }
                } finally {
                    if (left.decrementAndGet() == 0) {
                        finish(id);
                    }
                }
            });
        }
    }

    private void finish(String id) {
        scheduled.remove(id);
        if (stopping) {
            return;
        }
        try {
            if (store.completeIfDone(id, clock.instant())) {
                store.find(id).ifPresent(i -> log.info("import {} completed: {} lines, {} leads imported, {} rejected, {} events",
                        id, i.lines(), i.leadsImported(), i.leadsRejected(), i.events()));
            }
        } catch (RuntimeException e) {
            log.warn("import {}: could not mark it completed ({}); it is resumed at the next start", id, e.toString());
        }
    }

    private void runChunk(String id, int chunk) {
        Instant giveUpAt = null;
        while (!stopping) {
            try {
                Optional<Import> current = store.find(id);
                if (current.isEmpty() || !current.get().state().equals("RUNNING")) {
                    return;
                }
                Import i = current.get();
                Actor actor = new Actor(i.requestedBy(), Arrays.stream(i.roles().split(",")).map(String::trim)
                        .filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet()));
                importer.record(id, chunk, actor);
                return;
            } catch (RuntimeException e) {
                if (DatabaseFailures.isUnavailable(e)) {
                    Instant now = clock.instant();
                    giveUpAt = giveUpAt != null ? giveUpAt : now.plus(properties.outageRetry());
                    if (now.isBefore(giveUpAt)) {
                        sleep(1000);
                        continue;
                    }
                }
                if (stopping) {
                    log.info("import {}: chunk {} cut short by the shutdown; it is recorded after the next start", id, chunk);
                    return;
                }
                log.error("import {}: chunk {} failed; the import is FAILED with what it recorded", id, chunk, e);
                try {
                    store.fail(id, clock.instant(), "recording stopped at a failure: " + e);
                } catch (RuntimeException again) {
                    log.warn("import {}: could not mark it FAILED ({}); it is resumed at the next start", id, again.toString());
                }
                return;
            }
        }
    }

    private volatile boolean started;

    @Override
    public void start() {
        started = true;
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /**
     * Stops before the web server's graceful shutdown ends and long before Axon's components stop: no chunk
     * starts any more, the ones being recorded finish (up to 15 s; one cut short rolls back and is recorded
     * after the next start), and the imports stay {@code RUNNING}, to resume then.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }

    @Override
    public void stop() {
        stopping = true;
        started = false;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(15, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
