package io.salespipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The write path as users meet it: HTTP Basic, 16 concurrent clients, standalone on PostgreSQL with its
 * projections running, then the split deployment; every rate beside PostgreSQL's own single-row append
 * rate measured in the same run. Writes {@code docs/benchmarks/write-path-<date>.md}.
 */
final class WritePathBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 10));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
    private static final Duration SERVICE_WARMUP = Duration.ofSeconds(Long.getLong("bench.service-warmup", 20));
    private static final int LEADS_PER_CLIENT = 8;
    private static final int EVENTS_PER_LEAD = 50;
    private static final int LAG_SAMPLES = Integer.getInteger("bench.lag-samples", 200);
    /** The background load of the lag "under load", registrations a second; by default half the measured maximum. */
    private static final int LAG_LOAD = Integer.getInteger("bench.lag-load", 0);
    private static final List<String> SCENARIOS = List.of(System.getProperty("bench.scenarios",
            "read,register,follow-ups,lag,split").split(","));
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private static final Pattern LEAD_ID = Pattern.compile("\"leadId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");

    private final Path root = Path.of("").toAbsolutePath();
    private final Path work;
    private final boolean profile;
    private final List<String> report = new ArrayList<>();

    private WritePathBenchmark(boolean profile) throws IOException {
        this.profile = profile;
        this.work = root.resolve("benchmarks/target/write-path-" + System.currentTimeMillis());
        Files.createDirectories(work);
    }

    static void main(String[] args) throws Exception {
        new WritePathBenchmark(List.of(args).contains("--profile")).run();
    }

    private void run() throws Exception {
        Path standaloneJar = Service.jar("standalone/target/standalone-0.1.0-SNAPSHOT.jar");
        Path commandJar = Service.jar("command-side/target/command-side-0.1.0-SNAPSHOT-exec.jar");
        Path queryJar = Service.jar("query-side/target/query-side-0.1.0-SNAPSHOT-exec.jar");
        log("work directory " + work);

        log("PostgreSQL's own append rate (pgbench, " + CLIENTS + " clients, 15 s)");
        Postgres.Pgbench raw = Postgres.rawAppend(CLIENTS, 15, work);
        log(String.format("  %.0f tx/s, mean latency %.2f ms", raw.tps(), raw.latencyMs()));

        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> profiles = new ArrayList<>();
        String database = "bench_" + ProcessHandle.current().pid();
        Postgres.createDatabase(database);
        try (Service standalone = Service.start("standalone", standaloneJar, Service.freePort(), environment(database),
                jvmOptions(), List.of("--spring.profiles.active=postgres"), work.resolve("standalone.log"))) {
            log("standalone on PostgreSQL started (pid " + standalone.pid() + ")");
            servicePids = List.of(standalone.pid());
            serviceDatabase = database;
            warmUp(standalone.port, standalone.port);
            if (SCENARIOS.contains("read")) {
                rows.put("read", singleClientRead(standalone.port));
            }
            Load.Result register = null;
            if (SCENARIOS.contains("register")) {
            Jfr jfr = profile ? Jfr.start(standalone.pid(), work.resolve("register.jfr")) : null;
            register = registrations(standalone.port, standalone.port);
            Duration registerCatchUp = lastLeadsVisible(standalone.port);
            Cpu.Cost registerCpu = cpuPerRequest(register);
            if (jfr != null) {
                profiles.addAll(Profile.markdown("POST /api/leads, standalone", Profile.of(jfr.stop(), 25)));
            }
            rows.put("register", Row.of("`POST /api/leads`", register, raw, registerCatchUp, registerCpu));
            }
            if (SCENARIOS.contains("follow-ups")) {
            List<String> leads = prepareLongLeads(standalone.port);
            Jfr jfr = profile ? Jfr.start(standalone.pid(), work.resolve("follow-ups.jfr")) : null;
            Load.Result followUps = followUps(standalone.port, leads);
            Duration followUpCatchUp = followUpsVisible(standalone.port, leads);
            Cpu.Cost followUpCpu = cpuPerRequest(followUps);
            if (jfr != null) {
                profiles.addAll(Profile.markdown("POST …/follow-ups on leads of " + EVENTS_PER_LEAD + "+ events, standalone",
                        Profile.of(jfr.stop(), 25)));
            }
            rows.put("follow-ups", Row.of("`POST …/follow-ups` (leads of ≥ " + EVENTS_PER_LEAD + " events)", followUps, raw,
                    followUpCatchUp, followUpCpu));
            }
            if (SCENARIOS.contains("lag") && register != null) {
            rows.put("lag-idle", lag("standalone, idle", standalone.port, standalone.port, 0));
            rows.put("lag-half", lag(LAG_LOAD > 0 ? "standalone, under a load of " + LAG_LOAD + " registrations/s"
                    : "standalone, under half the maximum load", standalone.port, standalone.port,
                    LAG_LOAD > 0 ? LAG_LOAD : register.rate() / 2));
            }
        } finally {
            Postgres.dropDatabase(database);
        }
        if (SCENARIOS.contains("split")) {
            split(raw, rows, commandJar, queryJar);
        }
        write(raw, rows, profiles);
    }

    private void split(Postgres.Pgbench raw, Map<String, Row> rows, Path commandJar, Path queryJar) throws Exception {

        String splitDatabase = "bench_split_" + ProcessHandle.current().pid();
        Postgres.createDatabase(splitDatabase);
        try (Service commands = Service.start("command-side", commandJar, Service.freePort(), environment(splitDatabase),
                jvmOptions(), List.of(), work.resolve("command-side.log"));
             Service queries = Service.start("query-side", queryJar, Service.freePort(), environment(splitDatabase),
                     jvmOptions(), List.of(), work.resolve("query-side.log"))) {
            log("split deployment started (command side pid " + commands.pid() + ", query side pid " + queries.pid() + ")");
            servicePids = List.of(commands.pid(), queries.pid());
            serviceDatabase = splitDatabase;
            warmUp(commands.port, queries.port);
            Load.Result register = registrations(commands.port, commands.port);
            Duration catchUp = lastLeadsVisible(queries.port);
            rows.put("split-register", Row.of("`POST /api/leads`, split deployment", register, raw, catchUp,
                    cpuPerRequest(register)));
            rows.put("split-lag-idle", lag("split deployment, idle", commands.port, queries.port, 0));
            rows.put("split-lag-half", lag("split deployment, under half the maximum load", commands.port, queries.port,
                    register.rate() / 2));
        } finally {
            Postgres.dropDatabase(splitDatabase);
        }
    }

    // --- scenarios ---------------------------------------------------------------------------------

    /** One client reading one lead, after its first request. */
    private Row singleClientRead(int port) throws Exception {
        try (HttpConnection http = connection(port)) {
            String id = leadId(http.post("/api/leads", registration(0, 0)).body());
            awaitVisible(http, id);
            long first = System.nanoTime();
            http.get("/api/leads/" + id);
            double firstMs = (System.nanoTime() - first) / 1e6;
            int n = 3000;
            long[] samples = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                int status = http.get("/api/leads/" + id).status();
                samples[i] = System.nanoTime() - t0;
                if (status != 200) {
                    throw new IllegalStateException("GET answered " + status);
                }
            }
            Stats stats = Stats.ofNanos(samples);
            log(String.format("  GET /api/leads/{id}, one client: median %.2f ms, p99 %.2f ms (first request after "
                    + "registration %.1f ms)", stats.p50(), stats.p99(), firstMs));
            return new Row("`GET /api/leads/{id}`, one client", null, null, stats, null,
                    String.format("%d requests in a row; a request with new credentials took %.1f ms", n, firstMs));
        }
    }

    private final Map<Integer, String> lastLead = new java.util.concurrent.ConcurrentHashMap<>();

    private Cpu.Snapshot cpuAtStart;

    private Load.Result registrations(int commandPort, int queryPort) throws InterruptedException {
        log("POST /api/leads, " + CLIENTS + " clients, " + WARMUP.toSeconds() + " s warm-up, " + MEASURE.toSeconds() + " s");
        lastLead.clear();
        Load.Result result = Load.closedLoop(CLIENTS, WARMUP, MEASURE, () -> connection(commandPort), client -> {
            int[] n = {0};
            return http -> {
                HttpConnection.Response r = http.post("/api/leads", registration(client, n[0]++));
                if (r.status() == 201) {
                    lastLead.put(client, leadId(r.body()));
                }
                return r.status();
            };
        }, this::markCpu);
        print(result);
        return result;
    }

    private List<Long> servicePids = List.of();
    private String serviceDatabase;

    private void markCpu() {
        cpuAtStart = Cpu.snapshot(servicePids, serviceDatabase);
    }

    /** CPU from the start of the measured window until the read side caught up, per request answered. */
    private Cpu.Cost cpuPerRequest(Load.Result result) {
        Cpu.Cost cost = Cpu.between(cpuAtStart, Cpu.snapshot(servicePids, serviceDatabase)).per(Math.max(1, result.ok()));
        log("  " + cost);
        return cost;
    }

    /** How long after the load the read side shows each client's last registration. */
    private Duration lastLeadsVisible(int queryPort) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (HttpConnection http = connection(queryPort)) {
            for (String id : lastLead.values()) {
                awaitVisible(http, id);
            }
        }
        Duration d = Duration.ofNanos(System.nanoTime() - start);
        log("  read side caught up " + d.toMillis() + " ms after the load ended");
        return d;
    }

    /** Leads in FOLLOW_UP with at least {@link #EVENTS_PER_LEAD} events each, {@link #LEADS_PER_CLIENT} per client. */
    private List<String> prepareLongLeads(int port) throws Exception {
        log("preparing " + CLIENTS * LEADS_PER_CLIENT + " leads of " + (EVENTS_PER_LEAD + 1) + " events");
        List<String> leads = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                try (HttpConnection http = connection(port)) {
                    for (int l = 0; l < LEADS_PER_CLIENT; l++) {
                        String id = leadId(expect(http.post("/api/leads", registration(client, 1_000_000 + l)), 201).body());
                        String base = "/api/leads/" + id;
                        expect(http.post(base + "/first-contact", "{\"channel\": \"PHONE\", \"nextContactAt\": \""
                                + Instant.now().plus(Duration.ofDays(1)) + "\"}"), 200);
                        expect(http.post(base + "/qualification", "{\"estimatedValue\": {\"amount\": \"12000.00\", "
                                + "\"currency\": \"PLN\"}, \"proposedService\": \"CRM rollout\"}"), 200);
                        expect(http.post(base + "/offer-preparation", "{}"), 200);
                        expect(http.post(base + "/offer", "{\"value\": {\"amount\": \"11500.00\", \"currency\": \"PLN\"}, "
                                + "\"description\": \"CRM rollout, 20 seats\"}"), 200);
                        for (int i = 5; i < EVENTS_PER_LEAD + 1; i++) {
                            expect(http.post(base + "/follow-ups", followUp()), 200);
                        }
                        leads.add(id);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("preparation failed", errors.get(0));
        }
        return leads;
    }

    private final Map<String, Long> lastVersion = new java.util.concurrent.ConcurrentHashMap<>();

    private Load.Result followUps(int port, List<String> leads) throws InterruptedException {
        log("POST …/follow-ups, " + CLIENTS + " clients, each on " + LEADS_PER_CLIENT + " leads of its own");
        Load.Result result = Load.closedLoop(CLIENTS, WARMUP, MEASURE, () -> connection(port), client -> {
            List<String> own = leads.subList(client * LEADS_PER_CLIENT, (client + 1) * LEADS_PER_CLIENT);
            int[] n = {0};
            return http -> {
                String id = own.get(n[0]++ % own.size());
                HttpConnection.Response r = http.post("/api/leads/" + id + "/follow-ups", followUp());
                if (r.status() == 200) {
                    lastVersion.put(id, version(r.body()));
                }
                return r.status();
            };
        }, this::markCpu);
        print(result);
        return result;
    }

    private Duration followUpsVisible(int port, List<String> leads) throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (HttpConnection http = connection(port)) {
            for (Map.Entry<String, Long> e : lastVersion.entrySet()) {
                while (true) {
                    HttpConnection.Response r = http.get("/api/leads/" + e.getKey());
                    if (r.status() == 200 && version(r.body()) >= e.getValue()) {
                        break;
                    }
                    Thread.sleep(1);
                }
            }
        }
        Duration d = Duration.ofNanos(System.nanoTime() - start);
        log("  read side caught up " + d.toMillis() + " ms after the load ended");
        return d;
    }

    /**
     * Command answered → {@code GET /api/leads/{id}} on the read side shows it, polled every millisecond, at a
     * human pace (one registration every 20–60 ms), alone or beside a paced load of {@code backgroundRate}.
     */
    private Row lag(String label, int commandPort, int queryPort, double backgroundRate) throws Exception {
        log("lag, " + label);
        AtomicBoolean stop = new AtomicBoolean();
        Thread background = null;
        Load.Result[] load = new Load.Result[1];
        if (backgroundRate > 0) {
            background = new Thread(() -> {
                try {
                    load[0] = Load.paced(CLIENTS, backgroundRate, Duration.ZERO, Duration.ofHours(1), () -> connection(commandPort),
                            client -> {
                                int[] n = {0};
                                return http -> stop.get() ? 299 : http.post("/api/leads", registration(client, 2_000_000 + n[0]++)).status();
                            });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            background.setDaemon(true);
            background.start();
            Thread.sleep(3000);
        }
        long[] lags = new long[LAG_SAMPLES];
        try (HttpConnection commands = connection(commandPort); HttpConnection queries = connection(queryPort)) {
            for (int i = -20; i < LAG_SAMPLES; i++) {
                String id = leadId(expect(commands.post("/api/leads", registration(99, 3_000_000 + i)), 201).body());
                long answered = System.nanoTime();
                while (queries.get("/api/leads/" + id).status() != 200) {
                    Thread.sleep(1);
                }
                if (i >= 0) {
                    lags[i] = System.nanoTime() - answered;
                }
                Thread.sleep(20 + ThreadLocalRandom.current().nextInt(40));
            }
        } finally {
            stop.set(true);
            if (background != null) {
                background.interrupt();
            }
        }
        Stats stats = Stats.ofNanos(lags);
        log(String.format("  lag median %.1f ms, p99 %.1f ms, max %.1f ms", stats.p50(), stats.p99(), stats.max()));
        return new Row("command → read, " + label, null, null, stats, null,
                backgroundRate > 0 ? String.format("background load paced at %.0f registrations/s", backgroundRate) : "no other load");
    }

    /**
     * A fresh JVM runs interpreted and compiles as it goes: before anything is measured, every path the
     * measurements take is run for a while (registrations, commands, reads), so that the figures are those of
     * a service that has been up for a while.
     */
    private void warmUp(int commandPort, int queryPort) throws Exception {
        log("warming up for " + SERVICE_WARMUP.toSeconds() + " s");
        Load.closedLoop(CLIENTS / 2, SERVICE_WARMUP, Duration.ZERO, () -> connection(commandPort), client -> {
            int[] n = {0};
            String[] lead = {null};
            return http -> {
                int i = n[0]++;
                if (lead[0] == null || i % 10 == 0) {
                    HttpConnection.Response r = http.post("/api/leads", registration(client, 5_000_000 + i));
                    lead[0] = r.status() == 201 ? leadId(r.body()) : null;
                    return r.status();
                }
                return http.post("/api/leads/" + lead[0] + "/next-step", "{\"action\": \"call\", \"dueAt\": \""
                        + Instant.now().plus(Duration.ofDays(2)) + "\"}").status();
            };
        });
        try (HttpConnection commands = connection(commandPort); HttpConnection queries = connection(queryPort)) {
            String id = leadId(expect(commands.post("/api/leads", registration(98, 0)), 201).body());
            awaitVisible(queries, id);
            for (int i = 0; i < 2000; i++) {
                queries.get("/api/leads/" + id);
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static String registration(int client, int n) {
        return "{\"company\": {\"name\": \"Bench " + client + "-" + n + " Sp. z o.o.\", \"taxId\": \"PL5260001246\", "
                + "\"address\": \"Warszawa\"}, \"contact\": {\"name\": \"Jan Kowalski\", \"email\": \"jan@example.pl\", "
                + "\"phone\": \"+48 600 100 200\"}, \"source\": \"WEBSITE\", \"priorContact\": false}";
    }

    private static String followUp() {
        return "{\"channel\": \"PHONE\", \"outcome\": \"NEGOTIATING\", \"notes\": \"discussed the scope\"}";
    }

    private static void awaitVisible(HttpConnection http, String id) throws IOException, InterruptedException {
        Instant until = Instant.now().plusSeconds(120);
        while (http.get("/api/leads/" + id).status() != 200) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("lead " + id + " never became visible");
            }
            Thread.sleep(1);
        }
    }

    private static HttpConnection.Response expect(HttpConnection.Response r, int status) {
        if (r.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + r.status() + ": " + r.body());
        }
        return r;
    }

    private static String leadId(String body) {
        Matcher m = LEAD_ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no leadId in " + body);
        }
        return m.group(1);
    }

    private static long version(String body) {
        Matcher m = VERSION.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static HttpConnection connection(int port) {
        return new HttpConnection("127.0.0.1", port, USER, PASSWORD);
    }

    private Map<String, String> environment(String database) {
        return Service.environment(database, USER, PASSWORD, "SALES");
    }

    private List<String> jvmOptions() {
        return Service.extraJvmOptions();
    }



    private static void print(Load.Result r) {
        log(String.format("  %.0f req/s, p50 %.1f ms, p99 %.1f ms, statuses %s", r.rate(), r.latency().p50(),
                r.latency().p99(), r.statuses()));
    }

    private static void log(String line) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
    }

    /** One line of the report. */
    private record Row(String what, Double rate, Double ratio, Stats latency, Duration catchUp, String note) {

        static Row of(String what, Load.Result r, Postgres.Pgbench raw, Duration catchUp, Cpu.Cost cpu) {
            String statuses = r.statuses().toString();
            return new Row(what, r.rate(), r.rate() / raw.tps(), r.latency(), catchUp,
                    r.clients() + " clients, HTTP Basic; answers " + statuses + "; " + cpu);
        }
    }

    private void write(Postgres.Pgbench raw, Map<String, Row> rows, List<String> profiles) throws IOException {
        List<String> out = new ArrayList<>();
        out.add("# Write path benchmark, " + LocalDate.now(ZoneOffset.UTC));
        out.add("");
        out.add("Reproduce from the project's root: `mvn -q -DskipTests package && java -jar "
                + "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar write-path` (add `--profile` for the JFR summary).");
        out.add("");
        out.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", PostgreSQL at "
                + Postgres.HOST_PORT + " on the same machine; services started with `java -jar` and default JVM options"
                + (jvmOptions().isEmpty() ? "" : " plus `" + String.join(" ", jvmOptions()) + "`")
                + "; the load comes from this separate process, " + CLIENTS + " clients on persistent connections, "
                + "HTTP Basic as a configured SALES user, " + WARMUP.toSeconds() + " s warm-up then "
                + MEASURE.toSeconds() + " s measured.");
        out.add("");
        out.add(String.format("**Anchor: PostgreSQL's own append** (pgbench, one `domain_event_entry`-shaped row per "
                + "transaction, %d clients): **%.0f tx/s**, mean latency %.2f ms.", CLIENTS, raw.tps(), raw.latencyMs()));
        out.add("");
        out.add("| Measured | rate | of raw append | p50 ms | p99 ms | max ms | read side caught up after the load | notes |");
        out.add("|---|---|---|---|---|---|---|---|");
        for (Row r : rows.values()) {
            out.add("| " + r.what() + " | " + (r.rate() == null ? "" : String.format("%.0f req/s", r.rate())) + " | "
                    + (r.ratio() == null ? "" : String.format("%.1f %%", 100 * r.ratio())) + " | "
                    + Stats.f(r.latency().p50()) + " | " + Stats.f(r.latency().p99()) + " | " + Stats.f(r.latency().max())
                    + " | " + (r.catchUp() == null ? "" : r.catchUp().toMillis() + " ms") + " | " + r.note() + " |");
        }
        out.add("");
        if (!profiles.isEmpty()) {
            out.add("### Where the time goes (JFR, standalone)");
            out.add("");
            out.addAll(profiles);
        }
        Path reports = root.resolve("docs/benchmarks");
        Files.createDirectories(reports);
        Path file = reports.resolve("write-path-" + LocalDate.now(ZoneOffset.UTC) + ".md");
        Files.write(file, out);
        Files.write(work.resolve("report.md"), out);
        out.forEach(System.out::println);
        log("report written to " + root.relativize(file));
    }

    /** A JFR recording of a running service, started and stopped with jcmd. */
    private record Jfr(long pid, Path file) {

        static Jfr start(long pid, Path file) throws Exception {
            jcmd(pid, "JFR.start", "name=bench", "settings=profile");
            return new Jfr(pid, file);
        }

        Path stop() throws Exception {
            jcmd(pid, "JFR.stop", "name=bench", "filename=" + file);
            return file;
        }

        private static void jcmd(long pid, String... command) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid)));
            cmd.addAll(List.of(command));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jcmd failed: " + out);
            }
        }
    }
}
