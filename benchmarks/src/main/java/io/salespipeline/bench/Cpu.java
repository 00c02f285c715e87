package io.salespipeline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent by the service's JVM, by the PostgreSQL backends serving its database and by this load
 * generator, read from {@code /proc}: what a request costs, whatever else the machine is doing at the time
 * (a rate measured on a busy machine says little; CPU time per request still says where the time goes).
 */
final class Cpu {

    private static final double TICKS_PER_SECOND = ticks();

    record Snapshot(long jvmTicks, Map<Long, Long> backendTicks, long selfTicks) {
    }

    record Cost(double jvmMs, double postgresMs, double loadGeneratorMs) {

        Cost per(long requests) {
            return new Cost(jvmMs / requests, postgresMs / requests, loadGeneratorMs / requests);
        }

        @Override
        public String toString() {
            return String.format("CPU per request: service JVM %.3f ms, PostgreSQL %.3f ms, load generator %.3f ms",
                    jvmMs, postgresMs, loadGeneratorMs);
        }
    }

    private Cpu() {
    }

    static Snapshot snapshot(List<Long> servicePids, String database) {
        long jvm = servicePids.stream().mapToLong(Cpu::ticks).sum();
        Map<Long, Long> backends = new HashMap<>();
        try {
            for (long pid : Postgres.backendPids(database)) {
                backends.put(pid, ticks(pid));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Snapshot(jvm, backends, ticks(ProcessHandle.current().pid()));
    }

    static Cost between(Snapshot before, Snapshot after) {
        long backends = 0;
        for (Map.Entry<Long, Long> e : after.backendTicks().entrySet()) {
            backends += e.getValue() - before.backendTicks().getOrDefault(e.getKey(), 0L);
        }
        return new Cost(ms(after.jvmTicks() - before.jvmTicks()), ms(backends), ms(after.selfTicks() - before.selfTicks()));
    }

    private static double ms(long ticks) {
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }

    /** utime + stime of a process, in clock ticks; 0 once it is gone. */
    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    private static double ticks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Double.parseDouble(new String(p.getInputStream().readAllBytes()).trim());
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }
}
