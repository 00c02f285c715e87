package io.salespipeline.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A service of this project started as its own process ({@code java -jar}), as a user would run it. */
final class Service implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;

    private Service(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Extra JVM options for the services a benchmark starts, from {@code BENCH_JAVA_OPTS} (a profiler, a heap dump). */
    static List<String> extraJvmOptions() {
        String extra = System.getenv().getOrDefault("BENCH_JAVA_OPTS", "");
        return extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    }

    static Service start(String name, Path jar, int port, Map<String, String> env, List<String> jvmOptions,
                         List<String> args, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        Service service = new Service(name, port, builder.start());
        service.awaitReady(Duration.ofMinutes(3), log);
        return service;
    }

    private void awaitReady(Duration timeout, Path log) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        try (HttpConnection http = new HttpConnection("127.0.0.1", port, null, null)) {
            while (Instant.now().isBefore(until)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    if (http.get("/actuator/health/readiness").status() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    http.close();
                }
                Thread.sleep(250);
            }
        }
        close();
        throw new IllegalStateException(name + " was not ready in " + timeout + "; see " + log);
    }

    /** The environment a service reads: its PostgreSQL database and one configured user of {@code role}. */
    static Map<String, String> environment(String database, String user, String password, String role) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("DATABASE_URL", Postgres.url(database));
        env.put("DATABASE_USER", Postgres.USER);
        env.put("PIPELINE_SECURITY_USERS_0_NAME", user);
        env.put("PIPELINE_SECURITY_USERS_0_PASSWORD", password);
        env.put("PIPELINE_SECURITY_USERS_0_ROLES_0", role);
        return env;
    }

    /** A jar of this project's build, relative to the project's root (the working directory). */
    static Path jar(String relative) {
        Path jar = Path.of("").toAbsolutePath().resolve(relative);
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with `mvn -q -DskipTests package`, "
                    + "and run this from the project's root");
        }
        return jar;
    }

    /** A port no one listens on now. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: a graceful stop
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
