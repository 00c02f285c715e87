package io.salespipeline.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service at scale (issue 7): generates a history of {@code bench.leads} leads (100,000 by default,
 * about 1 M events), imports it into standalone on PostgreSQL with a heap of {@code bench.heap} (512 MB),
 * waits for the read models, replays every projection, loads each read with 8 clients and exports the
 * whole log, and writes {@code docs/benchmarks/scale-<date>.md}.
 * <pre>
 * mvn -q -DskipTests package && java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar scale
 * </pre>
 */
final class ScaleBenchmark {

    private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
    private static final String HEAP = System.getProperty("bench.heap", "512m");
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    /** How often the reports are read and compared while a replay runs. */
    private static final Duration COMPARE_EVERY = Duration.ofSeconds(Long.getLong("bench.compare-every", 5));
    private static final Duration READ_WARMUP = Duration.ofSeconds(Long.getLong("bench.read-warmup", 5));
    /** How long each read runs, not measured, in a round of every read before the first is measured. */
    private static final Duration READ_ROUND = Duration.ofSeconds(Long.getLong("bench.read-round", 5));
    private static final Duration READ_SECONDS = Duration.ofSeconds(Long.getLong("bench.read-seconds", 8));
    /** Which parts run: all of them by default; {@code reads} alone with {@code bench.database} measures an existing database. */
    private static final List<String> PHASES = List.of(System.getProperty("bench.phases", "import,replay,reads,export").split(","));
    /** An existing database to measure (kept afterwards) instead of a fresh one. */
    private static final String EXISTING_DATABASE = System.getProperty("bench.database");
    private static final String USER = "bench-admin";
    private static final String PASSWORD = "bench-admin-password";
    private static final Pattern NUMBER = Pattern.compile("\"%s\"\\s*:\\s*\"?([-0-9.eE]+)");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work = root.resolve("target").resolve("bench-scale");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> lines = new ArrayList<>();
    private final List<String> anchors = new ArrayList<>();
    private final List<String> table = new ArrayList<>();
    private final List<String> readTable = new ArrayList<>();
    private int port;

    static void main(String[] args) throws Exception {
        new ScaleBenchmark().run();
    }

    private void run() throws Exception {
        Files.createDirectories(work);
        Path standaloneJar = Service.jar("standalone/target/standalone-0.1.0-SNAPSHOT.jar");
        log("PostgreSQL's own append (pgbench, 16 clients, 10 s): the anchor");
        Postgres.Pgbench raw = Postgres.rawAppend(16, 10, work);
        log("  " + Math.round(raw.tps()) + " tx/s");
        anchors.add("PostgreSQL's own single-row append (pgbench, 16 clients) **" + Math.round(raw.tps()) + " tx/s**");

        HistoryFile generated = null;
        if (PHASES.contains("import")) {
            Path history = work.resolve("history-" + LEADS + ".ndjson");
            log("generating " + LEADS + " leads into " + history);
            long t0 = System.nanoTime();
            generated = HistoryFile.generate(history, LEADS, 20261127L);
            double generateSeconds = seconds(t0);
            log("  " + generated.leads() + " leads, " + generated.events() + " events, " + Files.size(history) / (1 << 20)
                    + " MiB in " + f1(generateSeconds) + " s");
            table.add("| History generated | " + generated.leads() + " leads, " + generated.events() + " events in "
                    + f1(generateSeconds) + " s | 100,000 leads ≈ 1 M events |");
        }

        String database = EXISTING_DATABASE != null ? EXISTING_DATABASE : "bench_scale_" + ProcessHandle.current().pid();
        if (EXISTING_DATABASE == null) {
            Postgres.createDatabase(database);
        }
        try (Service standalone = Service.start("standalone", standaloneJar, Service.freePort(), environment(database),
                jvmOptions(), List.of("--spring.profiles.active=postgres"), work.resolve("standalone.log"))) {
            port = standalone.port;
            log("standalone on PostgreSQL started (pid " + standalone.pid() + ", -Xmx" + HEAP + ") on database " + database);
            HeapSampler heap = new HeapSampler(standalone.pid());
            if (generated != null) {
                importHistory(database, generated, heap);
            }
            long eventsStored = Postgres.queryLong(database, "select count(*) from domain_event_entry");
            awaitReadModels(Postgres.queryLong(database, "select coalesce(max(global_index), 0) from domain_event_entry"));
            Instant now = Instant.now();
            if (PHASES.contains("replay")) {
                replay(database, eventsStored, now, heap);
            }
            if (PHASES.contains("reads")) {
                String owner = generated != null ? generated.anOwner()
                        : strings(database, "select owner from visit_lead order by lead_id limit 1").get(0);
                reads(database, owner, now);
            }
            if (PHASES.contains("export")) {
                export(heap);
            }
            heap.close();
            write(database);
        } finally {
            if (EXISTING_DATABASE == null && !Boolean.getBoolean("bench.keep-database")) {
                Postgres.dropDatabase(database);
            }
        }
    }

    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-Xmx" + HEAP, "-Xms" + HEAP));
        options.addAll(Service.extraJvmOptions());
        return options;
    }

    private void importHistory(String database, HistoryFile generated, HeapSampler heap) throws Exception {
        log("import");
        heap.reset();
        long importStart = System.nanoTime();
        HttpResponse<String> accepted = client.send(request("/api/imports")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofFile(work.resolve("history-" + LEADS + ".ndjson"))).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(accepted, 202);
        String progressPath = URI.create(accepted.headers().firstValue("Location").orElseThrow()).getPath();
        String progress = awaitState(progressPath, Duration.ofHours(1), "COMPLETED", "FAILED");
        double importSeconds = seconds(importStart);
        long events = Postgres.queryLong(database, "select count(*) from domain_event_entry");
        long head = Postgres.queryLong(database, "select max(global_index) from domain_event_entry");
        long leadsImported = (long) number(progress, "leadsImported");
        long leadsRejected = (long) number(progress, "leadsRejected");
        log("  " + state(progress) + ": " + leadsImported + " leads imported, " + leadsRejected + " rejected, "
                + events + " events in the store in " + f1(importSeconds) + " s = "
                + Math.round(events / importSeconds) + " events/s");
        long catchUpStart = System.nanoTime();
        awaitReadModels(head);
        double importCatchUp = seconds(catchUpStart);
        double importHeap = heap.peakMiB();
        log("  read models caught up " + f1(importCatchUp) + " s after the import ended; heap peak " + f0(importHeap) + " MiB");
        table.add("| Import (`POST /api/imports`, NDJSON) | " + leadsImported + " leads imported, " + leadsRejected + " rejected, "
                + events + " events in " + f1(importSeconds) + " s = **" + Math.round(events / importSeconds)
                + " events/s**; heap peak " + f0(importHeap) + " MiB | ≥ 10,000 events/s |");
        table.add("| Read models caught up after the import | " + f1(importCatchUp) + " s after it ended | within the replay time |");
    }

    private void replay(String database, long events, Instant now, HeapSampler heap) throws Exception {
        // the reports' answers before the replay, compared during it and after it
        List<String> reports = List.of("/api/analytics/lost-reasons?to=" + now, "/api/analytics/time-in-stage?to=" + now,
                "/api/analytics/funnel?to=" + now, "/api/analytics/sla?to=" + now, "/api/pipeline?limit=5&at=" + now);
        Map<String, String> before = new LinkedHashMap<>();
        for (String report : reports) {
            before.put(report, get(report).body());
        }
        log("full replay of every projection");
        long orderedRead = orderedReadRate(database);
        anchors.add("PostgreSQL reading the whole log in order **" + orderedRead + " rows/s**");
        heap.reset();
        long replayStart = System.nanoTime();
        HttpResponse<String> replay = client.send(request("/api/admin/replays").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        expect(replay, 202);
        AtomicLong compared = new AtomicLong();
        AtomicLong differed = new AtomicLong();
        AtomicLong lastRound = new AtomicLong(System.nanoTime());
        String replayed = awaitState("/api/admin/replays/current", Duration.ofHours(1), () -> {
            // a round of the reports every few seconds: they are heavy reads (all history), and the rebuild's
            // rate is the figure measured here (ReplayTest compares every report throughout a rebuild)
            if (System.nanoTime() - lastRound.get() < COMPARE_EVERY.toNanos()) {
                return;
            }
            lastRound.set(System.nanoTime());
            for (String report : reports) {
                try {
                    HttpResponse<String> during = get(report);
                    compared.incrementAndGet();
                    if (during.statusCode() != 200 || !during.body().equals(before.get(report))) {
                        differed.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "COMPLETED", "FAILED");
        double replaySeconds = seconds(replayStart);
        double replayHeap = heap.peakMiB();
        log("  " + state(replayed) + " in " + f1(replaySeconds) + " s = " + Math.round(events / replaySeconds)
                + " events/s (the service says " + Math.round(number(replayed, "eventsPerSecond")) + "); heap peak "
                + f0(replayHeap) + " MiB; PostgreSQL's ordered read of the log " + orderedRead + " rows/s; "
                + compared.get() + " report answers during the rebuild (a round every " + COMPARE_EVERY.toSeconds() + " s), "
                + differed.get() + " differed from before");
        long differAfter = 0;
        for (String report : reports) {
            if (!get(report).body().equals(before.get(report))) {
                differAfter++;
            }
        }
        log("  after the switch-over " + differAfter + " of " + reports.size() + " reports differ from before the replay");
        table.add("| Full replay of every projection | " + events + " events in " + f1(replaySeconds) + " s = **"
                + Math.round(events / replaySeconds) + " events/s** (" + pct(events / replaySeconds, orderedRead)
                + " of PostgreSQL's ordered read); heap peak " + f0(replayHeap) + " MiB of " + HEAP + " | ≥ 20,000 events/s, heap ≤ 512 MB |");
        table.add("| Reports during the rebuild | " + compared.get() + " answers, " + differed.get()
                + " differed from before it started; after the switch-over " + differAfter + " of " + reports.size()
                + " differ | the same numbers |");
    }

    private void reads(String database, String owner, Instant now) throws Exception {
        Instant sixMonthsBack = now.minus(Duration.ofDays(182));
        LocalDate monthStart = LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).minusMonths(2);
        String oneMonth = "from=" + monthStart.atStartOfDay().toInstant(ZoneOffset.UTC) + "&to="
                + monthStart.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        List<String> leadIds = strings(database, "select aggregate_identifier from domain_event_entry "
                + "where sequence_number = 0 and type = 'Lead' order by random() limit 2000");
        Map<String, IntFunction<String>> reads = new LinkedHashMap<>();
        reads.put("board now", c -> "/api/pipeline");
        reads.put("board 6 months back", c -> "/api/pipeline?at=" + sixMonthsBack);
        reads.put("leads, stage", c -> "/api/leads?stage=" + pick("OFFER_SENT", "CONTACTED", "FOLLOW_UP", "WON", "LOST") + "&page=" + page());
        reads.put("leads, owner", c -> "/api/leads?owner=" + owner + "&page=" + page());
        reads.put("leads, source", c -> "/api/leads?source=" + pick("WEBSITE", "REFERRAL", "COLD_CALL", "GOOGLE_ADS") + "&page=" + page());
        reads.put("leads, flag", c -> "/api/leads?flag=" + pick("NO_NEXT_STEP", "NEXT_STEP_OVERDUE", "FOLLOW_UP_OVERDUE") + "&page=" + page());
        reads.put("leads, no filter", c -> "/api/leads?page=" + page());
        reads.put("lead", c -> "/api/leads/" + leadIds.get(ThreadLocalRandom.current().nextInt(leadIds.size())));
        reads.put("lead history", c -> "/api/leads/" + leadIds.get(ThreadLocalRandom.current().nextInt(leadIds.size())) + "/history");
        for (String report : List.of("lost-reasons", "time-in-stage", "funnel", "sla")) {
            reads.put(report + ", all history", c -> "/api/analytics/" + report);
            reads.put(report + ", one month", c -> "/api/analytics/" + report + "?" + oneMonth);
        }
        List<String> only = List.of(System.getProperty("bench.reads", "").split(","));
        readTable.add("Reads, " + CLIENTS + " concurrent clients each, after a round of every read (" + READ_ROUND.toSeconds()
                + " s each, not measured), "
                + READ_WARMUP.toSeconds() + " s warm-up then " + READ_SECONDS.toSeconds() + " s measured (target p95 ≤ 50 ms):");
        readTable.add("");
        readTable.add("| Read | req/s | p50 ms | p95 ms | p99 ms | max ms | answers |");
        readTable.add("|---|---|---|---|---|---|---|");
        reads.keySet().removeIf(read -> !only.get(0).isEmpty() && only.stream().noneMatch(read::startsWith));
        // a round of every read first, not measured: a service in use has their code compiled, and without it the
        // first read measured (the board) was also the first the JIT saw of the service's read path. On two cores the
        // JIT compiles beside the load: the board's CPU per answer fell from 7.9 to 3.9 ms over its first 80 s of load
        // (and to 2.4 ms minutes later), so each read of the round runs a few seconds (bench.read-round)
        for (IntFunction<String> path : reads.values()) {
            Load.closedLoop(CLIENTS, Duration.ofSeconds(1), Duration.ofMillis(Math.max(500, READ_ROUND.toMillis() - 1000)),
                    () -> new HttpConnection("127.0.0.1", port, USER, PASSWORD),
                    c -> connection -> connection.get(path.apply(c)).status());
        }
        for (Map.Entry<String, IntFunction<String>> read : reads.entrySet()) {
            IntFunction<String> path = read.getValue();
            Load.Result r = Load.closedLoop(CLIENTS, READ_WARMUP, READ_SECONDS,
                    () -> new HttpConnection("127.0.0.1", port, USER, PASSWORD),
                    c -> connection -> connection.get(path.apply(c)).status());
            log("  " + read.getKey() + ": " + Math.round(r.rate()) + " req/s, p50 " + Stats.f(r.latency().p50())
                    + " ms, p95 " + Stats.f(r.latency().p95()) + " ms, statuses " + r.statuses());
            readTable.add("| " + read.getKey() + " | " + Math.round(r.rate()) + " | " + Stats.f(r.latency().p50()) + " | "
                    + Stats.f(r.latency().p95()) + " | " + Stats.f(r.latency().p99()) + " | " + Stats.f(r.latency().max()) + " | "
                    + r.statuses() + " |");
        }
    }

    private void export(HeapSampler heap) throws Exception {
        log("export of the whole log (GET /api/events)");
        heap.reset();
        double heapBefore = heap.currentMiB();
        long exportStart = System.nanoTime();
        HttpResponse<InputStream> export = client.send(request("/api/events").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        expect(export, 200);
        long exported = 0;
        long bytes = 0;
        try (InputStream in = export.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        exported++;
                    }
                }
            }
        }
        double exportSeconds = seconds(exportStart);
        double exportHeap = heap.peakMiB();
        log("  " + exported + " events, " + bytes / (1 << 20) + " MiB in " + f1(exportSeconds) + " s = "
                + Math.round(exported / exportSeconds) + " events/s; heap " + f0(heapBefore) + " MiB before, peak "
                + f0(exportHeap) + " MiB during");
        table.add("| Export `GET /api/events` | " + exported + " events, " + bytes / (1 << 20) + " MiB in " + f1(exportSeconds)
                + " s = " + Math.round(exported / exportSeconds) + " events/s; heap " + f0(heapBefore) + " MiB before, peak "
                + f0(exportHeap) + " MiB during | constant memory |");
    }

    // --- the history file ---------------------------------------------------------------------------

    /** The generated history: how many leads and commands, and an owner it names. */
    record HistoryFile(long leads, long events, String anOwner) {

        static HistoryFile generate(Path file, int leads, long seed) throws IOException {
            io.salespipeline.history.HistoryGenerator.Counts counts;
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                counts = new io.salespipeline.history.HistoryGenerator(seed, Instant.now().minus(Duration.ofDays(1)))
                        .write(leads, out);
            }
            String firstLine;
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                firstLine = in.readLine();
            }
            Matcher owner = Pattern.compile("\"owner\"\\s*:\\s*\"([^\"]+)\"").matcher(firstLine);
            return new HistoryFile(counts.leads(), counts.events(), owner.find() ? owner.group(1) : "nobody");
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    /**
     * Samples the service's heap in use every 250 ms with {@code jstat -gc} (the JDK's tool, reading the JVM's
     * performance counters from outside: it costs the service nothing, where asking its Prometheus endpoint four
     * times a second costs a computation of every gauge).
     */
    private static final class HeapSampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong current = new AtomicLong(-1);
        private final Process jstat;
        private final Thread thread;

        HeapSampler(long pid) throws IOException {
            jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(), "-gc",
                    Long.toString(pid), "250").redirectErrorStream(true).start();
            thread = new Thread(this::read, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void read() {
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> header = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    List<String> fields = List.of(line.trim().split("\\s+"));
                    if (fields.contains("EU")) {
                        header = fields;
                    } else if (header != null && fields.size() == header.size()) {
                        double kib = 0;
                        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
                            kib += Double.parseDouble(fields.get(header.indexOf(column)));
                        }
                        long used = (long) (kib * 1024);
                        current.set(used);
                        peak.accumulateAndGet(used, Math::max);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the service ended
            }
        }

        void reset() {
            peak.set(current.get());
        }

        double peakMiB() {
            return peak.get() / 1048576.0;
        }

        double currentMiB() {
            return current.get() / 1048576.0;
        }

        @Override
        public void close() {
            jstat.destroy();
        }
    }

    /** PostgreSQL reading the whole log in order (the replay's source), rows a second. */
    private static long orderedReadRate(String database) throws Exception {
        long t = System.nanoTime();
        // every row's payload and metadata read (their lengths summed), in the log's order (offset 0 keeps the
        // order): a bare count(*) let PostgreSQL drop the order and the columns and count an index (13-17 million
        // "rows/s" in the reports of 2026-11-27 and 28)
        long rows = Postgres.queryLong(database, "select count(*) + 0 * sum(octet_length(payload) + octet_length(meta_data)) "
                + "from (select global_index, payload, meta_data from domain_event_entry order by global_index offset 0) log");
        return Math.round(rows / seconds(t));
    }

    /**
     * Waits until the read models have applied the event at {@code position} (read-your-writes), asking cheap
     * reads of each: the lead list (lead views) and the board's counts (stage visits).
     */
    private void awaitReadModels(long position) throws Exception {
        Instant until = Instant.now().plus(Duration.ofHours(1));
        for (String path : List.of("/api/leads?size=1&minPosition=" + position, "/api/pipeline?limit=0&minPosition=" + position)) {
            while (get(path).statusCode() != 200) {
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException("read models not caught up with " + position);
                }
            }
        }
    }

    private String awaitState(String path, Duration max, String... done) throws Exception {
        return awaitState(path, max, () -> { }, done);
    }

    private String awaitState(String path, Duration max, Runnable meanwhile, String... done) throws Exception {
        Instant until = Instant.now().plus(max);
        long lastLog = 0;
        while (Instant.now().isBefore(until)) {
            HttpResponse<String> r = get(path);
            expect(r, 200);
            String state = state(r.body());
            if (List.of(done).contains(state)) {
                return r.body();
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                lastLog = System.nanoTime();
                log("  " + r.body().replaceAll("\"errors\"\\s*:\\s*\\[.*", "…"));
            }
            meanwhile.run();
            Thread.sleep(500);
        }
        throw new IllegalStateException(path + " not done in " + max);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofMinutes(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<?> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("expected " + status + " from " + response.uri() + ", got " + response.statusCode()
                    + ": " + response.body());
        }
    }

    private static String state(String body) {
        Matcher m = STATE.matcher(body);
        return m.find() ? m.group(1) : "?";
    }

    private static double number(String body, String field) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), field)).matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static List<String> strings(String database, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(Postgres.url(database), Postgres.USER, "");
             var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static String pick(String... values) {
        return values[ThreadLocalRandom.current().nextInt(values.length)];
    }

    private static int page() {
        return ThreadLocalRandom.current().nextInt(5);
    }

    private Map<String, String> environment(String database) {
        return Service.environment(database, USER, PASSWORD, "ADMIN");
    }



    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String f0(double v) {
        return String.format("%.0f", v);
    }

    private static String f1(double v) {
        return String.format("%.1f", v);
    }

    private void log(String line) {
        System.out.println("[scale " + java.time.LocalTime.now().withNano(0) + "] " + line);
        lines.add(line);
    }

    private void write(String database) throws Exception {
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        long leads = Postgres.queryLong(database, "select count(*) from visit_lead");
        long events = Postgres.queryLong(database, "select count(*) from domain_event_entry");
        List<String> out = new ArrayList<>();
        out.add("# Scale benchmark, " + date + ", " + leads + " leads, " + events + " events");
        out.add("");
        out.add("Reproduce from the project's root: `mvn -q -DskipTests package && java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar scale`"
                + " (before `-jar`: `-Dbench.leads=N` for another size; `-Dbench.database=NAME -Dbench.phases=reads` to measure the"
                + " reads of an existing database). This run: phases " + String.join(", ", PHASES) + ".");
        out.add("");
        out.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", PostgreSQL at " + Postgres.HOST_PORT + " on the same machine. Standalone on "
                + "PostgreSQL started with `java " + String.join(" ", jvmOptions()) + " -jar`; the load comes from this separate process over HTTP Basic. "
                + "Anchors measured in the same run: " + String.join("; ", anchors) + ".");
        out.add("");
        if (!table.isEmpty()) {
            out.add("| Measured | figure | target |");
            out.add("|---|---|---|");
            out.addAll(table);
            out.add("");
        }
        out.addAll(readTable);
        out.add("");
        out.add("## Log");
        out.add("");
        out.add("```");
        out.addAll(lines);
        out.add("```");
        String name = PHASES.size() == 4 && EXISTING_DATABASE == null ? "scale-" + date + ".md"
                : "scale-" + date + "-" + String.join("-", PHASES) + "-" + leads + "-leads.md";
        Path report = root.resolve("docs").resolve("benchmarks").resolve(name);
        Files.createDirectories(report.getParent());
        Files.write(report, out, StandardCharsets.UTF_8);
        out.forEach(System.out::println);
        log("report written to " + root.relativize(report));
    }

    /** A share in percent, to two significant digits (a replay is a fraction of a percent of the ordered read). */
    private static String pct(double value, double of) {
        double percent = 100 * value / of;
        return percent >= 10 ? String.format("%.0f %%", percent) : new java.math.BigDecimal(percent)
                .round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString() + " %";
    }
}
