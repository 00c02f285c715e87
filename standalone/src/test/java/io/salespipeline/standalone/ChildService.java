package io.salespipeline.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone service as a child JVM on the test's class path, so that a test can kill it
 * ({@code kill -9}) or stop it ({@code SIGTERM}) like an operating system would. Its output goes to a
 * log file under {@code target/}; its user home is a fresh directory (no AxonIQ settings file there).
 */
final class ChildService implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final Process process;
    private final Path log;

    private ChildService(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildService start(String name, List<String> arguments) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "child-services"));
            Path log = dir.resolve(name + ".log");
            Path home = Files.createTempDirectory("child-home");
            String java = ProcessHandle.current().info().command()
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Duser.home=" + home, "-cp", classPath, StandaloneApplication.class.getName()));
            command.addAll(arguments);
            // the output straight into the file: a pipe read by a thread of this JVM can lose the last lines when
            // the process ends (the JDK drains and closes it under the reading thread)
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            builder.environment().remove("AXONIQ_UPDATE_CHECKER_DISABLED"); // the default must hold by itself
            return new ChildService(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the web server listens; answers its port. */
    int awaitStarted(Duration max) {
        long until = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < until) {
            Matcher m = STARTED.matcher(log());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the child service ended before it started; see " + log.toAbsolutePath());
            }
            StandaloneTest.sleep(200);
        }
        throw new IllegalStateException("the child service did not start within " + max + "; see " + log.toAbsolutePath());
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or closed. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofMinutes(1));
    }

    /** {@code SIGTERM}: a graceful stop; answers the exit code. */
    int terminate(Duration max) {
        process.destroy();
        return waitFor(max);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The output so far; once the process has ended, all of it. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofMinutes(1));
        }
    }

    private int waitFor(Duration max) {
        try {
            if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A local port standing in for AxonIQ's update server: counts every connection made to it, so a test
     * sees whether the service called out.
     */
    static final class CallTrap implements AutoCloseable {

        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();

        CallTrap() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket ignored = server.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "call-trap");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/updates/framework";
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
