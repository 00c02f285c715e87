package io.salespipeline.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile int port;

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
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().remove("AXONIQ_UPDATE_CHECKER_DISABLED"); // the default must hold by itself
            ChildService child = new ChildService(builder.start(), log);
            child.copyOutput();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the web server listens; answers its port. */
    int awaitStarted(Duration max) {
        try {
            if (!started.await(max.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the child service did not start within " + max + "; see " + log.toAbsolutePath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return port;
    }

    int port() {
        return port;
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

    private void copyOutput() {
        Thread copier = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                    Matcher m = STARTED.matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "child-output");
        copier.setDaemon(true);
        copier.start();
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
